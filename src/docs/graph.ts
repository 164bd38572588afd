import type { Column, ForeignKey, Schema, Table } from "../schema/model.js";
import { resolveTableRef, tableId, tableIds } from "../schema/identity.js";

/** One foreign key seen as an edge of the table graph: `from` holds the FK columns, `to` is referenced. */
export interface FkEdge {
  fk: ForeignKey;
  from: Table;
  /** Null when the referenced table is not in the schema (another database, a typo in the model). */
  to: Table | null;
  /** Every FK column is nullable: a row may reference nothing (zero-or-one on the referenced side). */
  optional: boolean;
  /** The FK columns are unique (column flag, unique constraint or index, or the whole PK): one-to-one. */
  unique: boolean;
  /** The FK columns are part of the primary key (an identifying relationship: drawn as a solid line). */
  identifying: boolean;
}

/**
 * An ORM relationship between two tables that no foreign key joins (a `primaryjoin` with
 * `foreign()` on an un-constrained column, a relationship through a secondary table not in the
 * schema, ...): drawn too, so that related tables do not float unconnected.
 */
export interface RelEdge {
  from: Table;
  to: Table;
  name: string;
  cardinality: import("../schema/model.js").Cardinality;
}

/**
 * The schema as a graph, computed once and shared by every renderer: tables by key, FK edges in
 * and out, association tables. Keys are `schema.name` when a table has a schema, else `name`.
 */
export interface SchemaGraph {
  schema: Schema;
  /** Tables sorted by key. */
  tables: Table[];
  key(table: Table): string;
  /** Finds a table by key, or by bare name when that is unambiguous. */
  find(ref: string): Table | null;
  /** The table a foreign key, relationship or secondary of `from` names: same-named tables resolve to `from`'s own package. */
  findFrom(from: Table, ref: string): Table | null;
  outgoing(table: Table): FkEdge[];
  /** ORM relationships without a foreign key between their two tables, each pair once, by their owning side. */
  relationsFrom(table: Table): RelEdge[];
  incoming(table: Table): FkEdge[];
  /** Tables linked to this one by an FK in either direction, excluding itself, sorted by key. */
  neighbours(table: Table): Table[];
  /** For an association (many-to-many) table: the two tables it links; otherwise null. */
  association(table: Table): [Table, Table] | null;
  /** Enum name → the columns that use it. */
  enumUsage(name: string): { table: Table; column: Column }[];
}

/** A table's key: its qualified name, or `name@package` when several tables share it (src/schema/identity.ts). */
export function tableKey(table: Table): string {
  return tableId(table);
}

/** Builds the graph of a schema. Pure; O(tables + columns + FKs). */
export function buildGraph(schema: Schema): SchemaGraph {
  tableIds(schema.tables);
  const tables = [...schema.tables].sort((a, b) => compare(tableKey(a), tableKey(b)));
  const byKey = new Map<string, Table>();
  const byQualified = new Map<string, Table[]>();
  const byName = new Map<string, Table[]>();
  for (const t of tables) {
    byKey.set(tableKey(t), t);
    const q = t.schema ? `${t.schema}.${t.name}` : t.name;
    byQualified.set(q, [...(byQualified.get(q) ?? []), t]);
    byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  }
  const find = (ref: string): Table | null => {
    const exact = byKey.get(ref);
    if (exact) return exact;
    const named = byName.get(ref) ?? byName.get(ref.slice(ref.lastIndexOf(".") + 1)) ?? [];
    return named.length === 1 ? named[0] : null;
  };
  /** A foreign key's target: among same-named tables, the one of the referencing table's own package. */
  const target = (from: Table, ref: string): Table | null =>
    byKey.get(ref) && (byQualified.get(ref)?.length ?? 0) <= 1
      ? byKey.get(ref)!
      : resolveTableRef(from, byQualified.get(ref) ?? byName.get(ref) ?? []);
  const out = new Map<Table, FkEdge[]>();
  const inc = new Map<Table, FkEdge[]>();
  for (const t of tables) {
    const edges = t.foreignKeys.map((fk) => edgeOf(t, fk, target(t, fk.refTable)));
    out.set(t, edges);
    for (const e of edges) if (e.to) inc.set(e.to, [...(inc.get(e.to) ?? []), e]);
  }
  const rels = new Map<Table, RelEdge[]>();
  const linked = new Set<string>();
  const pair = (a: Table, b: Table) => [tableKey(a), tableKey(b)].sort().join("\u0000");
  for (const t of tables) for (const e of out.get(t) ?? []) if (e.to) linked.add(pair(t, e.to));
  for (const t of tables) {
    for (const r of t.relationships) {
      const to = r.targetTable ? target(t, r.targetTable) : null;
      if (!to || to === t || linked.has(pair(t, to))) continue;
      // A many-to-many through a secondary table of the schema is drawn by that table's foreign keys.
      if (r.secondary && target(t, r.secondary)) continue;
      linked.add(pair(t, to));
      rels.set(t, [...(rels.get(t) ?? []), { from: t, to, name: r.name, cardinality: r.cardinality }]);
    }
  }
  const relIn = new Map<Table, RelEdge[]>();
  for (const es of rels.values()) for (const e of es) relIn.set(e.to, [...(relIn.get(e.to) ?? []), e]);
  const usage = enumUsageMap(tables);
  const assoc = new Map<Table, [Table, Table] | null>();
  const secondaries = new Set(tables.flatMap((t) => t.relationships.map((r) => r.secondary).filter(Boolean)));
  for (const t of tables)
    assoc.set(t, associationOf(t, out.get(t) ?? [], secondaries.has(t.name) || secondaries.has(tableKey(t))));
  return {
    schema,
    tables,
    key: tableKey,
    find,
    findFrom: (from, ref) => target(from, ref) ?? find(ref),
    outgoing: (t) => out.get(t) ?? [],
    relationsFrom: (t) => rels.get(t) ?? [],
    incoming: (t) => inc.get(t) ?? [],
    neighbours(t) {
      const set = new Set<Table>();
      for (const e of out.get(t) ?? []) if (e.to && e.to !== t) set.add(e.to);
      for (const e of inc.get(t) ?? []) if (e.from !== t) set.add(e.from);
      for (const e of rels.get(t) ?? []) set.add(e.to);
      for (const e of relIn.get(t) ?? []) set.add(e.from);
      return [...set].sort((a, b) => compare(tableKey(a), tableKey(b)));
    },
    association: (t) => assoc.get(t) ?? null,
    enumUsage: (name) => usage.get(name) ?? [],
  };
}

