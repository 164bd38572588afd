import type { Column, ColumnType, Schema, Table } from "../schema/model.js";

/** Helpers every adapter uses to assemble the neutral schema from catalog rows. */

export function newTable(name: string, comment?: string | null): Table {
  return {
    name,
    schema: null,
    model: null,
    module: null,
    framework: "database",
    columns: [],
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
    uniqueConstraints: [],
    checkConstraints: [],
    relationships: [],
    comment: comment ?? null,
  };
}

export function newColumn(
  name: string,
  type: ColumnType,
  nullable: boolean,
  serverDefault: string | null,
  extra: Partial<Column> = {},
): Column {
  return {
    name,
    type,
    nullable,
    default: null,
    serverDefault,
    primaryKey: false,
    unique: false,
    index: false,
    ...extra,
  };
}

/** Marks primary key columns (never nullable) and sorts everything into a stable order. */
export function finishSchema(tables: Map<string, Table>, enums: Schema["enums"]): Schema {
  const sorted = [...tables.values()].sort((a, b) => cmp(a.name, b.name));
  for (const t of sorted) {
    for (const c of t.columns) {
      if (t.primaryKey.includes(c.name)) {
        c.primaryKey = true;
        c.nullable = false;
      }
    }
    t.foreignKeys.sort((a, b) => cmp(a.columns.join(","), b.columns.join(",")) || cmp(a.name ?? "", b.name ?? ""));
    t.indexes.sort((a, b) => cmp(a.name ?? "", b.name ?? ""));
    t.uniqueConstraints.sort((a, b) => cmp(a.name ?? "", b.name ?? ""));
    t.checkConstraints.sort((a, b) => cmp(a.name ?? "", b.name ?? ""));
    // A single-column unique constraint or index is the column's `unique=True` / `index=True`.
    for (const u of t.uniqueConstraints) if (u.columns.length === 1) markColumn(t, u.columns[0], "unique");
    for (const i of t.indexes)
      if (i.columns.length === 1 && !i.expressions?.length) markColumn(t, i.columns[0], i.unique ? "unique" : "index");
  }
  return { version: 1, tables: sorted, enums: [...enums].sort((a, b) => cmp(a.name, b.name)) };
}

function markColumn(t: Table, name: string, flag: "unique" | "index"): void {
  const c = t.columns.find((x) => x.name === name);
  if (c) c[flag] = true;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `fn` applied to `rows` grouped by `key`, in first-seen order. */
export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** FK actions as SQL spells them; null for the default (NO ACTION). */
export function fkAction(a: string | null | undefined): string | null {
  if (!a) return null;
  const s = a.toUpperCase().replace(/_/g, " ").trim();
  return s === "NO ACTION" ? null : s;
}
