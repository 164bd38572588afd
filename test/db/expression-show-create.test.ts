/** SHOW CREATE TABLE as MariaDB prints it, under the default sql_mode and under ANSI_QUOTES. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromShowCreate } from "../../src/db/mysql.js";

const DDL = (q: string) => {
  const n = (s: string) => q + s.replaceAll(q, q + q) + q;
  return [
    `CREATE TABLE ${n("child")} (`,
    `  ${n("id")} int(11) NOT NULL,`,
    `  ${n("parent_id")} int(11) NOT NULL,`,
    `  ${n("doc")} longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(${n("doc")})),`,
    `  PRIMARY KEY (${n("id")}),`,
    `  CONSTRAINT ${n('fk"`id')} FOREIGN KEY (${n("parent_id")}, ${n("id")}) REFERENCES ${n("parent")} (${n("id")}, ${n("k")}) ON DELETE CASCADE,`,
    `  CONSTRAINT ${n("ck")} CHECK (${n("parent_id")} > 0)`,
    ") ENGINE=InnoDB",
  ].join("\n");
};

const read = (q: string, sqlMode: string) =>
  fromShowCreate(async () => [{ Table: "child", "Create Table": DDL(q) }], ["child"], sqlMode);

test("fromShowCreate: names in backticks, or in double quotes under ANSI_QUOTES, a quote inside one doubled", async () => {
  for (const [q, mode] of [
    ["`", "STRICT_TRANS_TABLES"],
    ['"', "STRICT_TRANS_TABLES,ANSI_QUOTES"],
  ]) {
    const { fks, checks } = await read(q, mode);
    assert.deepEqual(
      fks.map((r) => [r.name, r.col, r.reftable, r.refcol, r.ondelete, r.onupdate]),
      [
        ['fk"`id', "parent_id", "parent", "id", "CASCADE", "RESTRICT"],
        ['fk"`id', "id", "parent", "k", "CASCADE", "RESTRICT"],
      ],
      mode,
    );
    assert.deepEqual(
      checks.map((r) => [r.name, r.expr]),
      [
        ["doc", `json_valid(${q}doc${q})`],
        ["ck", `${q}parent_id${q} > 0`],
      ],
      mode,
    );
  }
  // Read with the other mode's quotes, nothing is found: the mode decides.
  assert.deepEqual(await read('"', "STRICT_TRANS_TABLES"), { fks: [], checks: [] });
});
