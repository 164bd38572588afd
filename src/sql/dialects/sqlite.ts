/** SQLite: ON CONFLICT through sqlite.insert(), INSERT OR ..., proven on scratch files. */
import { knownType, type SqlDialect } from "../dialect.js";

/** SQLite's own table of the schema, under each name it has had. */
const CATALOG = new Set(["sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"]);

export const sqlite: SqlDialect = {
  name: "sqlite",
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
};
