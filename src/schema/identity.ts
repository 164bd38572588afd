import type { Table } from "./model.js";

/**
 * A table's identity. In the database it is (schema, name); a project can hold several databases'
 * models (Backend.AI's manager, account manager and app proxy each have a `users` table, on three
 * different MetaData objects), so two tables of one (schema, name) are told apart by the package
 * their models live in: `users@manager`, `users@account_manager`. The label is the first dotted
 * component where their modules differ; within one package, where their MetaData's names differ
 * (`users@Base`, `users@AuditBase`). Everything keyed by table (doc pages, anchors, diagrams,
 * tbls output, schema diff) uses these ids, so no table overwrites another.
 */
export function qualifiedTableName(t: { name: string; schema?: string | null }): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

const memo = new WeakMap<readonly Table[], Map<Table, string>>();
/** Every id handed out, so that code given one table (a page, an anchor) names it the same way. */
const idOf = new WeakMap<Table, string>();

/** The id `tableIds` gave this table, or its qualified name when its set was never keyed. */
export function tableId(t: Table): string {
  return idOf.get(t) ?? qualifiedTableName(t);
}

/** Unique ids of the tables: the qualified name, or `name@package` where several share it. */
export function tableIds(tables: readonly Table[]): Map<Table, string> {
  const hit = memo.get(tables);
  if (hit) return hit;
  const groups = new Map<string, Table[]>();
  for (const t of tables) {
    const q = qualifiedTableName(t);
    groups.set(q, [...(groups.get(q) ?? []), t]);
  }
  const ids = new Map<Table, string>();
  for (const [q, group] of groups) {
    if (group.length === 1) {
      ids.set(group[0], q);
      continue;
    }
    let labels = packageLabels(group.map((t) => t.module ?? ""));
    // One package, several MetaData (two declarative bases side by side): named by their MetaData.
    const distinct = (ls: string[]) => ls.every((l) => l) && new Set(ls).size === ls.length;
    if (!distinct(labels) && group.every((t) => t.metadata)) {
      const byMetadata = packageLabels(group.map((t) => t.metadata!));
      if (distinct(byMetadata)) labels = byMetadata;
    }
    const used = new Set<string>();
    group.forEach((t, i) => {
      let id = labels[i] ? `${q}@${labels[i]}` : q;
      for (let n = 2; used.has(id); n++) id = `${q}@${labels[i] || "table"}-${n}`;
      used.add(id);
      ids.set(t, id);
    });
  }
  memo.set(tables, ids);
  for (const [t, id] of ids) idOf.set(t, id);
  return ids;
}

/** For modules that share a prefix, the first component where each differs from the others. */
function packageLabels(modules: string[]): string[] {
  const parts = modules.map((m) => m.split("."));
  let i = 0;
  while (parts.every((p) => p.length > i && p[i] === parts[0][i])) i++;
  return parts.map((p) => p[i] ?? "");
}

/**
 * The table a foreign key of `from` names (`users`, `public.users`). Among same-named tables the
 * one whose module shares the longest package prefix with `from` wins: a foreign key points into
 * its own MetaData.
 */
export function resolveTableRef(from: Table, candidates: readonly Table[]): Table | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  // A foreign key names a table of its own MetaData, when that is known.
  const same = from.metadata ? candidates.filter((t) => t.metadata === from.metadata) : [];
  if (same.length === 1) return same[0];
  const mine = (from.module ?? "").split(".");
  const shared = (t: Table) => {
    const theirs = (t.module ?? "").split(".");
    let n = 0;
    while (n < mine.length && n < theirs.length && mine[n] === theirs[n]) n++;
    return n;
  };
  const best = Math.max(...candidates.map(shared));
  const top = candidates.filter((t) => shared(t) === best);
  return top.length === 1 ? top[0] : null;
}
