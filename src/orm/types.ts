import type { ColumnType } from "../schema/model.js";

/**
 * Type vocabularies shared by the extractors: SQLAlchemy type class names and Python annotation
 * names mapped to the neutral `normalized` spelling. The runtime dumpers (src/orm/runtime/*.py)
 * carry the same tables; keep them in step.
 */
export const SA_TYPES: Record<string, string> = {
  Integer: "integer",
  INTEGER: "integer",
  INT: "integer",
  SmallInteger: "smallint",
  SMALLINT: "smallint",
  BigInteger: "bigint",
  BIGINT: "bigint",
  Float: "float",
  FLOAT: "float",
  REAL: "float",
  Double: "double",
  DOUBLE: "double",
  DOUBLE_PRECISION: "double",
  Numeric: "numeric",
  NUMERIC: "numeric",
  DECIMAL: "numeric",
  String: "string",
  VARCHAR: "string",
  Unicode: "string",
  NVARCHAR: "string",
  CHAR: "string",
  NCHAR: "string",
  AutoString: "string",
  Text: "text",
  TEXT: "text",
  UnicodeText: "text",
  CLOB: "text",
  Boolean: "boolean",
  BOOLEAN: "boolean",
  Date: "date",
  DATE: "date",
  Time: "time",
  TIME: "time",
  DateTime: "datetime",
  DATETIME: "datetime",
  TIMESTAMP: "datetime",
  Interval: "interval",
  INTERVAL: "interval",
  Uuid: "uuid",
  UUID: "uuid",
  JSON: "json",
  JSONB: "jsonb",
  LargeBinary: "binary",
  BLOB: "binary",
  BYTEA: "binary",
  BINARY: "binary",
  VARBINARY: "binary",
  PickleType: "binary",
  Enum: "enum",
  ENUM: "enum",
  ARRAY: "array",
  INET: "inet",
  CIDR: "cidr",
};

/** Python annotation names as SQLAlchemy 2.0's default type_annotation_map (and SQLModel) map them. */
export const PY_ANNOTATION_TYPES: Record<string, string> = {
  int: "Integer",
  float: "Float",
  bool: "Boolean",
  str: "String",
  bytes: "LargeBinary",
  datetime: "DateTime",
  date: "Date",
  time: "Time",
  timedelta: "Interval",
  Decimal: "Numeric",
  UUID: "Uuid",
};

/** A ColumnType for a known SQLAlchemy type class name with its parameters. */
export function saType(name: string, written: string, params: Partial<ColumnType> = {}): ColumnType {
  const normalized = SA_TYPES[name];
  if (!normalized) return { written, normalized: `custom:${name}`, ...params };
  const t: ColumnType = { written, normalized, ...params };
  if (name === "TIMESTAMP" && t.timezone === undefined) t.timezone = false;
  if (normalized === "datetime" && t.timezone === undefined) t.timezone = false;
  return t;
}

/** Type of a column we could not read: kept as written, marked. */
export function unresolvedType(written: string): ColumnType {
  return { written, normalized: "unknown", unresolved: true };
}
