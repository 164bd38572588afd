/** PostgreSQL: ON CONFLICT through postgresql.insert(), = ANY(array), proven in scratch schemas (PGlite without --url). */
import { knownType, type SqlDialect } from "../dialect.js";

export const postgresql: SqlDialect = {
  name: "postgresql",
  conflictInsert: { name: "pg_insert", import: "from sqlalchemy.dialects.postgresql import insert as pg_insert" },
  duplicateKeyInsert: null,
  insertOrPrefix: false,
  anyArray: true,
  // PostgreSQL's grammar has no REPLACE (its parser rejects the text before the translator sees it).
  replaceInto: null,
  defaultKeyword: true,
  parser: { kind: "libpg-query" },
  // The catalog is always on the search path, and its names all start so (`FROM pg_database`).
  catalogTable: (t) => t.startsWith("pg_"),
  noAstRefusal:
    "PostgreSQL accepts it, but the AST the translator reads (node-sql-parser's PostgreSQL grammar) does not: not converted",
  serverUrl: /^postgres/,
  scratch: {
    quoteChar: '"',
    // An enum whose labels the models give is its own type, created first (enumType); other unknown types hold text.
    columnType: (t) => (knownType(t) || /\[\]$/.test(t) ? t : "VARCHAR"),
    enumType: (name, labels) =>
      `CREATE TYPE "${name.replaceAll('"', '""')}" AS ENUM (${labels.map((l) => `'${l.replaceAll("'", "''")}'`).join(", ")})`,
    autoIncrement: (t) => `${/BIG/.test(t) ? "BIGSERIAL" : "SERIAL"} PRIMARY KEY`,
  },
  proof: {
    kind: "server",
    withoutUrl: "pglite",
    testComment: "PostgreSQL: each case runs in scratch schemas",
    testUrlHint: "PostgreSQL server the test may create and drop scratch schemas",
  },
};
