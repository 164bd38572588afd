/**
 * MariaDB's sql_mode changes how the SQL of a model reads (ANSI_QUOTES, PIPES_AS_CONCAT,
 * HIGH_NOT_PRECEDENCE, NO_BACKSLASH_ESCAPES), and the quotes of the names it gives back: proved on
 * the server, each mode set on the session that creates the table and reads it back (as a server
 * started with it would be read), and `db diff` of a model declaring the conditions as written finds
 * nothing, while one declaring what they would mean under the default mode finds DB016 and DB062.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Introspection } from "../../src/db/connection.js";
import { diffSchemas } from "../../src/db/diff.js";
import { connect } from "../../src/db/registry.js";
import { assertConditions, type ConditionCase as Case, conditionParts } from "./condition-cases.js";
import { scratch } from "./helpers.js";

const MODES: { mode: string; cases: Case[] }[] = [
  {
    mode: "PIPES_AS_CONCAT,ANSI_QUOTES,HIGH_NOT_PRECEDENCE",
    cases: [
      // `||` is concatenation, binding tighter than `*`; stored as concat(...).
      {
        sql: `"name" || 'y' || x = 'z1'`,
        same: ["concat(concat(name, 'y'), x) = 'z1'"],
        differs: ["name OR 'y' OR x = 'z1'", "concat(name, 'y') = 'z1'"],
      },
      {
        sql: "x || y * 2 = 12",
        same: ["concat(x, y) * 2 = 12"],
        differs: ["concat(x, y * 2) = 12", "x OR y * 2 = 12"],
      },
      {
        sql: "CASE WHEN x > 0 THEN 'a' ELSE 'b' END || name = 'ab'",
        same: ["concat(CASE WHEN x > 0 THEN 'a' ELSE 'b' END, name) = 'ab'"],
        differs: ["CASE WHEN x > 0 THEN 'a' ELSE 'b' END OR name = 'ab'", "concat(name, 'a') = 'ab'"],
      },
      // "x" is a column, not a string.
      { sql: `name <> "x"`, same: ["name <> x"], differs: ["name <> 'x'"] },
      // NOT binds as tightly as `!`.
      { sql: "NOT x = y", same: ["(NOT x) = y", "!x = y"], differs: ["NOT (x = y)", "x <> y"] },
      {
        sql: "NOT flag AND NOT x + 1 = y",
        same: ["flag = 0 AND (x = 0) + 1 = y"],
        differs: ["flag = 0 AND x + 1 <> y"],
      },
    ],
  },
  {
    mode: "NO_BACKSLASH_ESCAPES",
    cases: [
      // A backslash is a character: 'a\' is a string of two, and 'it\''s' is `it\'s`.
      {
        sql: "name <> 'a\\' AND name <> 'it\\''s'",
        same: [`name <> "a\\" AND name <> "it\\'s"`],
        differs: ["name <> 'a' AND name <> 'it''s'", "name <> 'a\\\\' AND name <> 'it\\''s'"],
      },
      { sql: `name <> "dq\\" AND x > 0`, same: ["name <> 'dq\\' AND x > 0"], differs: ["name <> 'dq' AND x > 0"] },
    ],
  },
];

const TABLE = "id int, x int, y int, name varchar(20), flag boolean, doc json";

for (const { mode, cases } of MODES) {
  test(`mysql under sql_mode ${mode}: declared conditions compare equal to what the server stores`, async () => {
    const db = await scratch("mysql");
    const conn = await connect(db.url, { writable: true });
    try {
      await conn.execute!(`SET SESSION sql_mode = concat(@@sql_mode, ',${mode}')`);
      await conn.execute!(`CREATE TABLE t (${TABLE}, ${conditionParts(cases, "VIRTUAL")})`);
      const stored: Introspection = await conn.introspect();
      for (const m of mode.split(",")) assert.ok(stored.sqlMode?.split(",").includes(m), `${m} in ${stored.sqlMode}`);
      const table = stored.schema.tables[0];
      // MariaDB's JSON is a LONGTEXT with json_valid("doc"), in double quotes under ANSI_QUOTES: still the type.
      assert.equal(table.columns.find((c) => c.name === "doc")!.type.normalized, "json");
      const model = assertConditions(stored, cases);
      // Read under the default mode instead, the declared text means something else.
      const plain = { ...stored, sqlMode: "" };
      for (const [i, c] of cases.entries())
        assert.notDeepEqual(
          diffSchemas(model(i, c.sql), plain).drift.filter((d) => d.subject.includes(` check ck_${i} `)),
          [],
          `${c.sql} under the default mode`,
        );
    } finally {
      await conn.close();
      await db.drop();
    }
  });
}
