import { tableIds } from "./identity.js";
import type { Column, ColumnType, EnumType, Schema, Table } from "./model.js";
import { canonicalDefault, canonicalExpr } from "./canonical.js";

/**
 * A structural diff of two schemas, table by table. Source locations, Python modules and how a
 * type was spelled are ignored: moving a model to another module, or writing `sa.String(50)` as
 * `String(50)`, changes nothing. Everything the database or the ORM mapping sees is compared.
 */
export type ChangeKind = "added" | "removed" | "changed";

export interface SchemaChange {
  /** Qualified table name, or null for enum changes. */
  table: string | null;
  /** What changed: table, column, primary-key, foreign-key, index, unique, check, relationship, enum, model, comment, inherits. */
  element: string;
  /** The element's name within the table (column name, index name or columns, relationship name, enum name). */
  name: string;
  kind: ChangeKind;
  /** For "changed": the fields that differ, before → after. */
  fields?: { field: string; before: unknown; after: unknown }[];
}

export interface SchemaDiff {
  equal: boolean;
  changes: SchemaChange[];
}

export function diffSchemas(a: Schema, b: Schema): SchemaDiff {
  const changes: SchemaChange[] = [];
  const moved = movedEnums(a, b);
  // Tables by identity: two `users` of two packages' MetaData are two tables (src/schema/identity.ts).
  const ta = new Map([...tableIds(a.tables)].map(([t, id]) => [id, t]));
  const tb = new Map([...tableIds(b.tables)].map(([t, id]) => [id, t]));
  for (const name of sortedKeys(ta, tb)) {
    const x = ta.get(name);
    const y = tb.get(name);
    if (!x) changes.push({ table: name, element: "table", name, kind: "added" });
    else if (!y) changes.push({ table: name, element: "table", name, kind: "removed" });
    else diffTable(name, x, y, changes, moved);
  }
  const ea = new Map(a.enums.map((e) => [moved.get(e.name) ?? e.name, e]));
  const eb = new Map(b.enums.map((e) => [e.name, e]));
  for (const name of sortedKeys(ea, eb)) compare(changes, null, "enum", name, ea.get(name), eb.get(name), enumFields);
  return { equal: changes.length === 0, changes };
}

/**
 * Enums of `a` that `b` has under another name only because a module qualifies it. Two enums of
 * one class name are told apart by their module (`Status` beside `pkg.models.Status`, whichever
 * was read first keeps the bare name), so a move can rename either, or swap the two, though
 * nothing the database stores changed. An enum that `b` has under its own name with the same
 * database name and values is itself; the others are paired by class name, database name and
 * values, one to one; what pairs with no one, or with several, stays a change.
 */
function movedEnums(a: Schema, b: Schema): Map<string, string> {
  const fields = (e: EnumType) => JSON.stringify(enumFields(e));
  const inB = new Map(b.enums.map((e) => [e.name, fields(e)]));
  const same = new Set(a.enums.filter((e) => inB.get(e.name) === fields(e)).map((e) => e.name));
  const out = new Map<string, string>();
  // Nearly every diff (a split that renamed no enum) ends here.
  if (same.size === a.enums.length && same.size === b.enums.length) return out;
  const group = (es: EnumType[]) => {
    const m = new Map<string, string[]>();
    for (const e of es) {
      if (same.has(e.name)) continue;
      const k = JSON.stringify([e.name.slice(e.name.lastIndexOf(".") + 1), enumFields(e)]);
      m.set(k, [...(m.get(k) ?? []), e.name]);
    }
    return m;
  };
  const come = group(b.enums);
  for (const [k, names] of group(a.enums)) {
    const to = come.get(k);
    if (names.length === 1 && to?.length === 1 && names[0] !== to[0]) out.set(names[0], to[0]);
  }
  // A pairing may not take a name that an enum of `a` left unpaired still holds.
  const kept = new Set(a.enums.map((e) => e.name).filter((n) => !out.has(n)));
  for (const [from, to] of out) if (kept.has(to)) out.delete(from);
  return out;
}

