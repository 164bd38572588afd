import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-mysql-replace", "app");
const MYSQL_URL = "mysql://root@127.0.0.1:3306/test";

const count = (text: string, part: string) => text.split(part).length - 1;

for (const style of ["core", "orm"] as const) {
  test(`convert --style ${style} --url mysql://: REPLACE INTO is an Insert of the module's compiled to REPLACE, defined once, proven on MariaDB with the rowcount REPLACE reports`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(app);
    const r = await runCli(
      [
        "sql",
        "convert",
        "store.py",
        "--out",
        "sa_store",
        "--python",
        PY,
        "--style",
        style,
        "--url",
        MYSQL_URL,
        "--json",
      ],
      dir,
    );
    assert.equal(r.code, 1, r.out + r.err);
    const res = JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string; proven: boolean }[];
      left: { function: string }[];
    };
    assert.deepEqual(res.converted.map((c) => c.function).sort(), ["put_slot", "relabel", "slot"]);
    assert.deepEqual(
      res.left.map((l) => l.function),
      ["init_schema"],
    );
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    // Two statements use the class: it, its compiler and their imports are written once.
    for (const once of [
      "class _ReplaceInto(Insert):",
      "@compiles(_ReplaceInto)\n",
      "from sqlalchemy.ext.compiler import compiles\n",
      "from sqlalchemy.sql.expression import Insert\n",
    ]) {
      assert.equal(count(src, once), 1, once);
    }
    const slots = style === "core" ? "slots_table" : "Slots";
    assert.ok(src.includes(`stmt = _ReplaceInto(${slots}).values(id=slot_id, code=code, label=label)`));
    assert.ok(src.includes(`stmt = _ReplaceInto(${slots}).values(id=slot_id, label=label)`));
    const env = { ...process.env, REMODEL_SQL_TEST_URL: "mysql+pymysql://root@127.0.0.1:3306/test" };
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    // The cases repeat keys of seeded rows: REPLACE reported 2 (one row replaced) and 3 (a row by id and another by code), an ignored INSERT 0.
    const swap = 'return "REPLACE " + sql[len("INSERT "):]';
    assert.ok(src.includes(swap));
    writeFileSync(mod, src.replace(swap, 'return "INSERT IGNORE " + sql[len("INSERT "):]'));
    const ignored = run();
    assert.equal(ignored.status, 1);
    assert.match(ignored.stdout, /^put_slot: with arguments .*: returned 3, new returned 0$/m);
    assert.match(ignored.stdout, /^relabel: with arguments .*: returned 2, new returned 0$/m);
    // A plain INSERT fails on the repeated key that REPLACE replaces.
    writeFileSync(mod, src.replaceAll(`_ReplaceInto(${slots}).values(`, `sa.insert(${slots}).values(`));
    const plain = run();
    assert.equal(plain.status, 1);
    assert.match(plain.stdout, /^put_slot: with arguments .*: old ok 3, new error 'IntegrityError'$/m);
  });
}
