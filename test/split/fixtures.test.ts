/**
 * One generic runner for test/fixtures/split/<case>/{before/, after/, options.json}: plans (or
 * takes the case's plan files), splits through the CLI, compares the whole tree byte for byte
 * with after/, runs `remodel check` on the result (no new problem), imports the package before
 * and after with Debian's python3 and compares the ORM metadata dumps (or compares with a
 * hand-written expected dump), runs the fixture's own unittest suite before and after, and checks
 * that re-planning each new module proposes nothing more to split. Frameworks not installed here
 * (Tortoise) are checked against a hand-written digest of the static schema instead, and every
 * module a `Tortoise.init` lists must still bind every model.
 * REMODEL_UPDATE_FIXTURES=1 rewrites after/ from the result (review the diff before committing).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { schemaFromProject } from "../../src/orm/index.js";
import { runDump } from "../../src/run/runtime-oracle.js";
import { diffSchemas } from "../../src/schema/diff.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { newProblems, runChecks, type SourcedProblem, withSources } from "../../src/verify/check.js";
import { digestSchema } from "./schema-digest.js";
import { capture, sameTree, treeFiles } from "./support.js";
import { discoveredModels } from "./tortoise-discovery.js";

const repo = new URL("../../..", import.meta.url).pathname;
const fixtures = join(repo, "test/fixtures/split");
const PY = "/usr/bin/python3";

interface CaseOptions {
  splits: { file: string; plan?: string }[];
  /** Compare with this hand-written dump instead of importing with python3 (frameworks not installed here). */
  expectedDump?: string;
  /** The framework is not installed here (SQLAlchemy 2.0, Tortoise): the hand-written after/ tree is the only oracle. */
  noRuntime?: boolean;
  /** A hand-written digest (test/split/schema-digest.ts) the static schema must equal before and after. */
  expectedSchema?: string;
  /** How many entries each key of the runtime dump holds before the split, so a dump that lost a framework fails. */
  dumpCounts?: Record<string, number>;
  /** The Django app to set up for the import (default: none). */
  djangoApp?: string;
  /**
   * The file holds schema classes with no ORM (dataclasses, attrs): the static schema must see no
   * table, and the fixture's own tests (typing.get_type_hints on each class) are the oracle.
   */
  noTables?: boolean;
  /** Extra CLI arguments (`--modules N`: the new modules are not re-planned, as a plan file's are not). */
  args?: string[];
  /** Modules whose `from M import *` must give the same names before and after (CPython says). */
  starExports?: string[];
  /**
   * The source roots python3 imports the split module from (default: every root the project has).
   * A monorepo's sub-project runs with its own: another one's package of the same name would win.
   */
  pythonPath?: string[];
  /**
   * Sub-project folders whose own tests/ suite runs before and after, from the folder with its
   * own src/ on sys.path (as its installed package is): a patch string pointed at another
   * sub-project's module patches nothing there, and the test fails.
   */
  suites?: string[];
  /** Text the split's output must hold (a warning, the runtime oracle's summary). */
  output?: string[];
  /** Text the split's output must not hold (a warning about another sub-project's file). */
  absent?: string[];
}

/** The names `from M import *` binds, per module, as CPython imports them. */
function starNames(root: string, roots: string[], modules: string[]): Record<string, string[]> {
  const code =
    "import json, sys\nout = {}\nfor m in sys.argv[1:]:\n    ns = {}\n    exec('from %s import *' % m, ns)\n    out[m] = sorted(k for k in ns if k != '__builtins__')\nprint(json.dumps(out))\n";
  const r = spawnSync(PY, ["-c", code, ...modules], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: roots.map((x) => join(root, x)).join(":") },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}

/**
 * An import cycle the split module was in (a late import is one) is still one cycle when its new
 * modules join it: each RM006 is named by its members, a split module's new modules folded back
 * to it, so only a cycle of other members is new.
 */
