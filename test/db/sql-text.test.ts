/** The SQL text reader behind SQLite's generated columns and the comparison of their expressions. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { dialectSpec, expressionOptions, expressionReadings } from "../../src/db/dialect.js";
import { expressionKey, generatedExpressions } from "../../src/db/sql-text.js";
import { checksOf } from "../../src/db/sqlite.js";

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

test("checksOf: each CHECK of a CREATE TABLE statement with its name, past strings, quoted names and comments", () => {
  const sql = `CREATE TABLE t (
    a INT CHECK (a > 0), -- CHECK (not one)
    b TEXT DEFAULT 'CHECK (x)' CHECK (b <> ')' AND "b)" IS NULL),
    "check" INT,
    CONSTRAINT [pos b] CHECK ((a + 1) * 2 > length(b) /* ) */),
    CONSTRAINT "q""x" CHECK (a IN (1, 2))
  )`;
  assert.deepEqual(checksOf(sql), [
    { name: null, expression: "(a > 0)" },
    { name: null, expression: `(b <> ')' AND "b)" IS NULL)` },
    { name: "pos b", expression: "((a + 1) * 2 > length(b) /* ) */)" },
    { name: 'q"x', expression: "(a IN (1, 2))" },
  ]);
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

test("expressionKey: PostgreSQL's list tests, casts, LIKE operators and BETWEEN; MariaDB's string literals and conditions", () => {
  const same = (a: string, b: string, o = {}) => assert.equal(expressionKey(a, o), expressionKey(b, o), `${a} vs ${b}`);
  const differ = (a: string, b: string, o = {}) =>
    assert.notEqual(expressionKey(a, o), expressionKey(b, o), `${a} vs ${b}`);
  same("x IN (1, 2)", "(x = ANY (ARRAY[1, 2]))");
  same("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))");
  same("name IN ('a', 'b')", "((name)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))");
  same("x IN (1)", "(x = 1)");
  same("x NOT IN (a + 1)", "(x <> (a + 1))");
  same("x IN (1, 2) AND y NOT IN (3, 4)", "((x = ANY (ARRAY[1, 2])) AND (y <> ALL (ARRAY[3, 4])))");
  same("CAST(price AS integer) > 0", "((price)::integer > 0)");
  same("CAST(CAST(x AS text) AS varchar(10))", "((x)::text)::character varying(10)");
  same("lower(CAST(x AS char(10)))", "lcase(cast(`x` as char(10) charset utf8mb3))", { synonyms: { lcase: "lower" } });
  differ("x IN (1, 2)", "x = ANY (ARRAY[1, 3])");
  differ("x IN (1, 2)", "x <> ALL (ARRAY[1, 2])");
  differ("x = ANY (ARRAY[1, 2])", "x = ALL (ARRAY[1, 2])");
  differ("x IN (1)", "x <> 1");
  differ("CAST(a AS integer) + b", "CAST(b AS integer) + a");
  differ("tags = ARRAY[1, 2]", "tags IN (1, 2)");
  // MariaDB: `\'` is a quote inside the string, a doubled quote is one too, `"x"` is a string.
  // And its conditions (on MariaDB only): NOT pushed down, values tested against 0.
  const mysql = { backslashStrings: true, doubleQuotedStrings: true };
  const mariadb = expressionOptions("mysql");
  const postgresql = expressionOptions("postgresql");
  const cases: [boolean, string, string, object][] = [
    [true, "name <> 'it''s'", "`name` <> 'it\\'s'", mysql],
    [true, 'name <> "dq\\"x"', "`name` <> 'dq\"x'", mysql],
    [true, "name IN ('a\\', b)', 'c')", "`name` in ('a\\', b)','c')", mysql],
    [false, "name IN ('a\\', b)', 'c')", "name IN ('a\\', b', ')', 'c')", mysql],
    [false, "name <> 'a\\\\b'", "name <> 'a\\b'", mysql],
    [false, "name LIKE 'a\\_%'", "name LIKE 'a_%'", mysql],
    [true, "NOT (a > 1 OR b)", "`a` <= 1 and `b` = 0", mariadb],
    [true, "NOT (a AND (b OR c = 1))", "`a` = 0 or `b` = 0 and `c` <> 1", mariadb],
    [true, "NOT (x BETWEEN 1 AND 2) AND flag", "`x` not between 1 and 2 and `flag` <> 0", mariadb],
    [true, "NOT (x IS NULL) AND NOT (y NOT IN (1, 2))", "`x` is not null and `y` in (1,2)", mariadb],
    [true, "CASE WHEN a AND b THEN 1 ELSE 0 END = 1", "case when `a` and `b` then 1 else 0 end = 1", mariadb],
    [true, "flag", "`flag`", mariadb],
    [true, "x = 1 || name || 'x'", "`x` = 1 or `name` <> 0 or 'x'", mariadb],
    [false, "x || 0", "`x` <> 0 or 0 <> 0", mariadb],
    [false, "NOT (a > 1 OR b)", "`a` <= 1 or `b` = 0", mariadb],
    [false, "NOT (a > 1) OR b", "`a` <= 1 and `b` = 0", mariadb],
    [false, "NOT (a = b = c)", "a = b <> c", mariadb],
    [false, "NOT (a > 1)", "(a <= 1)", {}],
    // PostgreSQL's LIKE operators and its BETWEEN as two comparisons.
    [true, "name NOT ILIKE 'a%'", "((name)::text !~~* 'a%'::text)", postgresql],
    [false, "name NOT ILIKE 'a%'", "((name)::text ~~* 'a%'::text)", postgresql],
    [false, "name LIKE 'a%'", "((name)::text ~~* 'a%'::text)", postgresql],
    [true, "x + 1 BETWEEN y AND y * 2", "((((x + 1) >= y) AND ((x + 1) <= (y * 2))))", postgresql],
    [true, "x NOT BETWEEN 1 AND 5 OR y", "(((x < 1) OR (x > 5)) OR y)", postgresql],
    [true, "CASE WHEN x BETWEEN 1 AND 2 THEN 1 END", "CASE WHEN ((x >= 1) AND (x <= 2)) THEN 1 END", postgresql],
    [false, "x NOT BETWEEN 1 AND 5 AND y", "((x < 1) OR (x > 5) AND y)", postgresql],
    [false, "x BETWEEN 1 AND 5", "((x >= 1) OR (x <= 5))", postgresql],
  ];
  for (const [equal, a, b, o] of cases) (equal ? same : differ)(a, b, o);
  // Elsewhere a backslash is a character and `"x"` a name.
  differ("'a\\'", "'a'");
  same('"x"', "x");
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

