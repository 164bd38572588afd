import type { Column, ForeignKey, Schema, Table } from "../../schema/model.js";
import type { Dialect } from "../url.js";
import { camelToSnake } from "../../orm/attributes.js";
import { dependencyOrder } from "../ddl.js";
import { splitModules, type SplitBy } from "./domains.js";
import {
  className,
  ATTRIBUTE_NAME,
  memberName,
  Namespace,
  pascal,
  pyAttr,
  RESERVED_CLASSES,
  singular,
  type PullFramework,
} from "./names.js";
import { keylessTables, type KeylessTable, type StandInKey } from "./stand-in-key.js";
import { frameworkTraits } from "../../schema/frameworks.js";

export interface PlannedColumn {
  column: Column;
  attr: string;
  /** The attribute differs from the column name: the generator must pass the name explicitly. */
  explicitName: boolean;
  /** A single-column foreign key on this column, written inline. */
  fk: ForeignKey | null;
}

export interface PlannedRelationship {
  name: string;
  targetClass: string;
  /** many-to-one: this class holds the key; one-to-many / one-to-one: the other class does. */
  kind: "many-to-one" | "one-to-many" | "one-to-one";
  backPopulates: string;
  fk: ForeignKey;
  /** The class that holds the foreign key (for foreign_keys= when several keys join the same pair). */
  holderClass: string;
  /** Attributes of the key's columns on the holder class. */
  holderAttrs: string[];
  selfReferential: boolean;
  /** Several keys join the same two tables (either way): relationship() needs foreign_keys=. */
  ambiguous: boolean;
  /** The key closes a cycle of keys between tables: the row is updated after both exist. */
  postUpdate: boolean;
  optional: boolean;
}

export interface PlannedClass {
  table: Table;
  /** The class name, or for a table-only entry the name of its `Table` variable. */
  name: string;
  /**
   * A table without a primary key, in a framework whose mapped classes need one (SQLAlchemy,
   * SQLModel): written as a plain `Table(...)`, with no relationship to or from it.
   */
  tableOnly: boolean;
  /**
   * A table without a primary key, in Django or Tortoise, whose model takes this NOT NULL unique
   * column as its primary key (`table.primaryKey` is then that column): no relationship points to it.
   */
  standIn: StandInKey | null;
  module: string;
  columns: PlannedColumn[];
  relationships: PlannedRelationship[];
}

export interface PlannedEnum {
  key: string;
  name: string;
  dbName: string | null;
  members: { name: string; value: string }[];
  /** Some member name differs from its value: SQLAlchemy must persist values (values_callable). */
  byValue: boolean;
}

export interface PullPlan {
  dialect: Dialect;
  /** The framework the classes are written for. */
  framework: PullFramework;
  classes: PlannedClass[];
  enums: Map<string, PlannedEnum>;
  modules: Map<string, PlannedClass[]>;
  /** Tables without a primary key that got a stand-in key or were left out (Django, Tortoise). */
  keyless: KeylessTable[];
}

/**
 * Names every class, attribute, relationship and enum for a database schema. Attributes follow
 * the framework's rules (Django's field checks, the names each base class keeps); the rest is
 * the same for every framework.
 */
export function planPull(
  source: Schema,
  dialect: Dialect,
  splitBy: SplitBy,
  framework: PullFramework = "sqlalchemy",
): PullPlan {
  const keyless = keylessTables(source.tables, framework);
  const standIns = new Map(keyless.filter((k) => k.standIn).map((k) => [k.table, k.standIn!]));
  const leftOut = new Set(keyless.filter((k) => !k.standIn).map((k) => k.table));
  const tables = source.tables
    .filter((t) => !leftOut.has(t.name))
    .map((t) => (standIns.has(t.name) ? { ...t, primaryKey: [standIns.get(t.name)!.column] } : t));
  // An enum type only a left-out table uses would be an unused class: it goes with that table.
  const enumsOf = (ts: typeof source.tables) =>
    new Set(
      ts.flatMap((t) => t.columns.flatMap((c) => [c.type.enum, c.type.item?.enum])).filter((e): e is string => !!e),
    );
  const keptEnums = enumsOf(tables);
  const droppedEnums = enumsOf(source.tables.filter((t) => leftOut.has(t.name)));
  const schema = {
    ...source,
    tables,
    enums: source.enums.filter((e) => keptEnums.has(e.name) || !droppedEnums.has(e.name)),
  };
  const attrOf = ATTRIBUTE_NAME[framework];
  const classNames = new Namespace(RESERVED_CLASSES);
  const enums = new Map<string, PlannedEnum>();
  for (const e of schema.enums) {
    const members = new Namespace();
    const list = e.values.map((v) => ({ name: members.claim(memberName(v)), value: v }));
    const name = classNames.claim(pascal(e.name));
    enums.set(e.name, {
      key: e.name,
      name,
      dbName: e.dbName ?? null,
      members: list,
      byValue: list.some((m) => m.name !== m.value),
    });
  }
  const classes = new Map<string, PlannedClass>();
  const attrs = new Map<string, Namespace>();
  const tableClasses = schema.tables.map((t) => classNames.claim(className(t.name)));
  // Class bodies read the classes' and enums' names (enum types, relationship targets).
  const typeNames = [...tableClasses, ...[...enums.values()].map((e) => e.name)];
  schema.tables.forEach((t, i) => {
    const ns = new Namespace(typeNames);
    attrs.set(t.name, ns);
    const singleFks = new Map(t.foreignKeys.filter((f) => f.columns.length === 1).map((f) => [f.columns[0], f]));
    // Columns whose name is already their attribute keep it; the others (`_created` next to
    // `created`, `my-col` next to `my_col`) are suffixed.
    const wanted = t.columns.map((c) => attrOf(c.name));
    const attrsOf = new Map<number, string>();
    t.columns.forEach((c, n) => {
      if (wanted[n] === c.name) attrsOf.set(n, ns.claim(wanted[n]));
    });
    t.columns.forEach((_, n) => {
      if (!attrsOf.has(n)) attrsOf.set(n, ns.claim(wanted[n]));
    });
    const columns = t.columns.map((c, n) => {
      const attr = attrsOf.get(n)!;
      return { column: c, attr, explicitName: attr !== c.name, fk: singleFks.get(c.name) ?? null };
    });
    const tableOnly = t.primaryKey.length === 0 && frameworkTraits(framework).keylessTables;
    // `t_audit_log`, as sqlacodegen spells a Table variable: the class name it does not get, snake-cased.
    const name = tableOnly ? `t_${camelToSnake(tableClasses[i])}` : tableClasses[i];
    classes.set(t.name, {
      table: t,
      name,
      tableOnly,
      standIn: standIns.get(t.name) ?? null,
      module: "",
      columns,
      relationships: [],
    });
  });
  // Keys that close a cycle (interviews.task_id -> tasks, tasks.interview_id -> interviews), the ones
  // `db ddl` adds last: without post_update on them SQLAlchemy's unit of work cannot order the
  // INSERTs of rows that point at each other.
  const closing = dependencyOrder(schema.tables).deferred;
  const idAttrs = frameworkTraits(framework).relationFields;
  for (const t of schema.tables) addRelationships(t, classes, attrs, closing, attrOf, idAttrs);
  const modules = new Map<string, PlannedClass[]>();
  for (const [mod, tables] of splitModules(schema.tables, splitBy)) {
    const list = tables.map((t) => classes.get(t.name)!);
    for (const c of list) c.module = mod;
    modules.set(mod, list);
  }
  return { dialect, framework, classes: [...classes.values()], enums, modules, keyless };
}

