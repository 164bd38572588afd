/**
 * A SELECT-only MariaDB user under ANSI_QUOTES: its keys and checks come from SHOW CREATE TABLE,
 * which then writes names in double quotes ("p_id", a quote inside one doubled), and they are read
 * as root reads them from information_schema. Every step has a time limit and every connection
 * is closed before the user and the database are dropped, so that a lock can never hold it up.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DbConnection } from "../../src/db/connection.js";
import { diffSchemas } from "../../src/db/diff.js";
import { connect } from "../../src/db/registry.js";
import { adminExec, scratch } from "./helpers.js";

const ADMIN = "mysql://root@127.0.0.1:3306/test";

/** `p`, or a failure naming `what` after `ms`: a step that hangs fails the test instead. */
async function within<T>(what: string, p: Promise<T>, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const DDL = `CREATE TABLE parent (id int PRIMARY KEY, code varchar(10) NOT NULL, UNIQUE KEY uq_code (code));
CREATE TABLE child (
  id int PRIMARY KEY,
  parent_id int NOT NULL,
  parent_code varchar(10),
  doc json,
  CONSTRAINT \`fk"id\` FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
  CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code) ON UPDATE SET NULL,
  CONSTRAINT \`ck"positive\` CHECK (parent_id > 0)
)`;

test("a SELECT-only MariaDB user under ANSI_QUOTES: keys and checks read from SHOW CREATE TABLE's double-quoted names", {
  timeout: 120_000,
}, async () => {
  const db = await within("create the database", scratch("mysql", DDL));
  const name = db.url.replace(/^.*\//, "");
  const user = `ro_ansi_${process.pid}`;
  let reader: DbConnection | null = null;
  try {
    await within("create the user", adminExec(ADMIN, `CREATE USER '${user}'@'%' IDENTIFIED BY 'ansi-pw'`));
    await within("grant", adminExec(ADMIN, `GRANT SELECT ON ${name}.* TO '${user}'@'%'`));
    const root = await within("introspect as root", db.introspect());
    assert.equal(root.warnings, undefined);
    reader = await within(
      "connect as the reader",
      connect(`mysql://${user}:ansi-pw@127.0.0.1:3306/${name}`, { writable: true, timeoutMs: 10_000 }),
    );
    // The session's own settings need no privilege; max_statement_time stops a statement the server holds.
    await within("set the mode", reader.execute!("SET SESSION max_statement_time = 15, lock_wait_timeout = 15"));
    await within("set the mode", reader.execute!("SET SESSION sql_mode = concat(@@sql_mode, ',ANSI_QUOTES')"));
    const read = await within("introspect as the reader", reader.introspect());
    assert.ok(read.sqlMode?.split(",").includes("ANSI_QUOTES"), read.sqlMode);
    assert.match(read.warnings?.join("\n") ?? "", /SHOW CREATE TABLE/);
    const child = (s: typeof root.schema) => s.tables.find((t) => t.name === "child")!;
    assert.deepEqual(
      child(read.schema)
        .foreignKeys.map((k) => [k.name, k.columns, k.refTable, k.refColumns, k.onDelete, k.onUpdate])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ["fk_code", ["parent_code"], "parent", ["code"], null, "SET NULL"],
        ['fk"id', ["parent_id"], "parent", ["id"], "CASCADE", null],
      ],
    );
    assert.deepEqual(child(read.schema).foreignKeys, child(root.schema).foreignKeys);
    assert.deepEqual(
      child(read.schema).checkConstraints.map((c) => c.name),
      ['ck"positive'],
    );
    assert.match(child(read.schema).checkConstraints[0].expression, /^"parent_id" > 0$/);
    // MariaDB's JSON column, a LONGTEXT with CHECK (json_valid("doc")): still the type, not a check.
    assert.equal(child(read.schema).columns.find((c) => c.name === "doc")!.type.normalized, "json");
    // root's schema (names in backticks) as the model: nothing differs from what the reader read.
    assert.deepEqual(
      diffSchemas(root.schema, read).drift.map((d) => d.message),
      [],
    );
  } finally {
    await within("close the reader", reader?.close() ?? Promise.resolve()).catch(() => {});
    await within("drop the user", adminExec(ADMIN, `DROP USER IF EXISTS '${user}'@'%'`)).catch(() => {});
    await within("drop the database", db.drop());
  }
});
