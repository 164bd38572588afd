import { DEMO_EXCLUDE, DEMO_PACKAGE, PLAN_FILE, runDemo, type DemoReport } from "../../demo/run-demo.js";
import { UsageError, type Command } from "../command.js";
import { json } from "../project-arg.js";
import { commitMessage } from "./move.js";

const demo: Command = {
  name: "demo",
  summary: "Migrate the bundled example backend (models/{name}.py -> models/{name}/row.py) in a temp folder",
  usage: [
    "usage: remodel demo [DIR] [--python PYTHON | --no-python] [--json]",
    "  Copies the example backend (Kestrel, 13 SQLAlchemy model modules) to DIR (default: a new",
    "  temporary folder) as a git repository, runs `remodel plan package` and `remodel apply",
    "  --commit-each` on it, and checks the result: static check, and with a Python that has",
    "  SQLAlchemy (found automatically, or --python), the example's tests, its metadata and Alembic heads.",
  ].join("\n"),
  options: { json: { type: "boolean" }, python: { type: "string" }, "no-python": { type: "boolean" } },
  async run({ positionals, values, io }) {
    if (positionals.length > 1) throw new UsageError("demo takes at most one DIR");
    if (values.python && values["no-python"]) throw new UsageError("--python and --no-python exclude each other");
    const report = await runDemo({
      dir: positionals[0],
      python: values["no-python"] ? null : (values.python as string | undefined),
      message: (template, step) => commitMessage(template, step.module, step.src, step.dest),
    });
    io.out(values.json ? json(toJson(report)) : renderDemo(report));
    return succeeded(report) ? 0 : 1;
  },
};
export default demo;

function succeeded(r: DemoReport): boolean {
  return (
    r.status === "written" &&
    r.added.length === 0 &&
    r.runtime.every((c) => c.ok) &&
    r.outcomes.every((o) => o.state !== "failed")
  );
}

function toJson(r: DemoReport) {
  return {
    ok: succeeded(r),
    dir: r.dir,
    status: r.status,
    seconds: Number(r.seconds.toFixed(2)),
    steps: r.outcomes.map((o) => ({
      module: o.step.module,
      dest: o.step.dest,
      importers: o.step.importers,
      state: o.state,
      reason: o.reason ?? null,
      commit: o.commit ?? null,
    })),
    problemsBefore: r.problemsBefore,
    added: r.added,
    python: r.python,
    runtime: r.runtime.map((c) => ({ name: c.name, ok: c.ok, before: c.before.summary, after: c.after.summary })),
    commits: r.commits,
    shortstat: r.shortstat,
  };
}

/** The text report: what ran, each step with its commit, and every check before → after. */
export function renderDemo(r: DemoReport): string {
  const out = [
    `remodel demo: Kestrel, an example SQLAlchemy backend with ${r.plan.steps.length} model modules`,
    `copied to ${r.dir} (a git repository)`,
    "",
    `$ remodel plan package ${DEMO_PACKAGE} --exclude ${DEMO_EXCLUDE.join(",")} --out ${PLAN_FILE}`,
    `$ remodel apply ${PLAN_FILE} --commit-each`,
  ];
  for (const o of r.outcomes) {
    const mark = o.state === "planned" ? "•" : o.state === "skipped" ? "-" : "✖";
    out.push(
      `  ${mark} ${o.step.module} → ${o.step.dest}${o.commit ? `  [${o.commit}]` : ""}${o.reason ? `  (${o.reason})` : ""}`,
    );
  }
  out.push("");
  const known = r.problemsBefore.length
    ? ` (${r.problemsBefore.length} already there before: ${r.problemsBefore.map((p) => p.code).join(", ")})`
    : "";
  out.push(
    r.added.length === 0 ? `static check: no new problem${known}` : `static check: ${r.added.length} new problem(s):`,
  );
  for (const p of r.added) out.push(`  ${p.path}:${p.line}:${p.column}: ${p.code} ${p.message}`);
  if (r.python) {
    out.push(`runtime checks with ${r.python}, before → after:`);
    for (const c of r.runtime) {
      const after = c.name !== "unittest" && c.after.value === c.before.value ? "unchanged" : c.after.summary;
      out.push(`  ${c.ok ? "✔" : "✖"} ${c.name.padEnd(9)} ${c.before.summary} → ${after}`);
    }
  } else out.push("runtime checks: skipped (no Python with SQLAlchemy found; give one with --python)");
  out.push(`${r.commits.length} commits${r.shortstat ? `, ${r.shortstat}` : ""}, in ${r.seconds.toFixed(1)} s`);
  out.push("", "Look at it:", `  cd ${r.dir}`, "  git log --stat", "");
  return out.join("\n");
}
