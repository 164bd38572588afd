/** MySQL/MariaDB: ON DUPLICATE KEY UPDATE through mysql.insert(), REPLACE INTO refused, proven in scratch databases of the --url server (there is no in-memory MySQL). */
import { knownType, type SqlDialect } from "../dialect.js";

export const mysql: SqlDialect = {
  name: "mysql",
  // MySQL's upsert is ON DUPLICATE KEY UPDATE; its grammar gives no ON CONFLICT.
  conflictInsert: null,
  duplicateKeyInsert: { name: "mysql_insert", import: "from sqlalchemy.dialects.mysql import insert as mysql_insert" },
  insertOrPrefix: false,
  anyArray: false,
  // MySQL's REPLACE deletes the conflicting row and inserts: no SQLAlchemy construct says that.
  replaceRefusal:
    "MySQL's REPLACE INTO is not converted (delete and insert in a transaction, or ON DUPLICATE KEY UPDATE)",
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
};
