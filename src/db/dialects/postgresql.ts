/** PostgreSQL: named enum types, SERIAL keys, COMMENT ON, time zones, native UUID/JSONB/INET/arrays. */
import type { DialectSpec } from "../dialect.js";
import { quoteIdent, sqlType } from "../ddl.js";
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
    array: (t, ctx) => (t.item ? `${sqlType(t.item, ctx)}[]` : "JSON"),
    enum: (t, ctx) => (t.enum ? quoteIdent("postgresql", ctx.enumDbName(t.enum)) : `VARCHAR(1)`),
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
};
