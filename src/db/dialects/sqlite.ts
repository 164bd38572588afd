/** SQLite: the common SQL types, INTEGER PRIMARY KEY AUTOINCREMENT, foreign keys inline, no comments or enums. */
import type { DialectSpec } from "../dialect.js";

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
};