/**
 * `idAttrs`: the framework gives a single-column key's field a second attribute, `<name>_id`
 * (Django, Tortoise), which must not be another column's: `owner_key` next to a column `owner_id`
 * makes the field `owner_2`, not `owner`.
 */
function addRelationships(
  t: Table,
  classes: Map<string, PlannedClass>,
  attrs: Map<string, Namespace>,
  closing: Set<ForeignKey>,
  pyAttr: (name: string) => string,
  idAttrs: boolean,
): void {
  const holder = classes.get(t.name)!;
  const reverse = (ref: string) =>
    ref === t.name ? 0 : (classes.get(ref)?.table.foreignKeys.filter((f) => f.refTable === t.name).length ?? 0);
  if (holder.tableOnly) return;
  for (const fk of t.foreignKeys) {
    const target = classes.get(fk.refTable);
    // A key to a table without a primary key (to its UNIQUE column) stays a plain column.
    if (!target || target.tableOnly || target.standIn) continue;
    const pairCount = t.foreignKeys.filter((f) => f.refTable === fk.refTable).length;
    const selfRef = fk.refTable === t.name;
    // Names follow the keys this table holds; foreign_keys= follows every key between the pair.
    const severalHere = pairCount > 1;
    const ambiguous = severalHere || reverse(fk.refTable) > 0;
    const stem =
      fk.columns.length === 1 && /_id$/i.test(fk.columns[0]) && fk.columns[0].length > 3
        ? fk.columns[0].slice(0, -3)
        : pyAttr(className(fk.refTable).replace(/[A-Z]/g, (m, i) => (i ? "_" : "") + m.toLowerCase()));
    const cols = fk.columns.map((c) => holder.columns.find((x) => x.column.name === c)!);
    const ns = attrs.get(t.name)!;
    const idFree = (n: string) =>
      !idAttrs || fk.columns.length !== 1 || `${n}_id` === cols[0].attr || !ns.has(`${n}_id`);
    const m2oName = ns.claim(pyAttr(stem), idFree);
    if (idAttrs && fk.columns.length === 1 && `${m2oName}_id` !== cols[0].attr) ns.claim(`${m2oName}_id`);
    const unique =
      t.uniqueConstraints.some((u) => u.columns.join(",") === fk.columns.join(",")) ||
      (fk.columns.length === 1 && cols[0]?.column.unique) ||
      t.primaryKey.join(",") === fk.columns.join(",");
    // The other side is named after this table: plural for a collection, singular for one-to-one.
    const own = unique && !selfRef ? singular(t.name) : t.name;
    const back = selfRef || severalHere ? `${m2oName}_${own}` : own;
    const o2mName = attrs.get(fk.refTable)!.claim(pyAttr(back));
    const common = {
      fk,
      holderClass: holder.name,
      holderAttrs: cols.map((c) => c.attr),
      selfReferential: selfRef,
      ambiguous,
      postUpdate: closing.has(fk),
    };
    holder.relationships.push({
      ...common,
      name: m2oName,
      targetClass: target.name,
      kind: "many-to-one",
      backPopulates: o2mName,
      optional: cols.some((c) => c.column.nullable),
    });
    target.relationships.push({
      ...common,
      name: o2mName,
      targetClass: holder.name,
      kind: unique && !selfRef ? "one-to-one" : "one-to-many",
      backPopulates: m2oName,
      optional: true,
    });
  }
}
