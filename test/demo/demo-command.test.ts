import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { runCli } from "../support/run-cli.js";
import { copyDemo } from "./python.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function emptyDir(): string {
  const d = copyDemo();
  rmSync(d, { recursive: true, force: true });
  dirs.push(d);
  return d;
}

const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });
const MODELS = readdirSync(join(process.cwd(), "examples/demo-backend/src/kestrel/models"))
  .filter((f) => f.endsWith(".py") && f !== "__init__.py" && f !== "base.py")
  .map((f) => f.slice(0, -3));

describe("remodel demo", () => {
  test("migrates every model module with one commit each, verified statically and at runtime", async () => {
    const dir = emptyDir();
    const { code, out, err } = await runCli(["demo", dir, "--json", "--python", "/usr/bin/python3"], process.cwd());
    const report = JSON.parse(out);
    assert.equal(code, 0, out + err);
    assert.equal(report.ok, true);
    assert.equal(report.status, "written");
    assert.deepEqual(report.added, []);
    assert.deepEqual(report.steps.map((s: { module: string }) => s.module.split(".").pop()).sort(), [...MODELS].sort());
    assert.ok(report.steps.every((s: { state: string; commit: string | null }) => s.state === "planned" && s.commit));
    // Core models first: the plan orders by importers.
    const importers = report.steps.map((s: { importers: number }) => s.importers);
    assert.deepEqual(
      importers,
      [...importers].sort((a: number, b: number) => b - a),
    );
    // The runtime oracle: the example's tests pass, the metadata and the Alembic head do not change.
    assert.deepEqual(
      report.runtime.map((c: { name: string; ok: boolean }) => [c.name, c.ok]),
      [
        ["unittest", true],
        ["metadata", true],
        ["alembic", true],
      ],
    );
    // On disk: one commit per model with the project's message, a clean tree, the new layout.
    const subjects = git(dir, ["log", "--format=%s"]).trim().split("\n");
    assert.equal(subjects.length, MODELS.length + 1);
    for (const name of MODELS) {
      assert.ok(subjects.includes(`refactor: Migrate ${name} model to subpackage structure`), name);
      assert.ok(
        existsSync(join(dir, `src/kestrel/models/${name}/row.py`)) &&
          existsSync(join(dir, `src/kestrel/models/${name}/__init__.py`)),
        name,
      );
      assert.equal(existsSync(join(dir, `src/kestrel/models/${name}.py`)), false, name);
    }
    assert.ok(existsSync(join(dir, "src/kestrel/models/base.py")));
    assert.equal(git(dir, ["status", "--porcelain"]), "");
    // History follows the files: git sees user.py → user/row.py as a rename.
    assert.match(
      git(dir, ["log", "--format=", "--name-status", "-M", "-1", report.steps[0].commit]),
      /^R\d+\tsrc\/kestrel\/models\/user\.py\tsrc\/kestrel\/models\/user\/row\.py$/m,
    );
  });

  test("text report without Python; a non-empty folder is refused", async () => {
    const dir = emptyDir();
    const run = await runCli(["demo", dir, "--no-python"], process.cwd());
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /^\$ remodel apply remodel-plan\.toml --commit-each$/m);
    for (const name of MODELS)
      assert.match(
        run.out,
        new RegExp(`^  • kestrel\\.models\\.${name} → src/kestrel/models/${name}/row\\.py  \\[[0-9a-f]{7,}\\]$`, "m"),
      );
    assert.match(run.out, /^static check: no new problem/m);
    assert.match(run.out, /^runtime checks: skipped/m);
    assert.match(run.out, new RegExp(`^${MODELS.length} commits, \\d+ files changed`, "m"));

    const busy = emptyDir();
    mkdirSync(busy);
    writeFileSync(join(busy, "keep.txt"), "mine");
    const refused = await runCli(["demo", busy], process.cwd());
    assert.equal(refused.code, 2);
    assert.match(refused.err, /not empty/);
  });
});
