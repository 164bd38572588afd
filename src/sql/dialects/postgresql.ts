/** PostgreSQL: ON CONFLICT through postgresql.insert(), = ANY(array), proven in scratch schemas (PGlite without --url). */
import type { SqlDialect } from "../dialect.js";

export const postgresql: SqlDialect = {
  name: "postgresql",
  conflictInsert: { name: "pg_insert", import: "from sqlalchemy.dialects.postgresql import insert as pg_insert" },
  insertOrPrefix: false,
  anyArray: true,
  replaceRefusal: null,
  noAstRefusal:
    "PostgreSQL accepts it, but the AST the translator reads (node-sql-parser's PostgreSQL grammar) does not: not converted",
  serverUrl: /^postgres/,
  proof: {
    kind: "server",
    withoutUrl: "pglite",
    testComment: "PostgreSQL: each case runs in scratch schemas",
    testUrlHint: "PostgreSQL server the test may create and drop scratch schemas",
  },
};
