import type { Table } from "../../schema/model.js";
import { pyModule } from "./names.js";

export type SplitBy = "domain" | "table" | "none";

/**
 * Groups tables into modules. `domain`: tables connected by foreign keys share a module named
 * after the group's main table (the one most referenced, then the one with most links, then
 * alphabetical). `table`: one module per table. `none`: everything in models.py.
 */
export function splitModules(tables: Table[], by: SplitBy): Map<string, Table[]> {
  const out = new Map<string, Table[]>();
  if (by === "none") return tables.length ? new Map([["models", tables]]) : out;
  if (by === "table") {
    for (const t of tables) out.set(moduleName(t.name, out), [t]);
    return out;
  }
  const parent = new Map(tables.map((t) => [t.name, t.name]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const t of tables)
    for (const f of t.foreignKeys) if (parent.has(f.refTable)) parent.set(find(t.name), find(f.refTable));
  const groups = new Map<string, Table[]>();
  for (const t of tables) {
    const root = find(t.name);
    groups.set(root, [...(groups.get(root) ?? []), t]);
  }
  const inbound = (t: Table, group: Table[]) =>
    group.reduce((n, o) => n + o.foreignKeys.filter((f) => f.refTable === t.name && o !== t).length, 0);
  const ordered = [...groups.values()].map((g) => {
    const main = [...g].sort(
      (a, b) =>
        inbound(b, g) - inbound(a, g) || b.foreignKeys.length - a.foreignKeys.length || (a.name < b.name ? -1 : 1),
    )[0];
    return { main, g };
  });
  ordered.sort((a, b) => (a.main.name < b.main.name ? -1 : 1));
  for (const { main, g } of ordered)
    out.set(
      moduleName(main.name, out),
      g.sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  return out;
}

function moduleName(table: string, taken: Map<string, unknown>): string {
  let base = pyModule(table);
  if (["base", "enums", "__init__", "models"].includes(base)) base = `${base}_table`;
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base}_${i}`;
  return n;
}