test("expressionKey: numbers compare by their exact decimal value, never through a float", () => {
  const key = (a: string) => expressionKey(`x < ${a}`);
  for (const [a, b] of [
    ["1.50", "1.5"],
    ["007", "7"],
    ["1e2", "100"],
    ["5e-3", "0.005"],
    [".5", "0.50"],
    ["0.000", "0"],
  ])
    assert.equal(key(a), key(b), `${a} vs ${b}`);
  for (const [a, b] of [
    ["9223372036854775807", "9223372036854775806"],
    ["0.1", "0.10000000000000001"],
    ["1e400", "2e400"],
    ["10", "1"],
    ["0.01", "0.1"],
  ])
    assert.notEqual(key(a), key(b), `${a} vs ${b}`);
});

test("expressionKey: PostgreSQL's escape strings are read with their escapes, and never end at a backslashed quote", () => {
  const pg = expressionOptions("postgresql");
  const key = (a: string) => expressionKey(a, pg);
  assert.equal(key("x IN (E'a\\')', 'b')"), key("x IN ('a'')', 'b')"));
  assert.equal(key("E'\\t\\x41\\101\\u0041\\U00000041\\q'"), key("'\tAAAAq'"));
  // A plain string's backslash is a character; an escape string's `\_` is `_` (unlike MySQL's).
  assert.notEqual(key("'a\\nb'"), key("E'a\\nb'"));
  assert.notEqual(key("E'a\\_%'"), key("'a\\_%'"));
  assert.equal(key("U&'d\\0061t\\+000061 \\\\ it''s'"), key("'data \\ it''s'"));
  // Another escape character (UESCAPE): its codes are read with it, a backslash is a character.
  assert.equal(key("U&'d!0061t!+000061 !! \\' uescape '!' || x"), key("'data ! \\' || x"));
  assert.notEqual(key("U&'d!0061ta' UESCAPE '!'"), key("U&'d!0061ta'"));
  assert.notEqual(key("U&'d!0061ta' UESCAPE '#'"), key("'data'"));
  // One that is no valid escape character (a hex digit) is not guessed: reported.
  assert.notEqual(key("U&'d00061ta' UESCAPE '0'"), key("'data'"));
});

