import { dialectSpec } from "./dialect.js";
import type { ColumnType } from "../schema/model.js";
import type { Dialect } from "./url.js";

/**
 * Database type names → the neutral normalized type. Keys are lower-case base names as the
 * catalogs report them (PostgreSQL's format_type and typname, MySQL's DATA_TYPE, SQLite's declared
 * type). One table for every dialect: where a name means different things, the dialect wins.
 */
const DB_TYPE_NAMES: Record<string, string> = {
  smallint: "smallint",
  int2: "smallint",
  tinyint: "smallint",
  mediumint: "integer",
  integer: "integer",
  int: "integer",
  int4: "integer",
  serial: "integer",
  bigint: "bigint",
  int8: "bigint",
  bigserial: "bigint",
  real: "float",
  float4: "float",
  float: "float",
  "double precision": "double",
  float8: "double",
  double: "double",
  numeric: "numeric",
  decimal: "numeric",
  money: "numeric",
  "character varying": "string",
  varchar: "string",
  nvarchar: "string",
  character: "string",
  char: "string",
  bpchar: "string",
  nchar: "string",
  text: "text",
  tinytext: "text",
  mediumtext: "text",
  longtext: "text",
  clob: "text",
  citext: "text",
  boolean: "boolean",
  bool: "boolean",
  date: "date",
  "time without time zone": "time",
  "time with time zone": "time",
  time: "time",
  timetz: "time",
  "timestamp without time zone": "datetime",
  "timestamp with time zone": "datetime",
  timestamp: "datetime",
  timestamptz: "datetime",
  datetime: "datetime",
  interval: "interval",
  uuid: "uuid",
  json: "json",
  jsonb: "jsonb",
  bytea: "binary",
  blob: "binary",
  tinyblob: "binary",
  mediumblob: "binary",
  longblob: "binary",
  binary: "binary",
  varbinary: "binary",
  inet: "inet",
  cidr: "cidr",
  enum: "enum",
};

/** Parses a database type as written by the catalog: `character varying(255)`, `numeric(10,2)`, `integer[]`, `tinyint(1)`. */
export function parseDbType(dialect: Dialect, written: string): ColumnType {
  const text = written.trim();
  if (text.endsWith("[]")) {
    return { written: text, normalized: "array", item: parseDbType(dialect, text.slice(0, -2)) };
  }
  const m =
    /^([a-z_ ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*(with(?:out)? time zone)?(?:\s+unsigned)?(?:\s+zerofill)?$/i.exec(
      text,
    );
  if (!m) return { written: text, normalized: `custom:${text}` };
  const base = (m[4] ? `${m[1]} ${m[4]}` : m[1]).toLowerCase();
  const a = m[2] === undefined ? null : Number(m[2]);
  const b = m[3] === undefined ? null : Number(m[3]);
  let normalized = DB_TYPE_NAMES[base] ?? `custom:${m[1]}`;
  // MySQL spells BOOLEAN as TINYINT(1), as SQLAlchemy's reflection does too.
  if (dialectSpec(dialect).tinyintOneIsBoolean && base === "tinyint" && a === 1) normalized = "boolean";
  const t: ColumnType = { written: text, normalized };
  if (normalized === "string" || normalized === "binary") t.length = a;
  if (normalized === "numeric") {
    t.precision = a;
    t.scale = b;
  }
  if (normalized === "datetime" || normalized === "time") {
    t.timezone = /with time zone|timestamptz|timetz/i.test(base);
    if (a !== null) t.precision = a;
  }
  if (normalized === "float" && a !== null) t.precision = a;
  return t;
}

/** The type in words for reports: `varchar(255)`, `timestamp with time zone`, `enum task_status`. */
export function describeType(t: ColumnType): string {
  const n = t.normalized;
  if (n === "enum") return t.enum ? `enum ${t.enum}` : "enum";
  if (n === "array") return `${t.item ? describeType(t.item) : "?"}[]`;
  if ((n === "string" || n === "binary") && t.length) return `${n}(${t.length})`;
  if (n === "numeric" && t.precision != null) return `numeric(${t.precision}${t.scale != null ? `,${t.scale}` : ""})`;
  if (n === "datetime" || n === "time") return t.timezone ? `${n} with time zone` : n;
  return n;
}

function equivalent(dialect: Dialect, a: string, b: string): boolean {
  // The documented equivalences of `db diff` (docs/commands/db.md repeats them), per dialect.
  return dialectSpec(dialect).equivalentTypes.some((g) => g.includes(a) && g.includes(b));
}

/**
 * Compares a model's column type with the database's by meaning. Modifiers (length, precision,
 * time zone) count only where both types are in the same family and the model states them; enums
 * compare by type name here (their values are checked with the enum types).
 */
export function sameType(
  dialect: Dialect,
  model: ColumnType,
  db: ColumnType,
  enumDbName?: (name: string) => string,
): boolean {
  // A project's own TypeDecorator (GUID, EnumType(...)) whose implementation the static reader
  // cannot see: there is nothing to compare the database's type with.
  if (model.unresolved || model.normalized === "unknown" || model.normalized.startsWith("custom:")) return true;
  if (model.normalized !== db.normalized) return equivalent(dialect, model.normalized, db.normalized);
  const n = model.normalized;
  if (n === "array") return !model.item || !db.item || sameType(dialect, model.item, db.item, enumDbName);
  if (n === "string") return (model.length ?? null) === (db.length ?? null);
  // PostgreSQL's bytea and SQLite's BLOB have no length; MySQL keeps VARBINARY(n).
  if (n === "binary") return model.length == null || db.length == null || model.length === db.length;
  if (n === "numeric") {
    return (
      (model.precision == null || model.precision === db.precision) && (model.scale == null || model.scale === db.scale)
    );
  }
  if (n === "datetime" || n === "time")
    return !dialectSpec(dialect).storesTimezone || Boolean(model.timezone) === Boolean(db.timezone);
  if (n === "enum" && dialectSpec(dialect).enums === "named" && model.enum && db.enum) {
    return (enumDbName ? enumDbName(model.enum) : model.enum) === db.enum;
  }
  return true;
}
