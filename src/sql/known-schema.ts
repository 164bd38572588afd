/**
 * The tables SQL is checked and converted against: the project's models (static schema) first,
 * then the code's own CREATE TABLE strings for tables no model declares.
 */
import type { ColumnType, Schema } from "../schema/model.js";
import { sqlType } from "../schema/tbls.js";

export interface KnownColumn {
  name: string;
  /** Declared type as written (CREATE TABLE) or the SQL type of the model column. */
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  autoincrement: boolean;
  unique: boolean;
  /** Default as SQL text, or null. */
  default: string | null;
  /** A model column whose default is set by SQLAlchemy (`default=`), not by the database. */
  pythonDefault?: boolean;
  /** A model column SQLAlchemy sets on every UPDATE (`onupdate=`), where raw SQL leaves it. */
  pythonOnUpdate?: boolean;
  /**
   * A model column whose SQLAlchemy type converts values on their way in and out (DateTime parses
   * SQLite's text, Numeric makes Decimals, Boolean makes bools, JSON decodes): raw SQL reads and
   * writes them as stored.
   */
  converts?: boolean;
  /** An enum column: the database type's name and its labels (what it stores: member names for `Enum(PyEnum)`). */
  enum?: { type: string; labels: string[] };
}

export interface KnownTable {
  name: string;
  columns: KnownColumn[];
  foreignKeys: { columns: string[]; table: string; refColumns: string[] }[];
  uniques: string[][];
  from: "model" | "create-table";
  /** Where it was read: `path:line` of the CREATE TABLE call, or the model class. */
  where: string;
  model?: string;
  module?: string;
  /** The CREATE TABLE text itself (the scratch database is created from it). */
  ddl?: string;
}

export type KnownSchema = Map<string, KnownTable>;

/** A CREATE TABLE statement, from node-sql-parser's AST. */
export function tableOfCreate(ast: any, ddl: string, where: string): KnownTable | undefined {
  if (ast?.type !== "create" || ast.keyword !== "table") return undefined;
  const name = String(ast.table?.[0]?.table ?? "").toLowerCase();
  if (!name) return undefined;
  const columns: KnownColumn[] = [];
  const foreignKeys: KnownTable["foreignKeys"] = [];
  const uniques: string[][] = [];
  const pkCols: string[] = [];
  for (const d of ast.create_definitions ?? []) {
    if (d.resource === "column") {
      const col = colName(d.column);
      const type = d.definition?.dataType ?? "";
      const pk = Boolean(d.primary_key);
      if (d.unique || d.unique_or_primary === "unique") uniques.push([col]);
      columns.push({
        name: col,
        type: String(type).toUpperCase(),
        notNull: d.nullable?.type === "not null" || pk,
        primaryKey: pk,
        autoincrement: Boolean(d.auto_increment) || (pk && /^INT/i.test(type)),
        unique: Boolean(d.unique),
        default: defaultText(d.default_val?.value),
      });
      if (d.reference_definition) {
        const r = d.reference_definition;
        foreignKeys.push({
          columns: [col],
          table: String(r.table?.[0]?.table ?? "").toLowerCase(),
          refColumns: (r.definition ?? []).map(colName),
        });
      }
    } else if (d.resource === "constraint") {
      const cols = (d.definition ?? []).map(colName);
      if (/foreign/i.test(d.constraint_type ?? "")) {
        const r = d.reference_definition;
        foreignKeys.push({
          columns: cols,
          table: String(r?.table?.[0]?.table ?? "").toLowerCase(),
          refColumns: (r?.definition ?? []).map(colName),
        });
      } else if (/primary/i.test(d.constraint_type ?? "")) pkCols.push(...cols);
      else if (/unique/i.test(d.constraint_type ?? "")) uniques.push(cols);
    }
  }
  for (const c of columns)
    if (pkCols.includes(c.name)) {
      c.primaryKey = true;
      c.notNull = true;
    }
  // A composite primary key is no rowid alias: nothing is generated for it.
  if (pkCols.length > 1) for (const c of columns) c.autoincrement = false;
  return { name, columns, foreignKeys, uniques, from: "create-table", where, ddl };
}

export function colName(c: any): string {
  if (typeof c === "string") return c;
  if (c?.column !== undefined) return colName(c.column);
  if (c?.expr?.value !== undefined) return String(c.expr.value);
  if (c?.value !== undefined) return String(c.value);
  return String(c);
}

function defaultText(v: any): string | null {
  if (v === undefined || v === null) return null;
  if (v.type === "bool") return v.value ? "TRUE" : "FALSE";
  if (v.type === "number") return String(v.value);
  if (v.type === "single_quote_string" || v.type === "string") return `'${v.value}'`;
  if (v.type === "function") return String(v.name?.name?.[0]?.value ?? "").toUpperCase() || null;
  return null;
}

/** An enum column's database type: SQLAlchemy names it after the class, lower-cased, unless `name=` says. */
function enumOf(schema: Schema, t: ColumnType): KnownColumn["enum"] {
  const e = t.normalized === "enum" ? schema.enums.find((x) => x.name === t.enum) : undefined;
  const labels = e?.labels ?? e?.values;
  if (!e || e.unresolved || !labels?.length) return undefined;
  return { type: e.dbName ?? e.name.toLowerCase(), labels };
}

/** Types SQLAlchemy passes through as the driver has them. */
const PLAIN = new Set(["integer", "smallint", "bigint", "float", "double", "string", "text"]);

/** The static schema's tables, in the same shape. */
export function tablesOfSchema(schema: Schema): KnownTable[] {
  return schema.tables.map((t) => ({
    name: t.name.toLowerCase(),
    columns: t.columns.map((c) => ({
      name: c.name,
      type: sqlType(c.type).toUpperCase(),
      notNull: !c.nullable,
      primaryKey: t.primaryKey.includes(c.name),
      autoincrement: t.primaryKey.length === 1 && t.primaryKey[0] === c.name && /int/.test(c.type.normalized),
      unique: Boolean(c.unique),
      default: c.serverDefault ?? null,
      pythonDefault: c.default != null,
      pythonOnUpdate: c.onUpdate != null,
      converts: Boolean(c.type.decorator) || !PLAIN.has(c.type.normalized),
      enum: enumOf(schema, c.type),
    })),
    foreignKeys: t.foreignKeys.map((f) => ({
      columns: f.columns,
      table: f.refTable.toLowerCase(),
      refColumns: f.refColumns,
    })),
    uniques: t.uniqueConstraints.map((u) => u.columns),
    from: "model" as const,
    where: t.source ? `${t.source.path}:${t.source.line}` : (t.model ?? t.name),
    model: t.model ?? undefined,
    module: t.module ?? undefined,
  }));
}
