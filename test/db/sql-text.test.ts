/** The SQL text reader behind SQLite's generated columns and the comparison of their expressions. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { dialectSpec } from "../../src/db/dialect.js";
import { expressionKey, generatedExpressions } from "../../src/db/sql-text.js";

test("generatedExpressions: each generated column's expression, past strings, comments and nested parentheses", () => {
  const sql = `CREATE TABLE "order lines" (
    id INTEGER PRIMARY KEY,
    price REAL NOT NULL DEFAULT (1.5 * 2), -- not generated: AS (x) in a comment
    "Total" REAL GENERATED ALWAYS AS (price * (qty + 1)) STORED,
    [half] REAL AS (price / 2 /* ) */) VIRTUAL,
    label TEXT AS ('AS (' || qty || ')'),
    n INT AS (CAST(price AS INT)),
    c TEXT CHECK (c IN ('a AS (b)')),
    CONSTRAINT pos CHECK (price > 0)
  )`;
  assert.deepEqual(
    [...generatedExpressions(sql)],
    [
      ["Total", "price * (qty + 1)"],
      ["half", "price / 2 /* ) */"],
      ["label", "'AS (' || qty || ')'"],
      ["n", "CAST(price AS INT)"],
    ],
  );
});

test("expressionKey: the rewrites PostgreSQL and MariaDB make compare equal to the declared text", () => {
  const same = (a: string, b: string) => assert.equal(expressionKey(a), expressionKey(b), `${a} vs ${b}`);
  same("price * quantity + 1", "((price * (quantity)::numeric) + (1)::numeric)");
  same("price * quantity + 1", "`price` * `quantity` + 1");
  same("first || ' ' || last", "((first || ' '::text) || (last)::character varying(20))");
  same("lower(last)", "lower((last)::text)");
  same("coalesce(first, 'x')", "COALESCE(first, 'x'::text)");
  same('"Price" * 1.50', "price * 1.5");
  same("a != b", "(a <> b)");
  same("tags::text[]", "tags");
  // MariaDB's own spellings, on MariaDB only: octet_length is not length on PostgreSQL.
  const mariadb = { synonyms: dialectSpec("mysql").expressionSynonyms };
  assert.equal(expressionKey("lower(last) % 2", mariadb), expressionKey("lcase(`last`) MOD 2", mariadb));
  assert.equal(expressionKey("mod(a, 2)", mariadb), "mod ( a , 2 )");
  assert.notEqual(expressionKey("length(name)"), expressionKey("octet_length(name)"));
  same("(qty + 1) * 2", "((qty + 1) * 2)");
  same("a + (b - c)", "((a + b) - c)");
  same("a * b / c", "((a * b) / c)");
  same("NOT (a = b)", "(NOT (a = b))");
  same("x IN (1, 2)", "x in (1,2)");
  same("CASE WHEN (qty > 1) THEN (price * 2) ELSE 0 END", "CASE WHEN qty > 1 THEN price * 2 ELSE 0 END");
  same("-(a)", "- a");
});

test("expressionKey: a different operand, operator, call or literal still differs", () => {
  const differ = (a: string, b: string) => assert.notEqual(expressionKey(a), expressionKey(b), `${a} vs ${b}`);
  differ("price * quantity", "price * 3");
  differ("price * quantity", "price + quantity");
  differ("lower(last)", "upper(last)");
  differ("first || 'x'", "first || 'X'");
  differ("coalesce(a, b)", "coalesce(b, a)");
  // Parentheses that change the grouping count.
  differ("(qty + 1) * 2", "qty + 1 * 2");
  differ("a - (b - c)", "a - b - c");
  differ("a * (b / c)", "a * b / c");
  differ("-(a + b)", "-a + b");
  differ("NOT (a AND b)", "NOT a AND b");
  differ("(a OR b) AND c", "a OR b AND c");
  differ("x IN (1, 2)", "x IN (1), 2");
  // Identifiers compare without case, string literals with it.
  differ("'Price'", "'price'");
  // Column names that are also the names of an object's own members are columns.
  assert.equal(expressionKey("constructor + __proto__"), expressionKey('("constructor" + "__proto__")'));
  differ("constructor + 1", "tostring + 1");
  assert.equal(expressionKey("[half] * 2", { brackets: true }), expressionKey('"half" * 2'));
});