test("expressionOptions: MariaDB's sql_mode changes how a model's SQL reads, but not the text the server gives back", () => {
  const key = (mode: string, a: string, reprint = false) => expressionKey(a, expressionOptions("mysql", mode, reprint));
  // The default mode: `||` is OR, "x" a string, a backslash an escape, NOT looser than `=` and `!` tighter.
  assert.equal(key("", "a || b"), key("", "`a` <> 0 or `b` <> 0"));
  assert.equal(key("", `name = "x"`), key("", "name = 'x'"));
  assert.equal(key("", "NOT a = b"), key("", "a <> b"));
  assert.notEqual(key("", "!a = b"), key("", "a <> b"));
  assert.equal(key("", "!a = b"), key("", "`a` = 0 = `b`"));
  const ansi = "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ANSI";
  assert.equal(key(ansi, "a || b * 2 = 'x'"), key(ansi, `concat("a","b") * 2 = 'x'`, true));
  assert.notEqual(key(ansi, "a || b = 'x'"), key(ansi, `"a" <> 0 or "b" = 'x'`, true));
  assert.equal(key(ansi, `name = "x"`), key(ansi, "`name` = `x`", true));
  assert.notEqual(key(ansi, `name = "x"`), key(ansi, "`name` = 'x'", true));
  const highNot = "HIGH_NOT_PRECEDENCE";
  assert.equal(key(highNot, "NOT a = b"), key(highNot, "`a` = 0 = `b`", true));
  assert.equal(
    key(highNot, "x NOT IN (1, 2) AND y IS NOT NULL"),
    key(highNot, "x not in (1,2) and y is not null", true),
  );
  // NO_BACKSLASH_ESCAPES: the model's backslash is a character; the server still writes it escaped.
  const raw = "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES";
  assert.equal(key(raw, "name <> 'a\\b'"), key(raw, "`name` <> 'a\\\\b'", true));
  assert.notEqual(key(raw, "name <> 'a\\\\b'"), key(raw, "`name` <> 'a\\\\b'", true));
  assert.equal(key(raw, "name <> 'it\\''s'"), key(raw, "`name` <> 'it\\\\\\'s'", true));
});

test("expressionReadings: PostgreSQL with standard_conforming_strings off reads every plain string as an escape string", () => {
  const off = expressionReadings("postgresql", undefined, false);
  const on = expressionReadings("postgresql");
  const model = (r: typeof on, a: string) => expressionKey(a, r.model);
  const database = (r: typeof on, a: string) => expressionKey(a, r.database);
  // Off: a model's 'a\nb' holds a line break, and pg_get_expr gives `a\b` back as 'a\\b'.
  assert.equal(model(off, "name <> 'a\\nb'"), model(off, "name <> E'a\\nb'"));
  assert.equal(model(off, "name <> 'a\\\\b'"), database(off, "(name <> 'a\\\\b'::text)"));
  assert.equal(model(off, "name <> 'it\\'s'"), database(off, "(name <> 'it''s'::text)"));
  // A backslashed quote does not end the string: the `)` after it is inside.
  assert.equal(model(off, "x IN ('a\\')', 'b')"), model(off, "x IN ('a'')', 'b')"));
  // On (the default): the same texts mean other strings.
  assert.notEqual(model(on, "name <> 'a\\nb'"), model(on, "name <> E'a\\nb'"));
  assert.notEqual(model(on, "name <> 'a\\\\b'"), database(off, "(name <> 'a\\\\b'::text)"));
  assert.equal(model(on, "name <> 'a\\b'"), database(off, "(name <> 'a\\\\b'::text)"));
  // MariaDB's readings take no notice of it.
  assert.deepEqual(expressionReadings("mysql", "", false), expressionReadings("mysql", ""));
});
