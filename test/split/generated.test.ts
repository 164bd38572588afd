/**
 * The generated monolith (bench/generate/monolith.ts) at 40 models: relationships both ways,
 * mixins, enums, association tables, listeners, attached attributes, `__table_args__`, importers
 * in every style and a unittest suite that patches names of the module. Planned and split with no
 * hand-written plan; the metadata dump, `remodel check`, the generated tests and re-planning must
 * all agree that nothing changed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generateMonolith } from "../../bench/generate/monolith.js";
import { main } from "../../src/cli/main.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { runDump } from "../../src/run/runtime-oracle.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { newProblems, runChecks } from "../../src/verify/check.js";
import { capture, treeFiles } from "./support.js";

const PY = "/usr/bin/python3";

function unittests(root: string): string {
  const r = spawnSync(PY, ["-m", "unittest", "discover", "-s", "tests", "-t", "."], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: join(root, "src"), PYTHONDONTWRITEBYTECODE: "1" },
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return (
    r.stderr
      .trim()
      .split("\n")
      .find((l) => l.startsWith("Ran ")) ?? ""
  ).replace(/ in [\d.]+s$/, "");
}

test("a generated 40-model monolith splits with its metadata, checks and tests unchanged", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-split-gen-"));
  try {
    generateMonolith(dir, { classes: 40, lines: 2000, importers: 24, seed: 11 });
    const before = await loadProject(dir, { noCache: true, exactRoot: true });
    const problems = runChecks(before);
    const dump = runDump(PY, dir, before.sourceRoots, ["mono.models"], null);
    const ran = unittests(dir);
    const io = capture(dir);
    const code = await main(["split", "src/mono/models.py", "--root", dir, "--no-cache", "--python", PY], io);
    assert.equal(code, 0, io.stdout() + io.stderr());
    assert.match(io.stdout(), /ORM metadata identical \(40 sqlalchemy\.mappers/);
    const after = await loadProject(dir, { noCache: true, exactRoot: true });
    assert.deepEqual(newProblems(runChecks(after), problems), []);
    assert.deepEqual(runDump(PY, dir, after.sourceRoots, ["mono.models"], null), dump);
    assert.equal(unittests(dir), ran);
    const modules = treeFiles(join(dir, "src/mono/models")).filter((f) => f !== "__init__.py");
    assert.ok(modules.length >= 4, `split into ${modules.join(", ")}`);
    const resolver = new Resolver(after);
    for (const f of modules) {
      const again = proposeSplit(resolver, `src/mono/models/${f}`);
      assert.ok(!("error" in again) && again.modules.length === 1, `re-planning ${f}: ${JSON.stringify(again)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
