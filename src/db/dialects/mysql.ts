/** MySQL and MariaDB: backtick quoting, inline ENUM(...), AUTO_INCREMENT, inline comments, implicit FK indexes. */
import type { DialectSpec } from "../dialect.js";
import { enumValuesSql } from "../ddl.js";

export const mysql: DialectSpec<"mysql"> = {
  name: "mysql",
  quoteChar: "`",
  types: {
    string: (t) =>
      /^(n?char|character|bpchar)\b(?!\s+varying)/i.test(t.written)
        ? `CHAR${t.length ? `(${t.length})` : ""}`
        : `VARCHAR(${t.length || 255})`,
    enum: (t, ctx) => `ENUM(${enumValuesSql(t.enum ? ctx.enumValues(t.enum) : [])})`,
  },
  enums: "inline",
  autoIncrement: "column-suffix",
  identityColumns: false,
  comments: "inline",
  alterTableForeignKeys: true,
  implicitForeignKeyIndexes: true,
  restrictIsDefault: true,
  storesTimezone: false,
  tinyintOneIsBoolean: true,
  // No native UUID (CHAR(32)/CHAR(36)/BINARY(16)), JSON is one type, TEXT sizes are one family.
  equivalentTypes: [
    ["float", "double"],
    ["uuid", "string", "binary"],
    ["json", "jsonb"],
  ],
  serverDefault: (def) => (/^(now|current_timestamp)\(\)$/i.test(def) ? "CURRENT_TIMESTAMP" : def),
  native: [],
  verbatimDefaults: false,
  generatedStoredByDefault: false,
  bracketIdentifiers: false,
  backslashStrings: true,
  rewritesConditions: true,
  expressionSynonyms: {
    lcase: "lower",
    ucase: "upper",
    // LENGTH is the byte count on MariaDB, which writes it so; on PostgreSQL the two differ.
    octet_length: "length",
    mod: "%",
    // Booleans are the integers 1 and 0, and &&, || and ! MariaDB's spellings of AND, OR and NOT
    // (under PIPES_AS_CONCAT `||` is concatenation instead: `ExpressionOptions.pipesAsConcat`).
    true: "1",
    false: "0",
    "&&": "and",
    "||": "or",
    "!": "not",
  },
  url: { schemes: ["mysql", "mariadb"], defaultPort: 3306, defaultSchema: null },
  sqlalchemyPrefix: "mysql",
  connect: async () => (await import("../mysql.js")).connectMysql,
};
