/** SQLite: ON CONFLICT through sqlite.insert(), INSERT OR ..., proven on scratch files. */
import type { SqlDialect } from "../dialect.js";

export const sqlite: SqlDialect = {
  name: "sqlite",
  conflictInsert: { name: "sqlite_insert", import: "from sqlalchemy.dialects.sqlite import insert as sqlite_insert" },
  insertOrPrefix: true,
  anyArray: false,
  replaceRefusal: null,
  noAstRefusal: "the statement has no AST to translate",
  serverUrl: null,
  proof: { kind: "file" },
};
