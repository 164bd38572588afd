/**
 * Every folder in test/fixtures/move is a case: `before/` is copied to a temporary folder, the
 * `args` of `case.json` are run with the CLI there, and the whole tree must equal `after/`. For
 * free, each case also checks that running the command again changes nothing, that
 * `remodel check` finds the same problems as before, and that CPython imports every module of
 * the result (the runtime oracle).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures, pythonModules, readTree, repoRoot } from "../support/tree.js";

interface Case {
  args: string[];
  exit?: number;
  /** Source root to import from for the runtime check ("" for the project root). */
  srcRoot?: string;
  /** Modules not to import at runtime (e.g. ones that need third-party packages). */
  skipImport?: string[];
  /** Substrings the output must contain. */
  output?: string[];
  /** Compare the SQLAlchemy metadata dumped at runtime before and after (needs /usr/bin/python3 with SQLAlchemy). */
  runtime?: { modules: string[] };
}

const DUMP = join(repoRoot, "src/orm/runtime/sqlalchemy_dump.py");

/** The runtime schema with what a move may change (Python modules, source locations) left out. */
function runtimeSchema(root: string, modules: string[]): unknown {
  const r = spawnSync("/usr/bin/python3", [DUMP, root, ...modules], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout, (key, value) => (key === "module" || key === "source" ? undefined : value));
}

/**
 * `remodel check --json` as a set of `CODE message` lines (paths left out: a move changes them;
 * the message names the modules involved).
 */
async function problems(root: string): Promise<string[]> {
  const r = await runCli(["check", ".", "--json", "--no-cache"], root);
  assert.ok(r.code === 0 || r.code === 1, r.out + r.err);
  return [
    ...new Set(
      (JSON.parse(r.out) as { problems: { code: string; message: string }[] }).problems.map(
        (p) => `${p.code} ${p.message}`,
      ),
    ),
  ].sort();
}

const dir = fixtures("move");
for (const name of readdirSync(dir).sort()) {
  const spec = JSON.parse(readFileSync(join(dir, name, "case.json"), "utf8")) as Case;
  test(`move fixture: ${name}`, async () => {
    const work = copyToTemp(join(dir, name, "before"));
    const before = await problems(work);
    const r = await runCli(spec.args, work);
    assert.equal(r.code, spec.exit ?? 0, r.out + r.err);
    for (const s of spec.output ?? []) assert.ok((r.out + r.err).includes(s), `output lacks ${s}:\n${r.out}${r.err}`);
    const expected = readTree(join(dir, name, existsSync(join(dir, name, "after")) ? "after" : "before"));
    assert.deepEqual(Object.fromEntries(readTree(work)), Object.fromEntries(expected));
    if ((spec.exit ?? 0) !== 0 || spec.args.includes("--dry-run")) return;
    const again = await runCli(spec.args, work);
    assert.equal(again.code, 0, again.out + again.err);
    assert.deepEqual(Object.fromEntries(readTree(work)), Object.fromEntries(expected), "re-running changed the tree");
    // The same problems as before, not merely the same exit code (one problem fixed and another added would pass that).
    assert.deepEqual(await problems(work), before, "remodel check finds other problems after the move");
    const root = spec.srcRoot ?? "src";
    const modules = pythonModules(expected, root).filter((m) => !(spec.skipImport ?? []).includes(m));
    // Debian's python3 has the ORM packages (.ci/run installs them); any python3 does for plain code.
    const py = spawnSync(
      existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3",
      ["-c", ["import importlib", ...modules.map((m) => `importlib.import_module(${JSON.stringify(m)})`)].join("\n")],
      { cwd: root === "" ? work : join(work, root), encoding: "utf8" },
    );
    assert.equal(py.status, 0, `CPython could not import the result:\n${py.stderr}`);
    if (spec.runtime) {
      const before = runtimeSchema(join(dir, name, "before", root), spec.runtime.modules);
      assert.deepEqual(
        runtimeSchema(join(work, root), spec.runtime.modules),
        before,
        "the SQLAlchemy metadata changed",
      );
    }
  });
}
