import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProject } from "../../project/load.js";
import { Resolver } from "../../project/resolver.js";
import { applyPackagePlan } from "../../refactor/apply-package-plan.js";
import { planPackage, renderPackagePlan } from "../../refactor/package-plan.js";
import { runChecks } from "../../verify/check.js";
import type { Command } from "../command.js";
import { bold, green, red } from "../reporters/style.js";
import { commitMessage } from "./move.js";

const EXAMPLE = fileURLToPath(new URL("../../../../examples/demo-backend", import.meta.url));
const MODELS = "kestrel.models";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const demo: Command = {
  name: "demo",
  summary: "Copy the bundled example backend and migrate its models to packages, verified and committed",
  usage: "usage: remodel demo [--out DIR] [--python PYTHON]\n  Copies examples/demo-backend to DIR (default: a new temporary folder), plans and applies\n  the models -> packages migration with one commit per model, and verifies the result.",
  options: { out: { type: "string" }, python: { type: "string" } },
  async run({ values, io }) {
    const c = io.isTTY;
    const dir = typeof values.out === "string" ? resolve(io.cwd, values.out) : mkdtempSync(join(tmpdir(), "remodel-demo-"));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(".remodel_cache") && !src.includes("__pycache__") });
    git(dir, "init", "-q");
    git(dir, "config", "user.name", "Remodel demo");
    git(dir, "config", "user.email", "demo@remodel.invalid");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "Example backend before the migration");
    io.out(`${bold("1. example backend", c)} copied to ${dir}\n`);

    const project = await loadProject(dir, { exactRoot: true });
    const before = runChecks(project);
    io.out(`${bold("2. check", c)} ${project.files.size} files, ${before.length} problem(s) before\n`);

    const plan = planPackage(new Resolver(project), MODELS, { submodule: "row" });
    writeFileSync(join(dir, "plan.toml"), renderPackagePlan(plan));
    git(dir, "add", "plan.toml");
    git(dir, "commit", "-q", "-m", "Plan the models -> packages migration");
    io.out(`${bold("3. plan", c)} ${plan.steps.length} modules, most imported first: ${plan.steps.map((s) => s.module.split(".").pop()).join(", ")}\n`);

    const reloaded = await loadProject(dir, { exactRoot: true });
    const t0 = performance.now();
    const { outcomes, result } = applyPackagePlan(reloaded, plan, {
      exports: "used", commitEach: true, before,
      message: (s) => commitMessage(reloaded.config.commitMessage, s.module, s.src, s.dest),
    });
    const ms = performance.now() - t0;
    if (!result || result.status !== "written") {
      io.out(red(`apply failed: ${result?.reason ?? outcomes.find((o) => o.reason)?.reason ?? "verification found problems"}\n`, c));
      for (const p of result?.added ?? []) io.out(`  ${p.path}:${p.line}:${p.column}: ${p.code} ${p.message}\n`);
      return 1;
    }
    io.out(`${bold("4. apply", c)} ${outcomes.filter((o) => o.commit).length} commits in ${(ms / 1000).toFixed(2)} s, verified in memory before writing\n`);
    io.out(git(dir, "log", "--oneline", "-n", String(plan.steps.length + 1)).trimEnd().replace(/^/gm, "   ") + "\n");

    const after = runChecks(await loadProject(dir, { exactRoot: true, noCache: true }));
    io.out(`${bold("5. check", c)} ${after.length} problem(s) after (${before.length} before)\n`);
    const runtime = runExampleTests(dir, values.python as string | undefined);
    io.out(`${bold("6. runtime", c)} ${runtime.message}\n`);
    io.out(`\n${green("Done.", c)} Inspect it: cd ${dir} && git log --stat\n`);
    return after.length > before.length || runtime.ok === false ? 1 : 0;
  },
};
export default demo;

/** The example's own unit tests, when a Python with SQLAlchemy is at hand: the migration must not break them. */
function runExampleTests(dir: string, python?: string): { ok: boolean | null; message: string } {
  const candidates = python ? [python] : ["/usr/bin/python3", "python3"];
  for (const py of candidates) {
    if (py.startsWith("/") && !existsSync(py)) continue;
    const probe = spawnSync(py, ["-c", "import sqlalchemy"], { encoding: "utf8" });
    if (probe.status !== 0) continue;
    const r = spawnSync(py, ["-m", "unittest", "discover", "-s", "tests"], { cwd: dir, encoding: "utf8", env: { ...process.env, PYTHONPATH: join(dir, "src") + ":" + dir } });
    const summary = (r.stderr.trim().split("\n").filter((l) => /^(Ran|OK|FAILED)/.test(l)).join(", ")) || "no output";
    return { ok: r.status === 0, message: `${py} -m unittest: ${summary}` };
  }
  return { ok: null, message: "skipped: no Python with SQLAlchemy found (pass --python)" };
}
