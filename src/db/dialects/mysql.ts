/**
 * MySQL and MariaDB: backtick quoting, inline ENUM(...), AUTO_INCREMENT, inline comments, implicit
 * FK indexes. Raw SQL (`sql`): ON DUPLICATE KEY UPDATE through mysql.insert(), REPLACE INTO through
 * an Insert of the module's, proven in scratch databases of the --url server (there is no
 * in-memory MySQL).
 */
import type { DialectSpec } from "../dialect.js";
import { knownType, type ModuleInsert } from "../sql-dialect.js";

/**
 * MySQL's REPLACE deletes the row whose key the new one repeats, then inserts (rowcount 2): no
 * SQLAlchemy construct says that, and prefix_with() writes after INSERT. The class is an Insert
 * compiled by SQLAlchemy itself with REPLACE for its first word; registered for every dialect
 * (a `mariadb://` engine's is "mariadb", not "mysql"), so it is never sent as a plain INSERT.
 */
const replaceInto: ModuleInsert = {
  name: "_ReplaceInto",
  imports: ["from sqlalchemy.ext.compiler import compiles", "from sqlalchemy.sql.expression import Insert"],
  definition: [
    "class _ReplaceInto(Insert):",
    '    """REPLACE INTO: an INSERT that first deletes the row whose key (primary or unique) the new row repeats."""',
    "",
    "    inherit_cache = True",
    "",
    "",
    "@compiles(_ReplaceInto)",
    "def _compile_replace_into(element, compiler, **kw):",
    "    sql = compiler.visit_insert(element, **kw)",
    '    if not sql.startswith("INSERT "):',
    '        raise sa.exc.CompileError("REPLACE INTO: the INSERT compiled as %r" % sql[:20])',
    '    return "REPLACE " + sql[len("INSERT "):]',
  ],
};

export const mysql: DialectSpec<"mysql"> = {
  name: "mysql",
  quoteChar: "`",
  types: {
    string: (t) =>
      /^(n?char|character|bpchar)\b(?!\s+varying)/i.test(t.written)
        ? `CHAR${t.length ? `(${t.length})` : ""}`
        : `VARCHAR(${t.length || 255})`,
    enum: (t, ctx) => `ENUM(${ctx.literals(t.enum ? ctx.enumValues(t.enum) : [])})`,
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
  sql: {
    // MySQL's upsert is ON DUPLICATE KEY UPDATE; its grammar gives no ON CONFLICT.
    conflictInsert: null,
    duplicateKeyInsert: {
      name: "mysql_insert",
      import: "from sqlalchemy.dialects.mysql import insert as mysql_insert",
    },
    insertOrPrefix: false,
    anyArray: false,
    replaceInto,
    defaultKeyword: true,
    parser: { kind: "node-sql-parser", grammars: ["mysql"] },
    // MySQL's catalog is only `information_schema` and `mysql`, read with their schema named.
    catalogTable: () => false,
    noAstRefusal: "the statement has no AST to translate",
    serverUrl: /^(mysql|mariadb)/,
    scratch: {
      quoteChar: "`",
      // MySQL's TIMESTAMP updates itself on write: DATETIME is the plain value; a VARCHAR needs a length.
      columnType: (t) =>
        ({
          TIMESTAMP: "DATETIME",
          "TIMESTAMP WITH TIME ZONE": "DATETIME",
          BYTEA: "BLOB",
          UUID: "CHAR(36)",
          JSONB: "JSON",
          ARRAY: "JSON",
          VARCHAR: "VARCHAR(255)",
          INTERVAL: "DATETIME",
        })[t] ?? (/\[\]$/.test(t) ? "JSON" : knownType(t) ? t : "VARCHAR(255)"),
      autoIncrement: (t) => `${/BIG/.test(t) ? "BIGINT" : "INTEGER"} NOT NULL AUTO_INCREMENT PRIMARY KEY`,
    },
    proof: {
      kind: "server",
      withoutUrl: {
        refusal:
          "MySQL code is proven on a MySQL or MariaDB server: give --url mysql://USER@HOST:PORT/DB (scratch databases are created there and dropped)",
      },
      testComment: "MySQL: each case runs in scratch databases",
      testUrlHint: "MySQL/MariaDB server (mysql+pymysql://...) the test may create and drop scratch databases",
    },
  },
};