function sortedKeys<T>(a: Map<string, T>, b: Map<string, T>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

type Fields<T> = (x: T) => Record<string, unknown>;

/** Adds an added/removed/changed entry for one keyed element. */
function compare<T>(
  out: SchemaChange[],
  table: string | null,
  element: string,
  name: string,
  x: T | undefined,
  y: T | undefined,
  fields: Fields<T>,
  fieldsBefore: Fields<T> = fields,
): void {
  if (x === undefined && y === undefined) return;
  if (x === undefined) return void out.push({ table, element, name, kind: "added" });
  if (y === undefined) return void out.push({ table, element, name, kind: "removed" });
  const fx = fieldsBefore(x);
  const fy = fields(y);
  const diffs = Object.keys({ ...fx, ...fy })
    .filter((k) => JSON.stringify(fx[k] ?? null) !== JSON.stringify(fy[k] ?? null))
    .map((k) => ({ field: k, before: fx[k] ?? null, after: fy[k] ?? null }));
  if (diffs.length) out.push({ table, element, name, kind: "changed", fields: diffs });
}

function diffTable(name: string, x: Table, y: Table, out: SchemaChange[], moved: Map<string, string>): void {
  compare(out, name, "table", name, x, y, (t) => ({
    model: t.model ?? null,
    comment: t.comment ?? null,
    inherits: t.inherits ?? null,
    subclasses: [...(t.subclasses ?? [])].sort(),
    primaryKey: t.primaryKey,
  }));
  keyed(
    out,
    name,
    "column",
    x.columns,
    y.columns,
    (c) => c.name,
    columnFields,
    (c) => columnFields(c, moved),
  );
  keyed(
    out,
    name,
    "foreign-key",
    x.foreignKeys,
    y.foreignKeys,
    (f) => f.columns.join(","),
    (f) => ({
      name: f.name ?? null,
      refTable: f.refTable,
      refColumns: f.refColumns,
      onDelete: f.onDelete ?? null,
      onUpdate: f.onUpdate ?? null,
    }),
  );
  keyed(
    out,
    name,
    "index",
    x.indexes,
    y.indexes,
    (i) => i.name ?? i.columns.join(","),
    (i) => ({ columns: i.columns, unique: i.unique, expressions: (i.expressions ?? []).map(canonicalExpr) }),
  );
  keyed(
    out,
    name,
    "unique",
    x.uniqueConstraints,
    y.uniqueConstraints,
    (u) => u.columns.join(","),
    (u) => ({ name: u.name ?? null }),
  );
  keyed(
    out,
    name,
    "check",
    x.checkConstraints,
    y.checkConstraints,
    (c) => c.name ?? canonicalExpr(c.expression),
    (c) => ({ expression: canonicalExpr(c.expression) }),
  );
  keyed(
    out,
    name,
    "relationship",
    x.relationships,
    y.relationships,
    (r) => r.name,
    (r) => ({
      target: r.target,
      targetTable: r.targetTable ?? null,
      cardinality: r.cardinality,
      backPopulates: r.backPopulates ?? null,
      backref: r.backref ?? null,
      relatedName: r.relatedName ?? null,
      secondary: r.secondary ?? null,
    }),
  );
}

function keyed<T>(
  out: SchemaChange[],
  table: string,
  element: string,
  xs: T[],
  ys: T[],
  key: (v: T) => string,
  fields: Fields<T>,
  fieldsBefore: Fields<T> = fields,
): void {
  const mx = new Map(xs.map((v) => [key(v), v]));
  const my = new Map(ys.map((v) => [key(v), v]));
  for (const k of sortedKeys(mx, my)) compare(out, table, element, k, mx.get(k), my.get(k), fields, fieldsBefore);
}

/** A column's compared fields; `renamed` maps the before side's enum names to the after side's. */
function columnFields(c: Column, renamed?: Map<string, string>): Record<string, unknown> {
  return {
    type: typeText(c.type, renamed),
    nullable: c.nullable,
    default: canonicalDefault(c.default),
    serverDefault: c.serverDefault == null ? null : canonicalExpr(c.serverDefault),
    primaryKey: c.primaryKey,
    unique: c.unique,
    index: c.index,
    autoincrement: c.autoincrement ?? null,
    comment: c.comment ?? null,
  };
}

function enumFields(e: EnumType): Record<string, unknown> {
  return { dbName: e.dbName ?? null, values: e.values };
}

/** A compact, stable spelling of a column type: `string(50)`, `numeric(10,2)`, `enum<Role>`, `array<integer>`. */
export function typeText(t: ColumnType, renamed?: Map<string, string>): string {
  let s = t.normalized === "unknown" && t.written ? `unknown(${t.written})` : t.normalized;
  if (t.length != null) s += `(${t.length})`;
  if (t.precision != null) s += `(${t.precision}${t.scale != null ? `,${t.scale}` : ""})`;
  if (t.timezone) s += " tz";
  if (t.enum) s += `<${renamed?.get(t.enum) ?? t.enum}>`;
  if (t.item) s += `<${typeText(t.item, renamed)}>`;
  return s;
}

/** Human-readable report: one line per change, grouped by table, sorted. */
export function formatDiff(d: SchemaDiff): string {
  if (d.equal) return "schemas are equal\n";
  const lines: string[] = [];
  let current: string | null | undefined;
  for (const c of d.changes) {
    if (c.table !== current) {
      current = c.table;
      if (c.table !== null && !(c.element === "table" && c.kind !== "changed")) lines.push(`table ${c.table}:`);
    }
    const mark = c.kind === "added" ? "+" : c.kind === "removed" ? "-" : "~";
    const indent = c.table !== null && !(c.element === "table" && c.kind !== "changed") ? "  " : "";
    lines.push(`${indent}${mark} ${changeText(c)}`);
  }
  const count = (k: ChangeKind) => d.changes.filter((c) => c.kind === k).length;
  lines.push(
    `${d.changes.length} change(s): ${count("added")} added, ${count("removed")} removed, ${count("changed")} changed`,
  );
  return lines.join("\n") + "\n";
}

/** A change without its table: `column status: type String(20) → String(40)`. */
export function changeText(c: SchemaChange): string {
  const detail = c.fields?.map((f) => `${f.field} ${show(f.before)} → ${show(f.after)}`).join("; ");
  const subject = c.element === "table" && c.kind === "changed" ? "table" : `${c.element} ${c.name}`;
  return `${subject}${detail ? `: ${detail}` : ""}`;
}

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
