/**
 * CPython decides whether a first-party folder without `__init__.py` is the package an import
 * names: a regular package installed anywhere on sys.path wins over it. For every import line of
 * the fixture project, the Debian python3 (which has Alembic and SQLAlchemy installed) runs it
 * with the project first on sys.path; `remodel check` must report RM001/RM002 on exactly the
 * lines that fail there.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { reportedLines, runProbes } from "../support/line-probes.js";
import { fixtures } from "../support/tree.js";

const project = join(fixtures("check"), "namespace-folder-shadows-installed", "project");

function pyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? pyFiles(p) : n.endsWith(".py") ? [p] : [];
  });
}

test("CPython and check agree on imports of namespace folders that shadow installed distributions", async () => {
  const probes: { where: string; line: string }[] = [];
  for (const f of pyFiles(project)) {
    readFileSync(f, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/^(from|import) /.test(line)) probes.push({ where: `${relative(project, f)}:${i + 1}`, line });
      });
  }
  const { cpython, failing } = runProbes(
    project,
    probes.map((p) => ({ where: p.where, code: p.line })),
    "ImportError",
  );
  const reported = await reportedLines(project, "RM001,RM002");
  assert.deepEqual(reported, failing);
  // The fixture must exercise both sides: an installed distribution that wins, a folder that does not.
  assert.ok(cpython["alembic/env.py:2"], "from alembic import context resolves to the installed Alembic");
  assert.ok(failing.length >= 2);
});