function asCycleGroups(problems: SourcedProblem[], split: string[]): SourcedProblem[] {
  const fold = (m: string) => split.find((s) => m === s || m.startsWith(`${s}.`)) ?? m;
  return problems.map((p) => {
    if (p.code !== "RM006") return p;
    const members = [...new Set(((p.data?.modules as string[]) ?? []).map(fold))].sort();
    return { ...p, path: "", line: 1, column: 1, message: `import cycle group: ${members.join(" ")}`, source: "" };
  });
}

function dumpOf(root: string, roots: string[], modules: string[], djangoApp: string | null): Record<string, unknown> {
  return runDump(PY, root, roots, modules, djangoApp);
}

function unittests(root: string, suites: string[] = []): void {
  for (const dir of ["", ...suites]) {
    const at = join(root, dir);
    if (!existsSync(join(at, "tests"))) {
      assert.equal(dir, "", `${dir}/tests is missing`);
      continue;
    }
    const path = dir ? { PYTHONPATH: join(at, "src") } : {};
    const r = spawnSync(PY, ["-m", "unittest", "discover", "-s", "tests", "-t", "."], {
      cwd: at,
      encoding: "utf8",
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...path },
    });
    assert.equal(r.status, 0, `unittest in ${at} failed:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Ran 0 tests/, `${at}/tests ran no test`);
  }
}

for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  if (!statSync(dir).isDirectory() || !existsSync(join(dir, "before"))) continue;
  test(`split fixture: ${name}`, async () => {
    const opts = JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as CaseOptions;
    const tmp = mkdtempSync(join(tmpdir(), `remodel-split-${name}-`));
    try {
      cpSync(join(dir, "before"), tmp, { recursive: true });
      const before = await loadProject(tmp, { noCache: true, exactRoot: true });
      const modules = opts.splits.map((s) => before.files.get(s.file)!.module);
      // With the code line each points at, read now: a problem that moved with its code is not new.
      const problemsBefore = withSources(runChecks(before), (p) => before.readText(p));
      const schemaBefore = schemaFromProject(before);
      // Equal schemas before and after prove nothing if the extractor saw no table at all.
      if (opts.noTables) assert.equal(schemaBefore.tables.length, 0, "a file of plain schema classes has no table");
      else assert.ok(schemaBefore.tables.length > 0, "the static schema sees the fixture's tables");
      const runtime = !opts.noRuntime;
      const dumpBefore =
        opts.expectedDump || !runtime
          ? null
          : dumpOf(tmp, opts.pythonPath ?? before.sourceRoots, modules, opts.djangoApp ?? null);
      if (dumpBefore && opts.dumpCounts) {
        const counts = Object.fromEntries(
          Object.entries(dumpBefore).map(([k, v]) => [k, Object.keys(v as object).length]),
        );
        assert.deepEqual(counts, opts.dumpCounts, "the runtime dump sees every framework of the case");
      }
      const expectedSchema = opts.expectedSchema
        ? JSON.parse(readFileSync(join(dir, opts.expectedSchema), "utf8"))
        : null;
      if (expectedSchema)
        assert.deepEqual(
          digestSchema(schemaBefore),
          expectedSchema,
          "the static schema before matches the hand-written digest",
        );
      const discoveryBefore = discoveredModels(before, schemaBefore);
      const tortoiseModels = schemaBefore.tables
        .filter((t) => t.framework === "tortoise" && t.model)
        .map((t) => t.model!)
        .sort();
      if (tortoiseModels.length)
        assert.deepEqual(
          [...new Set(Object.values(discoveryBefore).flat())].sort(),
          tortoiseModels,
          "Tortoise.init lists every model's module",
        );
      if (runtime) unittests(tmp, opts.suites);
      const starsBefore = opts.starExports
        ? starNames(tmp, opts.pythonPath ?? before.sourceRoots, opts.starExports)
        : null;
      for (const s of opts.splits) {
        const planned = proposeSplit(new Resolver(await loadProject(tmp, { noCache: true, exactRoot: true })), s.file);
        assert.ok(!("error" in planned), JSON.stringify(planned));
        const labels = planned.modules.flatMap((m) => m.statements);
        assert.equal(new Set(labels).size, labels.length, "the planner places every statement once");
        const io = capture(tmp);
        const args = [
          "split",
          s.file,
          "--root",
          tmp,
          "--no-cache",
          ...(s.plan ? ["--plan", join(dir, s.plan)] : []),
          ...(opts.expectedDump || !runtime ? [] : ["--python", PY]),
          ...(opts.args ?? []),
        ];
        const code = await main(args, io);
        const out = io.stdout() + io.stderr();
        assert.equal(code, 0, `remodel ${args.join(" ")}\n${out}`);
        for (const want of opts.output ?? []) assert.ok(out.includes(want), `the output holds ${want}\n${out}`);
        for (const not of opts.absent ?? []) assert.ok(!out.includes(not), `the output does not hold ${not}\n${out}`);
      }
      if (process.env.REMODEL_UPDATE_FIXTURES) {
        rmSync(join(dir, "after"), { recursive: true, force: true });
        cpSync(tmp, join(dir, "after"), { recursive: true, filter: (p) => !/(__pycache__|\.remodel_cache)/.test(p) });
      }
      sameTree(join(dir, "after"), tmp);
      const after = await loadProject(tmp, { noCache: true, exactRoot: true });
      const added = newProblems(
        asCycleGroups(
          withSources(runChecks(after), (p) => after.readText(p)),
          modules,
        ),
        asCycleGroups(problemsBefore, modules),
      );
      assert.deepEqual(added, [], "remodel check reports no new problem on the result");
      if (starsBefore)
        assert.deepEqual(
          starNames(tmp, opts.pythonPath ?? after.sourceRoots, opts.starExports!),
          starsBefore,
          "`import *` gives the same names",
        );
      const schemaAfter = schemaFromProject(after);
      assert.deepEqual(diffSchemas(schemaBefore, schemaAfter).changes, [], "the static schema is unchanged");
      if (expectedSchema)
        assert.deepEqual(
          digestSchema(schemaAfter),
          expectedSchema,
          "the static schema after matches the hand-written digest",
        );
      assert.deepEqual(
        discoveredModels(after, schemaAfter),
        discoveryBefore,
        "Tortoise.init module lists still find every model",
      );
      if (runtime) {
        const dumpAfter = dumpOf(tmp, opts.pythonPath ?? after.sourceRoots, modules, opts.djangoApp ?? null);
        if (dumpBefore) assert.deepEqual(dumpAfter, dumpBefore, "ORM metadata is unchanged");
        else
          assert.deepEqual(
            dumpAfter,
            JSON.parse(readFileSync(join(dir, opts.expectedDump!), "utf8")),
            "ORM metadata matches the expected dump",
          );
        unittests(tmp, opts.suites);
      }
      // Idempotence: each new module is one community, and splitting again has nothing to do.
      const resolver = new Resolver(after);
      for (const s of opts.splits) {
        // A package's __init__.py is split beside itself; a module becomes a package of its name.
        const pkgDir = s.file.endsWith("__init__.py")
          ? s.file.replace(/\/?__init__\.py$/, "")
          : s.file.replace(/\.py$/, "");
        // A hand-written plan may group what the planner would not, and so may a count asked for
        // (`--modules`): only the planner's own grouping must be stable.
        const chosen = s.plan || (opts.args ?? []).includes("--modules");
        for (const f of chosen ? [] : treeFiles(join(tmp, pkgDir))) {
          if (f.endsWith("__init__.py")) continue;
          const again = proposeSplit(resolver, relative(tmp, join(tmp, pkgDir, f)));
          assert.ok(
            !("error" in again) && again.modules.length <= 1,
            `re-planning ${pkgDir}/${f} proposes ${JSON.stringify(again)}`,
          );
        }
        const io = capture(tmp);
        assert.equal(await main(["split", s.file, "--root", tmp, "--no-cache"], io), 0);
        assert.match(io.stdout(), /already split/);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}
