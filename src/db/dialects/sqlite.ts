/**
 * SQLite: the common SQL types, INTEGER PRIMARY KEY AUTOINCREMENT, foreign keys inline, no comments
 * or enums. Raw SQL (`sql`): ON CONFLICT through sqlite.insert(), INSERT OR ..., proven on scratch files.
 */
import type { DialectSpec } from "../dialect.js";
import { knownType } from "../sql-dialect.js";

/** SQLite's own table of the schema, under each name it has had. */
const CATALOG = new Set(["sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"]);

export const sqlite: DialectSpec<"sqlite"> = {
  name: "sqlite",
  quoteChar: '"',
  types: {},
  enums: "none",
  autoIncrement: "inline-primary-key",
  identityColumns: false,
  comments: "none",
  alterTableForeignKeys: false,
  implicitForeignKeyIndexes: false,
  restrictIsDefault: false,
  storesTimezone: false,
  tinyintOneIsBoolean: false,
  // SQLite keeps the declared name but has five storage classes: compare what SQLAlchemy declares.
  equivalentTypes: [
    ["float", "double"],
    ["uuid", "string"],
    ["enum", "string"],
    ["json", "jsonb", "text"],
    ["integer", "smallint", "bigint"],
    ["interval", "datetime"],
  ],
  // now() is PostgreSQL's; SQLite spells it CURRENT_TIMESTAMP and wants other calls in parentheses.
  serverDefault: (def) =>
    /^(now|current_timestamp)\(\)$/i.test(def)
      ? "CURRENT_TIMESTAMP"
      : /\(/.test(def) && !/^\(.*\)$/.test(def)
        ? `(${def})`
        : def,
  native: [],
  verbatimDefaults: true,
  generatedStoredByDefault: false,
  bracketIdentifiers: true,
  backslashStrings: false,
  rewritesConditions: false,
  expressionSynonyms: {},
  url: { schemes: ["sqlite"], defaultPort: null, defaultSchema: null },
  sqlalchemyPrefix: "sqlite",
  connect: async () => (await import("../sqlite.js")).connectSqlite,
  sql: {
    conflictInsert: { name: "sqlite_insert", import: "from sqlalchemy.dialects.sqlite import insert as sqlite_insert" },
    duplicateKeyInsert: null,
    insertOrPrefix: true,
    anyArray: false,
    // SQLite's REPLACE INTO is its INSERT OR REPLACE under another name.
    replaceInto: "or-replace",
    // SQLite's VALUES takes expressions only: a database default is had by leaving the column out.
    defaultKeyword: false,
    // SQLite's upsert (ON CONFLICT ... DO) is PostgreSQL's syntax, which node-sql-parser's SQLite grammar lacks.
    parser: { kind: "node-sql-parser", grammars: ["sqlite", "postgresql"] },
    catalogTable: (t) => CATALOG.has(t),
    noAstRefusal: "the statement has no AST to translate",
    serverUrl: null,
    // SQLite takes any type name; the names chosen keep the affinity SQLAlchemy's own DDL would give.
    scratch: {
      quoteChar: '"',
      columnType: (t) =>
        ({ BYTEA: "BLOB", UUID: "CHAR(32)", JSONB: "JSON", ARRAY: "JSON" })[t] ??
        (/\[\]$/.test(t) ? "JSON" : knownType(t) ? t : "VARCHAR"),
      autoIncrement: () => "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT",
    },
    proof: { kind: "file" },
  },
};
