import type { Table } from "../../schema/model.js";
import type { ExtractContext } from "../context.js";

/**
 * A table declared again in the MetaData that already holds it is the same table at run time:
 * `Table(name, md, ...)` returns the existing object, extended with the new columns and options
 * under `extend_existing=True` (a column of the same name replaces the old one, and the old one's
 * foreign keys go with it) and unchanged under `keep_existing=True` (or when nothing is given but
 * the name). Classes declared that way are mapped to that one table. Without either flag the second
 * declaration is what SQLAlchemy refuses; both stay listed and noteRedefinedTables reports it.
 *
 * Run once every table is read and before foreign keys and relationships are resolved, which
 * then see one table. The first declaration is the one without a flag: SQLAlchemy raises when an
 * unflagged one comes second, so whatever the import order, that one made the table.
 */
export function mergeRedeclaredTables(ctx: ExtractContext): void {
  const flags = ctx.registry.redeclared;
  if (flags.size === 0) return;
  const groups = new Map<string, Table[]>();
  for (const t of ctx.tables) {
    const k = namespaceKey(t);
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const merged = ctx.registry.mergedInto;
  for (const group of groups.values()) {
    if (group.length < 2 || !group.some((t) => flags.has(t))) continue;
    const base = group.find((t) => !flags.has(t)) ?? group[0];
    for (const t of group) {
      if (t === base) continue;
      const flag = flags.get(t);
      if (!flag) continue;
      if (flag === "extend") extend(base, t);
      else keep(ctx, base, t);
      merged.set(t, base);
    }
  }
  if (merged.size === 0) return;
  const into = (t: Table) => merged.get(t) ?? t;
  for (const [k, t] of ctx.registry.modelTable) ctx.registry.modelTable.set(k, into(t));
  for (const [k, t] of ctx.registry.varTable) ctx.registry.varTable.set(k, into(t));
  for (const t of merged.keys()) ctx.registry.conventions.delete(t);
  const kept = ctx.tables.filter((t) => !merged.has(t));
  ctx.tables.splice(0, ctx.tables.length, ...kept);
}

/**
 * Which tables are one namespace: those of one MetaData (and schema). A SQLModel or
 * Flask-SQLAlchemy table whose MetaData is not named is in the framework's one (`SQLModel.metadata`,
 * `db.metadata`); a plain SQLAlchemy table of an unknown MetaData is compared with none.
 */
function namespaceKey(t: Table): string | null {
  const md =
    t.metadata ?? (t.framework === "sqlmodel" || t.framework === "flask-sqlalchemy" ? `(${t.framework})` : null);
  return md === null ? null : `${md} ${t.schema ?? ""}.${t.name}`;
}

/** `extend_existing=True`: columns replace or join the existing ones; constraints, indexes and relationships are added. */
function extend(base: Table, t: Table): void {
  for (const col of t.columns) {
    const at = base.columns.findIndex((c) => c.name === col.name);
    if (at < 0) {
      base.columns.push(col);
    } else {
      base.columns[at] = col;
      base.foreignKeys = base.foreignKeys.filter((f) => !f.columns.includes(col.name));
    }
    if (col.primaryKey && !base.primaryKey.includes(col.name)) base.primaryKey.push(col.name);
  }
  base.foreignKeys.push(...t.foreignKeys);
  base.indexes.push(...t.indexes);
  base.uniqueConstraints.push(...t.uniqueConstraints);
  base.checkConstraints.push(...t.checkConstraints);
  base.relationships.push(...t.relationships);
  if (t.comment) base.comment = t.comment;
  addSubclasses(base, t);
}

/** `keep_existing=True`: the table stays as first declared; a class's columns it lacks are not mapped. */
function keep(ctx: ExtractContext, base: Table, t: Table): void {
  base.relationships.push(...t.relationships);
  addSubclasses(base, t);
  const lost = t.columns.filter((c) => !base.columns.some((b) => b.name === c.name)).map((c) => c.name);
  if (!lost.length) return;
  const who = t.model ?? `Table("${t.name}")`;
  const first = base.source ? ` (${base.source.path}:${base.source.line})` : "";
  const message = `${who}: ${lost.join(", ")} ${lost.length > 1 ? "are not columns" : "is not a column"} of ${t.name}: keep_existing=True keeps the table as first declared${first}`;
  ctx.notes.push(t.source ? { message, source: t.source } : { message });
}

function addSubclasses(base: Table, t: Table): void {
  if (t.subclasses?.length) base.subclasses = [...(base.subclasses ?? []), ...t.subclasses];
}
