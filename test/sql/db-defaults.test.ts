import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-db-defaults", "app");

interface Converted {
  module: string;
  test: string;
  converted: { function: string; proven: boolean }[];
  left: { function: string; reason: string }[];
}

// status and priority have a default in the model (default=) and another in the database (server_default=); opened only the model's.
const servers = [
  {
    store: "pg_store",
    extra: [] as string[],
    testUrl: "postgresql://postgres@127.0.0.1:5432/test",
    where: "PGlite, and the written test on the PostgreSQL server",
  },
  {
    store: "mysql_store",
    extra: ["--url", "mysql://root@127.0.0.1:3306/test"],
    testUrl: "mysql+pymysql://root@127.0.0.1:3306/test",
    where: "MariaDB",
  },
];

for (const { store, extra, testUrl, where } of servers) {
  for (const style of ["core", "orm"] as const) {
    test(`convert --style ${style} ${store}.py: a column the INSERT leaves out, with a model default and a database default, is written as DEFAULT (the database's), proven on ${where}`, {
      timeout: 600_000,
    }, async () => {
      const dir = copyToTemp(app);
      const r = await runCli(
        ["sql", "convert", `${store}.py`, "--out", "sa_desk", "--python", PY, "--style", style, ...extra, "--json"],
        dir,
      );
      assert.equal(r.code, 0, r.out + r.err);
      const res = JSON.parse(r.out) as Converted;
      assert.deepEqual(res.converted.map((c) => c.function).sort(), ["open_ticket", "urgent_ticket"]);
      const mod = join(dir, res.module);
      const src = readFileSync(mod, "utf8");
      const both = 'status=sa.literal_column("DEFAULT"), priority=sa.literal_column("DEFAULT"), opened=sa.null()';
      const urgent = 'priority=priority, status=sa.literal_column("DEFAULT"), opened=sa.null()';
      // ORM style adds an instance (_new(Ticket, {"col": value})) where the result is a rowcount or lastrowid; a RETURNING stays a statement.
      const asDict = (kw: string) => kw.replace(/(\w+)=/g, '"$1": ');
      const spelled = (kw: string) => (src.includes(kw) ? kw : asDict(kw));
      assert.ok(src.includes(spelled(both)), both);
      assert.ok(src.includes(spelled(urgent)), urgent);
      const without = (text: string, kw: string, left: string) =>
        text.replace(kw, left).replace(asDict(kw), asDict(left));
      const env = { ...process.env, REMODEL_SQL_TEST_URL: testUrl };
      const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
      const passing = run();
      assert.equal(passing.status, 0, passing.stdout + passing.stderr);
      // Without DEFAULT, SQLAlchemy writes the model's "new" and 3 where the old INSERT got the database's "open" and 1.
      writeFileSync(
        mod,
        without(without(src, both, "opened=sa.null()"), urgent, "priority=priority, opened=sa.null()"),
      );
      const broken = run();
      assert.equal(broken.status, 1);
      assert.match(
        broken.stdout,
        /^open_ticket: with arguments .*table tickets differs after the call \(first differing row \[\{.*'status': 'open', 'priority': 1, /m,
      );
      assert.match(
        broken.stdout,
        /^urgent_ticket: with arguments .*table tickets differs after the call \(first differing row \[\{.*'status': 'open', /m,
      );
    });
  }
}

test("convert sqlite_store.py: the same INSERT on SQLite is left, with the reason (its VALUES has no DEFAULT keyword)", {
  timeout: 600_000,
}, async () => {
  const dir = copyToTemp(app);
  const r = await runCli(["sql", "convert", "sqlite_store.py", "--out", "sa_desk", "--python", PY, "--json"], dir);
  assert.equal(r.code, 1, r.out + r.err);
  const res = JSON.parse(r.out) as Converted;
  assert.deepEqual(
    res.converted.map((c) => c.function),
    ["ticket_subjects"],
  );
  assert.deepEqual(
    res.left.map((l) => l.function),
    ["open_ticket"],
  );
  assert.equal(
    res.left[0].reason,
    "column 'status' has a default in the model and another in the database: the old INSERT got the database's, SQLAlchemy would write the model's, and sqlite's VALUES has no DEFAULT keyword to ask for the database's",
  );
  assert.doesNotMatch(readFileSync(join(dir, res.module), "utf8"), /DEFAULT/);
});
