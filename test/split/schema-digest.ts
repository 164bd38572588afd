/**
 * A short, hand-writable form of the static schema, for fixtures whose framework is not installed
 * here (Tortoise): the expected dump is written by hand in this form and the schema read before
 * and after the split must both equal it. Comparing the two schemas with each other alone would
 * also pass if the extractor saw no model at all; the hand-written digest rules that out.
 * Source locations and modules are left out: a split changes them and nothing else. Columns keep
 * their order; keys, relations and constraints are sorted, since reverse relations are added in the
 * order the modules are read, which a split changes (Tortoise keeps them in a dict too).
 */
import type { Column, Schema, Table } from "../../src/schema/model.js";

export interface TableDigest {
  model: string | null;
  columns: string[];
  foreignKeys: string[];
  relationships: string[];
  unique: string[];
  indexes: string[];
}

export interface SchemaDigest {
  tables: Record<string, TableDigest>;
  enums: Record<string, string[]>;
  notes: string[];
}

export function digestSchema(schema: Schema): SchemaDigest {
  const tables: Record<string, TableDigest> = {};
  for (const t of [...schema.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) tables[t.name] = digestTable(t);
  const enums: Record<string, string[]> = {};
  for (const e of [...schema.enums].sort((a, b) => (a.name < b.name ? -1 : 1))) enums[e.name] = e.values;
  return { tables, enums, notes: (schema.notes ?? []).map((n) => n.message).sort() };
}

function digestTable(t: Table): TableDigest {
  return {
    model: t.model ?? null,
    columns: t.columns.map(digestColumn),
    foreignKeys: sorted(
      t.foreignKeys,
      (f) =>
        `${f.columns.join(",")} -> ${f.refTable}.${f.refColumns.join(",")}${f.onDelete ? ` on delete ${f.onDelete}` : ""}`,
    ),
    relationships: sorted(
      t.relationships,
      (r) =>
        `${r.name}: ${r.cardinality} ${r.target}${r.relatedName ? ` related_name=${r.relatedName}` : ""}${r.backPopulates ? ` back=${r.backPopulates}` : ""}${r.secondary ? ` through=${r.secondary}` : ""}`,
    ),
    unique: sorted(t.uniqueConstraints, (u) => u.columns.join(",")),
    indexes: sorted(t.indexes, (i) => `${i.name ?? ""}(${i.columns.join(",")})${i.unique ? " unique" : ""}`),
  };
}

function sorted<T>(items: T[], line: (item: T) => string): string[] {
  return items.map(line).sort();
}

/** `name type(args) flags`: e.g. `code string(12) unique default=new_ticket_code`. */
function digestColumn(c: Column): string {
  const ty = c.type;
  const args = ty.length != null ? `(${ty.length})` : ty.precision != null ? `(${ty.precision},${ty.scale ?? 0})` : "";
  const flags = [
    c.primaryKey && "pk",
    c.nullable && "null",
    c.unique && !c.primaryKey && "unique",
    c.index && "index",
    c.default != null && `default=${c.default}`,
    ty.enum && `enum=${ty.enum}`,
  ].filter(Boolean);
  return [`${c.name} ${ty.normalized}${args}`, ...flags].join(" ");
}
