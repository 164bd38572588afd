/**
 * The rewrites PostgreSQL and MariaDB make of the SQL they are given, proved on the servers: each
 * declared condition is created both as a CHECK constraint and as a generated column, and `db diff`
 * of a model that declares it against what the server stores finds nothing. A model declaring
 * another spelling of it (`same`) finds nothing either; one declaring a condition of another meaning
 * (`differs`) is drift on both: DB062 for the check, DB016 for the column.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { diffSchemas } from "../../src/db/diff.js";
import { clone, scratch } from "./helpers.js";

interface Case {
  sql: string;
  same?: string[];
  differs: string[];
}

const CASES: Record<"postgresql" | "mysql", Case[]> = {
  postgresql: [
    // Stored as `x = ANY (ARRAY[1, 2])`, `x <> ALL (ARRAY[1, 2])`, `x = 1`.
    { sql: "x IN (1, 2)", same: ["x = ANY (ARRAY[1, 2])"], differs: ["x IN (1, 3)", "x NOT IN (1, 2)", "x IN (2, 1)"] },
    { sql: "x NOT IN (1, 2)", differs: ["x IN (1, 2)", "x NOT IN (1)"] },
    { sql: "x IN (1)", same: ["x = 1"], differs: ["x IN (2)", "x <> 1", "x NOT IN (1)"] },
    { sql: "x NOT IN (3)", same: ["x <> 3"], differs: ["x = 3"] },
    // Text elements come back cast twice: `(name)::text = ANY ((ARRAY['a'::character varying, ...])::text[])`.
    { sql: "name IN ('a', 'b')", differs: ["name IN ('a', 'B')", "name IN ('a')"] },
    { sql: "x + 1 IN (2, 3 * 2) OR flag", differs: ["x + 1 IN (2, 3) OR flag", "x + 1 IN (2, 3 * 2) AND flag"] },
    {
      sql: "CASE WHEN x IN (1, 2) THEN flag ELSE other END",
      differs: ["CASE WHEN x IN (1, 2) THEN other ELSE flag END"],
    },
    // Stored as `(price)::integer > 0` whichever the model writes.
    {
      sql: "CAST(price AS integer) > 0",
      same: ["price::integer > 0", "price::int > 0"],
      differs: ["CAST(x AS integer) > 0", "CAST(price AS integer) >= 0"],
    },
    { sql: "CAST(name AS text) <> 'x'", same: ["name::text <> 'x'::text"], differs: ["CAST(name AS text) <> 'X'"] },
    // LIKE and ILIKE are stored as the operators `~~`, `!~~`, `~~*`, `!~~*`; BETWEEN as two comparisons.
    {
      sql: "name LIKE 'a%' AND name NOT ILIKE '%b'",
      differs: ["name NOT LIKE 'a%' AND name NOT ILIKE '%b'", "name LIKE 'a%' AND name NOT LIKE '%b'"],
    },
    {
      sql: "x BETWEEN 1 AND 5",
      same: ["x >= 1 AND x <= 5"],
      differs: ["x BETWEEN 1 AND 6", "x >= 1 OR x <= 5", "x NOT BETWEEN 1 AND 5"],
    },
    {
      sql: "x + 1 NOT BETWEEN y AND y * 2",
      same: ["x + 1 < y OR x + 1 > y * 2"],
      differs: ["x + 1 NOT BETWEEN y AND y + 2", "x + 1 BETWEEN y AND y * 2", "x + 1 < y AND x + 1 > y * 2"],
    },
  ],
  mysql: [
    { sql: "x IN (1, 2)", differs: ["x IN (1, 3)", "x NOT IN (1, 2)"] },
    { sql: "CAST(price AS signed) > 0", differs: ["CAST(x AS signed) > 0", "CAST(price AS signed) > 1"] },
    // A doubled quote comes back backslash-escaped, a double-quoted string single-quoted.
    {
      sql: "name <> 'it''s'",
      same: ["name <> 'it\\'s'", `name <> "it's"`],
      differs: ["name <> 'its'", "name <> 'It''s'"],
    },
    { sql: "name <> 'a \\\\ b'", differs: ["name <> 'a \\ b'", "name <> 'a  b'"] },
    { sql: `name <> "dq\\"x"`, same: [`name <> 'dq"x'`], differs: ["name <> 'dqx'", "name <> 'dq''x'"] },
    // A backslash does not close the string: the `)` and `,` inside it are text.
    { sql: "name NOT IN ('a\\', b)', 'c')", differs: ["name NOT IN ('a'' b)', 'c')"] },
    { sql: "name NOT LIKE 'a\\_%'", differs: ["name NOT LIKE 'a_%'"] },
    // NOT is pushed down to the comparisons (`x <= 1 or y >= 2`), a value under AND, OR or NOT is
    // tested against 0 (`flag = 0 and other = 0`), TRUE is 1, && is AND and ! is NOT.
    {
      sql: "NOT (x > 1 AND y < 2)",
      same: ["x <= 1 OR y >= 2"],
      differs: ["x <= 1 AND y >= 2", "NOT (x > 1) AND y < 2"],
    },
    {
      sql: "NOT (flag OR other)",
      same: ["!flag && !other", "flag = false AND other = 0"],
      differs: ["NOT flag OR other", "flag AND other"],
    },
    {
      sql: "flag AND NOT other",
      same: ["flag <> 0 AND other = 0"],
      differs: ["flag AND other", "NOT (flag AND other)"],
    },
    {
      sql: "NOT (flag AND (other OR x = 1))",
      same: ["NOT flag OR NOT other AND x <> 1"],
      differs: ["NOT flag OR NOT other OR x <> 1", "NOT flag AND (NOT other OR x = 1)"],
    },
    {
      sql: "NOT (x IN (1, 2)) OR NOT (name LIKE 'a%')",
      same: ["x NOT IN (1, 2) OR name NOT LIKE 'a%'"],
      differs: ["x IN (1, 2) OR name NOT LIKE 'a%'"],
    },
    {
      sql: "NOT (x BETWEEN 1 AND 2) AND NOT (name IS NULL)",
      same: ["x NOT BETWEEN 1 AND 2 AND name IS NOT NULL"],
      differs: ["x BETWEEN 1 AND 2 AND name IS NOT NULL", "x NOT BETWEEN 1 AND 3 AND name IS NOT NULL"],
    },
    {
      sql: "NOT NOT flag OR x = TRUE",
      same: ["flag <> 0 OR x = 1"],
      differs: ["flag = 0 OR x = 1", "flag <> 0 OR x = 0"],
    },
    // || is OR (without PIPES_AS_CONCAT), and a literal under OR is left untested.
    {
      sql: "flag || x = 1 || 0",
      same: ["flag <> 0 OR x = 1 OR 0"],
      differs: ["flag && x = 1 || 0", "flag OR x = 1 OR 1"],
    },
    { sql: "NOT (x <> 1) OR NOT (y >= 2)", same: ["x = 1 OR y < 2"], differs: ["x <> 1 OR y < 2", "x = 1 OR y <= 2"] },
  ],
};

const TABLE: Record<"postgresql" | "mysql", string> = {
  postgresql: "id int, x int, y int, name varchar(20), price numeric(10, 2), flag boolean, other boolean",
  mysql: "id int, x int, y int, name varchar(20), price decimal(10, 2), flag boolean, other boolean",
};

for (const engine of ["postgresql", "mysql"] as const) {
  test(`${engine} stores conditions rewritten: as checks and generated columns they compare equal to the declared ones`, async () => {
    const cases = CASES[engine];
    const parts = cases.flatMap((c, i) => [
      `CONSTRAINT ck_${i} CHECK (${c.sql})`,
      `g_${i} boolean GENERATED ALWAYS AS (${c.sql}) STORED`,
    ]);
    const db = await scratch(engine, `CREATE TABLE t (${TABLE[engine]}, ${parts.join(", ")})`);
    try {
      const stored = await db.introspect();
      const table = stored.schema.tables[0];
      assert.equal(table.checkConstraints.length, cases.length);
      // The model: the database's table with each condition as declared (or as `text` for case i).
      const model = (i: number, text: string) => {
        const m = clone(stored.schema);
        const t = m.tables[0];
        for (const [j, c] of cases.entries()) {
          t.checkConstraints.find((k) => k.name === `ck_${j}`)!.expression = j === i ? text : c.sql;
          t.columns.find((k) => k.name === `g_${j}`)!.computed!.expression = j === i ? text : c.sql;
        }
        return m;
      };
      // The drift of case i's check and column.
      const drift = (i: number, text: string) =>
        diffSchemas(model(i, text), stored)
          .drift.filter((d) => d.subject.includes(` check ck_${i} `) || d.subject === `t.g_${i}`)
          .map((d) => d.code)
          .sort();
      assert.deepEqual(
        diffSchemas(model(-1, ""), stored).drift.map((d) => d.message),
        [],
      );
      for (const [i, c] of cases.entries()) {
        // The server did rewrite it, in one of the two places: the comparison forgave something.
        const check = table.checkConstraints.find((k) => k.name === `ck_${i}`)!.expression;
        const generated = table.columns.find((k) => k.name === `g_${i}`)!.computed!.expression;
        assert.ok(check !== c.sql || generated !== c.sql, `${c.sql} is stored as declared`);
        for (const text of [c.sql, ...(c.same ?? [])])
          assert.deepEqual(drift(i, text), [], `${text} against ${check} and ${generated}`);
        for (const text of c.differs)
          assert.deepEqual(drift(i, text), ["DB016", "DB062"], `${text} against ${check} and ${generated}`);
      }
    } finally {
      await db.drop();
    }
  });
}
