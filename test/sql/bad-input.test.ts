import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const sqlite = join(fixtures("sql"), "flask-sqlite", "app");
const mysql = join(fixtures("sql"), "flask-mysql", "app");

interface Converted {
  module: string | null;
  test: string | null;
  converted: { function: string }[];
  left: { function: string; line: number; reason: string }[];
}

test("inventory: SQL the parser rejects, an unknown table or column and SQL built at run time are each listed with their reason, and the run goes on", async () => {
  const r = await runCli(["sql", "inventory", sqlite, "--json"], sqlite);
  assert.equal(r.err, "");
  const { sites } = JSON.parse(r.out) as {
    sites: { function: string; verdict: string; reason: string; sql: string | null }[];
  };
  const by = (fn: string) => sites.find((s) => s.function === `Store.${fn}`)!;
  assert.deepEqual(
    [by("broken").verdict, by("publishers").verdict, by("misspelled").verdict],
    ["unknown", "unknown", "unknown"],
  );
  assert.match(by("broken").reason, /^the sqlite parser rejects it: /);
  assert.equal(by("publishers").reason, "table 'publishers' is in neither the models nor a CREATE TABLE of the code");
  assert.equal(by("misspelled").reason, "column 'nmae' is not a column of authors");
  for (const fn of ["search", "search_concatenated", "search_formatted", "search_old_style"]) {
    assert.equal(by(fn).verdict, "dynamic", fn);
    assert.equal(by(fn).sql, null, `${fn}: no SQL text is guessed`);
    assert.match(by(fn).reason, /^built at run time: /, fn);
  }
});

test("convert: each bad site is left with the inventory's reason and nothing is guessed for it", {
  timeout: 600_000,
}, async () => {
  const dir = copyToTemp(sqlite);
  const inv = JSON.parse((await runCli(["sql", "inventory", ".", "--json"], dir)).out) as {
    sites: { function: string; reason: string; verdict: string }[];
  };
  const r = await runCli(["sql", "convert", "store.py", "--out", "sa_store", "--python", PY, "--json"], dir);
  const res = JSON.parse(r.out) as Converted;
  const src = readFileSync(join(dir, res.module!), "utf8");
  for (const fn of ["broken", "publishers", "misspelled", "search", "search_formatted"]) {
    const site = inv.sites.find((s) => s.function === `Store.${fn}`)!;
    const left = res.left.find((l) => l.function === `Store.${fn}`);
    assert.ok(left, fn);
    assert.ok(left.reason.endsWith(`${site.verdict}: ${site.reason}`), `${fn}: ${left.reason}`);
    assert.doesNotMatch(src, new RegExp(`def ${fn}\\(`), `${fn} is not written`);
  }
});

test("convert: a function whose only SQL is bad writes nothing and says why", async () => {
  const dir = copyToTemp(sqlite);
  for (const fn of ["broken", "misspelled", "search"]) {
    const r = await runCli(["sql", "convert", `store.py::${fn}`, "--out", "x", "--python", PY, "--json"], dir);
    assert.equal(r.code, 1, r.err);
    const res = JSON.parse(r.out) as Converted;
    assert.deepEqual([res.module, res.test, res.converted.length, res.left.length], [null, null, 0, 1], fn);
    assert.ok(!existsSync(join(dir, "x")), `${fn}: nothing written`);
  }
});

test("convert: a --python that cannot run, an unreachable MySQL --url and a URL of another database are one line, exit 2, nothing written", async () => {
  const dir = copyToTemp(sqlite);
  const cases: [string[], RegExp][] = [
    [["--python", "/nonexistent/python3"], /^remodel sql: --python \/nonexistent\/python3: cannot run it/],
    [["--python", PY, "--url", "mysql://root@127.0.0.1:1/test"], /^remodel sql: --url: cannot connect/],
  ];
  for (const [extra, msg] of cases) {
    const r = await runCli(["sql", "convert", "store.py", "--out", "x", ...extra], dir);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err, msg);
  }
  const mdir = copyToTemp(mysql);
  const other = await runCli(
    ["sql", "convert", "store.py", "--out", "x", "--python", PY, "--url", "postgresql://postgres@127.0.0.1:5432/test"],
    mdir,
  );
  assert.equal(other.code, 2, other.err);
  assert.equal(other.err.trim().split("\n").length, 1, other.err);
  assert.match(other.err, /--url: the code is mysql \(by its driver\), the URL is not a mysql server/);
  assert.ok(!existsSync(join(dir, "x")) && !existsSync(join(mdir, "x")));
});
