import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures, readTree } from "../support/tree.js";

const PY = "/usr/bin/python3";
const sqlite = join(fixtures("sql"), "flask-sqlite", "app");

interface Converted {
  module: string;
  test: string;
  converted: { function: string }[];
  left: { function: string; reason: string }[];
}

const convert = async (dir: string, out = "sa_store") => {
  const r = await runCli(["sql", "convert", "store.py", "--out", out, "--python", PY, "--style", "orm", "--json"], dir);
  assert.equal(r.code, 1, r.err);
  return JSON.parse(r.out) as Converted;
};

test("convert twice into one --out: the second run does not read the first one's module as the project's models or SQL, and writes the same module", {
  timeout: 600_000,
}, async () => {
  const dir = copyToTemp(sqlite);
  const first = await convert(dir);
  const firstModule = readFileSync(join(dir, first.module), "utf8");
  assert.match(firstModule, /^class Authors\(Base\):/m);
  const second = await convert(dir);
  assert.deepEqual(second, first);
  const secondModule = readFileSync(join(dir, second.module), "utf8");
  assert.doesNotMatch(
    secondModule,
    /from sa_store/,
    "the module does not import the classes from its own earlier copy",
  );
  assert.equal(secondModule, firstModule);
});

test("convert: the proof imports the module it has just generated, not a copy already in --out beside the old code", {
  timeout: 600_000,
}, async () => {
  const dir = copyToTemp(sqlite);
  // A stale copy an earlier run (or a hand edit) left: were it imported, the proof would fail or prove the wrong code.
  mkdirSync(join(dir, "sa_store"));
  writeFileSync(join(dir, "sa_store", "__init__.py"), "");
  writeFileSync(join(dir, "sa_store", "store.py"), 'raise ImportError("the stale copy was imported")\n');
  const res = await convert(dir);
  assert.equal(res.converted.length, 38);
  assert.ok(
    res.left.every((l) => !/stale copy/.test(l.reason)),
    JSON.stringify(res.left),
  );
  assert.doesNotMatch(readFileSync(join(dir, res.module), "utf8"), /stale copy/);
});

for (const [out, why] of [
  [".", /^remodel sql: --out \.: it is the folder of store\.py \(the new module would overwrite the old one\)/],
  [
    "..",
    /^remodel sql: --out \.\.: it holds app\/store\.py \(the new module would be written among the code it converts\)/,
  ],
  ["store", /^remodel sql: --out store: a package 'store' would shadow the old module store\.py/],
  ["routes", /^remodel sql: --out routes: a package 'routes' would shadow routes\.py beside it/],
  ["sa-store", /^remodel sql: --out sa-store: 'sa-store' is not a Python package name/],
] as const) {
  test(`convert --out ${out}: refused before anything is written, one line, exit 2`, async () => {
    const root = copyToTemp(join(sqlite, ".."));
    const dir = join(root, "app");
    const before = readTree(root);
    const r = await runCli(["sql", "convert", "store.py", "--out", out, "--python", PY], dir);
    assert.equal(r.code, 2, r.out);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err, why);
    assert.equal(r.out, "");
    assert.deepEqual(readTree(root), before, "nothing is written");
  });
}
