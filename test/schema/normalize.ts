import type { Column, ColumnType, Schema, Table } from "../../src/schema/model.js";
import { canonicalDefault as pyDefault } from "../../src/schema/canonical.js";

/**
 * What the static extractor and a runtime dump can both know, in one canonical form. Every
 * normalization here is documented in docs/commands/schema.md ("Static versus runtime"):
 * - source locations, `written` type spellings, notes and `unknown` markers are dropped (the runtime
 *   does not see source);
 * - columns, foreign keys, indexes, unique and check constraints, relationships are compared as
 *   sets (sorted), because declarative column order follows object creation order across mixins;
 * - a Python default is compared as a literal value, or as the last name of what it refers to
 *   (`datetime.utcnow` → utcnow, `Role.MEMBER` → MEMBER);
 * - a custom type's enum argument (`EnumValueType(Kind)`) is dropped: a TypeDecorator hides it;
 * - enums are compared only where a column uses them;
 * - options.djangoChecks: Django check constraints compare by name (Q objects print differently);
 * - options.enumByValues: Django choices are compared by their values (the runtime cannot name
 *   the Choices class).
 */
export interface NormalizeOptions {
  djangoChecks?: boolean;
  enumByValues?: boolean;
}

export function normalizeSchema(s: Schema, o: NormalizeOptions = {}): unknown {
  const enumValues = new Map(s.enums.map((e) => [e.name, e]));
  const used = new Set<string>();
  const namespace = metadataGroups(s.tables);
  const tables = [...s.tables]
    .sort((a, b) => key(a).localeCompare(key(b)) || (a.model ?? "").localeCompare(b.model ?? ""))
    .map((t) => ({ ...(table(t, o, enumValues, used) as object), metadata: namespace.get(t) }));
  const enums = s.enums
    .filter((e) => used.has(e.name))
    .map((e) => ({
      name: e.name,
      dbName: e.dbName ?? null,
      values: e.values,
      members: e.members ?? null,
      labels: e.labels ?? null,
      pythonEnum: e.pythonEnum ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return o.enumByValues ? { tables } : { tables, enums };
}

/**
 * Which tables share one MetaData, named by its first table (`users Account`): the static side
 * names a MetaData by its variable or base, the runtime by its order, so only the grouping compares.
 * A table whose MetaData the static side does not know (null) is grouped with the other such ones.
 */
function metadataGroups(tables: readonly Table[]): Map<Table, string> {
  const first = new Map<string, string>();
  const label = (t: Table) => `${key(t)} ${t.model ?? ""}`;
  for (const t of tables) {
    const md = t.metadata ?? "";
    const l = label(t);
    if (!first.has(md) || l < first.get(md)!) first.set(md, l);
  }
  return new Map(tables.map((t) => [t, first.get(t.metadata ?? "")!]));
}

function key(t: Table): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function table(t: Table, o: NormalizeOptions, enums: Map<string, Schema["enums"][number]>, used: Set<string>): unknown {
  return {
    name: t.name,
    schema: t.schema ?? null,
    model: t.model ?? null,
    columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)).map((c) => column(c, o, enums, used)),
    primaryKey: t.primaryKey,
    foreignKeys: t.foreignKeys
      .map((f) => ({
        name: f.name ?? null,
        columns: f.columns,
        refTable: f.refTable,
        refColumns: f.refColumns,
        onDelete: f.onDelete ?? null,
        onUpdate: f.onUpdate ?? null,
      }))
      .sort(byJson),
    // A partial index's predicate is also kept as a "WHERE ..." expression (what db diff compares
    // with the database's pg_get_expr); here the predicate itself, as SQL, is compared.
    indexes: t.indexes
      .map((i) => ({
        name: i.name ?? null,
        columns: i.columns,
        unique: i.unique,
        expressions: (i.expressions ?? []).filter((e) => !e.startsWith("WHERE ")).length,
        where: i.where ?? null,
        using: i.using ?? null,
      }))
      .sort(byJson),
    uniqueConstraints: t.uniqueConstraints.map((u) => ({ name: u.name ?? null, columns: u.columns })).sort(byJson),
    checkConstraints: t.checkConstraints
      .map((c) => (o.djangoChecks ? { name: c.name ?? null } : { name: c.name ?? null, expression: c.expression }))
      .sort(byJson),
    relationships: t.relationships
      .map((r) => ({
        name: r.name,
        target: r.target,
        targetTable: r.targetTable ?? null,
        cardinality: r.cardinality,
        backPopulates: r.backPopulates ?? null,
        backref: r.backref ?? null,
        relatedName: r.relatedName ?? null,
        secondary: r.secondary ?? null,
      }))
      .sort(byJson),
    comment: t.comment ?? null,
    description: t.description ?? null,
    inherits: t.inherits ?? null,
    subclasses: [...(t.subclasses ?? [])].sort(),
  };
}

function column(
  c: Column,
  o: NormalizeOptions,
  enums: Map<string, Schema["enums"][number]>,
  used: Set<string>,
): unknown {
  return {
    name: c.name,
    type: type(c.type, o, enums, used),
    nullable: c.nullable,
    default: pyDefault(c.default ?? null),
    serverDefault: c.serverDefault ?? null,
    onUpdate: pyDefault(c.onUpdate ?? null),
    serverOnUpdate: c.serverOnUpdate ?? null,
    computed: c.computed ?? null,
    identity: c.identity ?? null,
    primaryKey: c.primaryKey,
    unique: c.unique,
    index: c.index,
    autoincrement: c.autoincrement ?? null,
    comment: c.comment ?? null,
    description: c.description ?? null,
  };
}

function type(
  t: ColumnType,
  o: NormalizeOptions,
  enums: Map<string, Schema["enums"][number]>,
  used: Set<string>,
): unknown {
  // A TypeDecorator hides the enum it is given (`StrEnumType(Kind)`): only the static side links it.
  const custom = t.normalized.startsWith("custom:") || !!t.decorator;
  let enumRef: unknown = null;
  if (t.enum && !custom) {
    used.add(t.enum);
    enumRef = o.enumByValues ? (enums.get(t.enum)?.values ?? null) : t.enum;
  }
  return {
    normalized: t.normalized,
    length: t.length ?? null,
    precision: t.precision ?? null,
    scale: t.scale ?? null,
    timezone: t.timezone ?? null,
    enum: enumRef,
    item: t.item ? type(t.item, o, enums, used) : null,
    decorator: t.decorator ?? null,
  };
}