function edgeOf(from: Table, fk: ForeignKey, to: Table | null): FkEdge {
  const cols = fk.columns.map((c) => from.columns.find((x) => x.name === c));
  const optional = cols.length > 0 && cols.every((c) => c?.nullable === true);
  const same = (names: string[]) => names.length === fk.columns.length && fk.columns.every((c) => names.includes(c));
  const unique =
    (fk.columns.length === 1 && cols[0]?.unique === true) ||
    same(from.primaryKey) ||
    from.uniqueConstraints.some((u) => same(u.columns)) ||
    from.indexes.some((i) => i.unique && same(i.columns));
  const identifying = fk.columns.length > 0 && fk.columns.every((c) => from.primaryKey.includes(c));
  return { fk, from, to, optional, unique, identifying };
}

/**
 * An association table links exactly two FKs and either a relationship names it as its
 * secondary/through table, or it has nothing of its own besides keys and bookkeeping columns (a
 * surrogate id, timestamps) and a pair appears once (the FK columns are the primary key or unique
 * together, or the table has no key). It is drawn and described as many-to-many.
 */
function associationOf(table: Table, edges: FkEdge[], namedSecondary: boolean): [Table, Table] | null {
  if (edges.length !== 2 || !edges[0].to || !edges[1].to) return null;
  const fkCols = new Set(edges.flatMap((e) => e.fk.columns));
  const own = table.columns.filter((c) => !fkCols.has(c.name));
  const bookkeeping = (c: Column) =>
    (c.primaryKey && table.primaryKey.length === 1) || /^(created|updated)(_at|_on)?$/.test(c.name);
  // A table that a relationship names as its secondary is many-to-many whatever else it holds.
  if (!namedSecondary && !own.every(bookkeeping)) return null;
  const covers = (cols: string[]) => cols.length === fkCols.size && cols.every((c) => fkCols.has(c));
  const pairOnce =
    namedSecondary ||
    table.primaryKey.length === 0 ||
    covers(table.primaryKey) ||
    table.uniqueConstraints.some((u) => covers(u.columns)) ||
    table.indexes.some((i) => i.unique && covers(i.columns));
  return pairOnce ? [edges[0].to, edges[1].to] : null;
}

function enumUsageMap(tables: Table[]): Map<string, { table: Table; column: Column }[]> {
  const map = new Map<string, { table: Table; column: Column }[]>();
  for (const table of tables) {
    for (const column of table.columns) {
      // A string column whose default names an enum member holds that enum's values too.
      for (const name of new Set([column.type.enum ?? column.type.item?.enum, column.valuesOf])) {
        if (name) map.set(name, [...(map.get(name) ?? []), { table, column }]);
      }
    }
  }
  return map;
}

/** Stable, locale-independent ordering (output must not depend on the machine's locale). */
export function compare(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
