/**
 * CPython decides what `pkg.__init__` is: the package's `__init__.py` loaded a second time as a
 * submodule named `__init__`, binding what the package binds. Every import line and every line
 * reading `shop.__init__` of the fixture runs under the Debian python3 (after the file's plain
 * `import` lines); `remodel check` must report RM001-RM003 on exactly the lines that fail there.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { reportedLines, runProbes } from "../support/line-probes.js";
import { fixtures } from "../support/tree.js";

const project = join(fixtures("check"), "init-as-submodule", "project");

test("CPython and check agree on imports and attribute reads of pkg.__init__", async () => {
  const probes: { where: string; prelude: string; line: string }[] = [];
  for (const name of readdirSync(join(project, "shop"))) {
    const lines = readFileSync(join(project, "shop", name), "utf8").split("\n");
    const prelude = lines.filter((l) => l.startsWith("import ")).join("\n");
    lines.forEach((line, i) => {
      if (/^(from|import) |shop\.__init__/.test(line)) probes.push({ where: `shop/${name}:${i + 1}`, prelude, line });
    });
  }
  const { cpython, failing } = runProbes(
    project,
    probes.map((p) => ({ where: p.where, code: `${p.prelude}\n${p.line}` })),
    "(ImportError, AttributeError)",
  );
  const reported = await reportedLines(project, "RM001,RM002,RM003");
  assert.deepEqual(reported, failing);
  // Both sides exercised: reads that CPython accepts, and one import and one read it rejects.
  assert.ok(cpython["shop/cli.py:4"], "shop.__init__.__version__ is bound");
  assert.deepEqual(failing, ["shop/about.py:2", "shop/cli.py:5"]);
});
