/**
 * The rewrites PostgreSQL and MariaDB make of the SQL they are given, proved on the servers: each
 * declared condition is created both as a CHECK constraint and as a generated column, and `db diff`
 * of a model that declares it against what the server stores finds nothing. A model declaring
 * another spelling of it (`same`) finds nothing either; one declaring a condition of another meaning
 * (`differs`) is drift on both: DB062 for the check, DB016 for the column.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertConditions, type ConditionCase as Case, conditionParts } from "./condition-cases.js";
import { diffSchemas } from "../../src/db/diff.js";
import { expressionKey } from "../../src/db/sql-text.js";
import { clone, scratch } from "./helpers.js";

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
    // LIKE ... ESCAPE is stored as `~~ like_escape(pattern, escape)`, SIMILAR TO as `~ similar_to_escape(...)`.
    {
      sql: "name LIKE 'a\\_%' ESCAPE '\\'",
      same: ["name ~~ like_escape('a\\_%', '\\')"],
      differs: ["name LIKE 'a\\_%' ESCAPE '#'", "name NOT LIKE 'a\\_%' ESCAPE '\\'", "name ILIKE 'a\\_%' ESCAPE '\\'"],
    },
    {
      sql: "name NOT ILIKE 'a#%' ESCAPE '#' AND x > 0",
      differs: [
        "name NOT ILIKE 'a#%' ESCAPE '!' AND x > 0",
        "name ILIKE 'a#%' ESCAPE '#' AND x > 0",
        "name NOT LIKE 'a#%' ESCAPE '#' AND x > 0",
        "name NOT ILIKE 'a#%' || 'b' ESCAPE '#' AND x > 0",
      ],
    },
    {
      sql: "name SIMILAR TO 'a%' ESCAPE '#' OR name NOT SIMILAR TO 'b%'",
      differs: [
        "name SIMILAR TO 'a%' OR name NOT SIMILAR TO 'b%'",
        "name SIMILAR TO 'a%' ESCAPE '#' OR name SIMILAR TO 'b%'",
      ],
    },
    // BETWEEN SYMMETRIC is stored as either order of the bounds.
    {
      sql: "x BETWEEN SYMMETRIC 1 AND y",
      same: ["x >= 1 AND x <= y OR x >= y AND x <= 1", "(x >= 1 AND x <= y) OR (x >= y AND x <= 1)"],
      differs: ["x BETWEEN 1 AND y", "x BETWEEN SYMMETRIC 1 AND y + 1", "x NOT BETWEEN SYMMETRIC 1 AND y"],
    },
    {
      sql: "x + 1 NOT BETWEEN SYMMETRIC y AND 5 OR flag",
      same: ["(x + 1 < y OR x + 1 > 5) AND (x + 1 < 5 OR x + 1 > y) OR flag"],
      differs: [
        "x + 1 NOT BETWEEN y AND 5 OR flag",
        "x + 1 < y OR x + 1 > 5 AND (x + 1 < 5 OR x + 1 > y) OR flag",
        "x + 1 NOT BETWEEN SYMMETRIC y AND 5 AND flag",
      ],
    },
    { sql: "x BETWEEN ASYMMETRIC 1 AND 5", same: ["x BETWEEN 1 AND 5"], differs: ["x BETWEEN SYMMETRIC 1 AND 5"] },
    // Escape strings come back as plain ones, their escapes decoded.
    {
      sql: "name <> E'a\\nb' AND name <> E'it\\'s'",
      same: ["name <> 'a\nb' AND name <> 'it''s'", "name <> e'a\\012b' AND name <> E'it''s'"],
      differs: ["name <> 'a\\nb' AND name <> 'it''s'", "name <> E'a\\nb' AND name <> E'its'"],
    },
    {
      sql: "name <> E'\\x41\\u00e9\\\\'",
      same: ["name <> 'A\u00e9\\'"],
      differs: ["name <> 'Ae\\'", "name <> E'\\x41\\u00e9'"],
    },
    { sql: "name <> U&'d\\0061t\\+000061'", same: ["name <> 'data'"], differs: ["name <> U&'d\\0061t\\+000062'"] },
    // With UESCAPE the codes are read with its character: stored as the plain `'da\ta'`.
    {
      sql: "name <> U&'d!0061\\t!+000061' UESCAPE '!'",
      same: ["name <> 'da\\ta'", "name <> U&'d\\0061\\\\t\\+000061'"],
      differs: ["name <> U&'d!0061\\t!+000062' UESCAPE '!'", "name <> U&'d!0061\\t!+000061' UESCAPE '#'"],
    },
    { sql: "name LIKE E'a\\\\_%'", same: ["name LIKE 'a\\_%'"], differs: ["name LIKE E'a\\_%'", "name LIKE 'a_%'"] },
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
    // `!` binds tighter than any binary operator (NOT looser than a comparison): `!x = y` is `(NOT x) = y`.
    { sql: "!x = y", same: ["(NOT x) = y", "x = 0 = y"], differs: ["NOT (x = y)", "x <> y", "!(x = y)", "NOT x = y"] },
    {
      sql: "!x + 1 = y OR !flag",
      same: ["(NOT x) + 1 = y OR NOT flag"],
      differs: ["NOT (x + 1) = y OR NOT flag", "!(x + 1) = y OR NOT flag", "NOT x + 1 = y OR NOT flag"],
    },
    { sql: "!lower(name) = x", same: ["(NOT lower(name)) = x"], differs: ["NOT lower(name) = x"] },
    { sql: "x = !y", same: ["x = (y = 0)"], differs: ["x = y = 0", "x <> y"] },
    // LIKE ... ESCAPE is kept as written.
    {
      sql: "name LIKE 'a|_%' ESCAPE '|' AND name NOT LIKE 'b\\_%' ESCAPE '\\\\'",
      differs: [
        "name LIKE 'a|_%' ESCAPE '#' AND name NOT LIKE 'b\\_%' ESCAPE '\\\\'",
        "name LIKE 'a|_%' ESCAPE '|' AND name LIKE 'b\\_%' ESCAPE '\\\\'",
      ],
    },
  ],
};

const TABLE: Record<"postgresql" | "mysql", string> = {
  postgresql: "id int, x int, y int, name varchar(20), price numeric(10, 2), flag boolean, other boolean",
  mysql: "id int, x int, y int, name varchar(20), price decimal(10, 2), flag boolean, other boolean",
};

for (const engine of ["postgresql", "mysql"] as const) {
  test(`${engine} stores conditions rewritten: as checks and generated columns they compare equal to the declared ones`, async () => {
    const cases = CASES[engine];
    const db = await scratch(engine, `CREATE TABLE t (${TABLE[engine]}, ${conditionParts(cases, "STORED")})`);
    try {
      const stored = await db.introspect();
      const table = stored.schema.tables[0];
      for (const [i, c] of cases.entries()) {
        // The server did rewrite it, in one of the two places: the comparison forgave something.
        const check = table.checkConstraints.find((k) => k.name === `ck_${i}`)!.expression;
        const generated = table.columns.find((k) => k.name === `g_${i}`)!.computed!.expression;
        assert.ok(check !== c.sql || generated !== c.sql, `${c.sql} is stored as declared`);
      }
      assertConditions(stored, cases);
    } finally {
      await db.drop();
    }
  });
}

// Expression defaults PostgreSQL stores rewritten (parenthesised and cast concatenations, a
// UESCAPE string as its plain value): each column's default as declared, another spelling of it,
// and a default of another meaning.
const DEFAULTS: { sql: string; same: string[]; differs: string[] }[] = [
  {
    sql: "'a' || 'b' || current_user",
    same: ["('a' || 'b') || CURRENT_USER", "'a' || ('b' || current_user)"],
    differs: ["'a' || 'b' || session_user", "'b' || 'a' || current_user"],
  },
  { sql: "'x' || 1 + 2 || 'y'", same: ["('x' || (1 + 2)) || 'y'"], differs: ["'x' || 1 || 2 || 'y'"] },
  {
    sql: "U&'d!0061t!+000061 \\' UESCAPE '!'",
    same: ["'data \\'", "U&'d\\0061t\\+000061 \\\\'"],
    differs: ["U&'d!0061t!+000062 \\' UESCAPE '!'", "'d!0061t!+000061 \\'"],
  },
];

test("postgresql stores expression defaults rewritten: they compare equal to the declared ones", async () => {
  const cols = DEFAULTS.map((c, i) => `d_${i} text DEFAULT (${c.sql})`);
  const db = await scratch("postgresql", `CREATE TABLE t (id int, ${cols.join(", ")})`);
  try {
    const stored = await db.introspect();
    const column = (s: typeof stored.schema, i: number) => s.tables[0].columns.find((c) => c.name === `d_${i}`)!;
    const drift = (i: number, text: string) => {
      const model = clone(stored.schema);
      column(model, i).serverDefault = text;
      return diffSchemas(model, stored).drift.map((d) => d.code);
    };
    for (const [i, c] of DEFAULTS.entries()) {
      const database = column(stored.schema, i).serverDefault!;
      // The server did rewrite it; its key is the declared one's.
      assert.notEqual(database, c.sql);
      assert.equal(expressionKey(database), expressionKey(c.sql), `${c.sql} vs ${database}`);
      for (const text of [c.sql, ...c.same]) assert.deepEqual(drift(i, text), [], `${text} against ${database}`);
      for (const text of c.differs) assert.deepEqual(drift(i, text), ["DB014"], `${text} against ${database}`);
    }
  } finally {
    await db.drop();
  }
});
