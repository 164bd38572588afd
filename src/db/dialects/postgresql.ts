/**
 * PostgreSQL: named enum types, SERIAL keys, COMMENT ON, time zones, native UUID/JSONB/INET/arrays.
 * Raw SQL (`sql`): ON CONFLICT through postgresql.insert(), = ANY(array), proven in scratch schemas
 * (PGlite without --url).
 */
import type { DialectSpec } from "../dialect.js";
import { knownType } from "../sql-dialect.js";
import { frameworkTraits } from "../../schema/frameworks.js";

export const postgresql: DialectSpec<"postgresql"> = {
  name: "postgresql",
  quoteChar: '"',
  types: {
    integer: (_t, _ctx, autoPk) => (autoPk ? "SERIAL" : "INTEGER"),
    bigint: (_t, _ctx, autoPk) => (autoPk ? "BIGSERIAL" : "BIGINT"),
    double: () => "DOUBLE PRECISION",
    time: (t) => (t.timezone ? "TIME WITH TIME ZONE" : "TIME"),
    datetime: (t) => (t.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE"),
    interval: () => "INTERVAL",
    uuid: () => "UUID",
    jsonb: () => "JSONB",
    binary: () => "BYTEA",
    inet: (t) => t.normalized.toUpperCase(),
    cidr: (t) => t.normalized.toUpperCase(),
    array: (t, ctx) => (t.item ? `${ctx.sqlType(t.item)}[]` : "JSON"),
    enum: (t, ctx) => (t.enum ? ctx.quote(ctx.enumDbName(t.enum)) : `VARCHAR(1)`),
  },
  enums: "named",
  autoIncrement: "serial-type",
  identityColumns: true,
  comments: "statements",
  alterTableForeignKeys: true,
  implicitForeignKeyIndexes: false,
  restrictIsDefault: false,
  storesTimezone: true,
  tinyintOneIsBoolean: false,
  // SQLAlchemy's Float without precision is FLOAT = double precision; REAL is float4.
  equivalentTypes: [["float", "double"]],
  serverDefault: (def) => def,
  native: ["uuid", "jsonb", "inet", "cidr", "array"],
  verbatimDefaults: false,
  generatedStoredByDefault: true,
  bracketIdentifiers: false,
  backslashStrings: false,
  rewritesConditions: false,
  // PostgreSQL stores LIKE and ILIKE as the operators they are.
  expressionSynonyms: { "~~": "like", "!~~": "not like", "~~*": "ilike", "!~~*": "not ilike" },
  // Django and Tortoise write JSONField as jsonb and DateTimeField as timestamp with time zone
  // (Django always, whatever USE_TZ says; Tortoise's DatetimeField is TIMESTAMPTZ).
  frameworkType: (framework, t) => {
    if (!frameworkTraits(framework).fixedPostgresTypes) return t;
    if (t.normalized === "json") return { ...t, normalized: "jsonb" };
    if (t.normalized === "datetime" && !t.timezone) return { ...t, timezone: true };
    return t;
  },
  url: { schemes: ["postgresql", "postgres"], defaultPort: 5432, defaultSchema: "public" },
  sqlalchemyPrefix: "postgresql",
  connect: async () => (await import("../postgres.js")).connectPostgres,
  sql: {
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
  },
};
