/**
 * Rows and arguments for the proof, deterministic (a fixed seed): rows respect the schema and its
 * keys (primary keys distinct, unique columns distinct, foreign keys pointing at parent rows or
 * NULL) and carry NULLs, duplicates, unicode, quotes and boundary values; arguments are drawn from
 * the values the rows hold (so lookups hit), plus misses, NULL and odd text.
 */
import type { KnownColumn, KnownSchema, KnownTable } from "../known-schema.js";

export type Value = string | number | boolean | null | Record<string, unknown> | Value[];
export type Row = Record<string, string | number | null>;

const TEXTS = ["alpha", "Ünïcödé ✓", "O'Reilly", "", "alpha", "100%_off", "日本語", "zeta"];
const INTS = [0, 1, -1, 2147483647, 7, 1, 42, 3];
const REALS = [0.0, 0.5, -1.25, 1e10, 0.5, 3.75, 2.0, 0.1];
const STAMPS = [
  "2024-01-01 00:00:00",
  "2024-02-29 12:30:00",
  "1999-12-31 23:59:59",
  "2024-01-01 00:00:00",
  "2030-06-15 08:00:00",
  "2024-05-05 05:05:05",
  "2001-01-01 01:01:01",
  "2024-03-03 03:03:03",
];

function kind(c: KnownColumn): "int" | "real" | "text" | "stamp" | "bool" {
  const t = c.type.toUpperCase();
  if (/BOOL/.test(t)) return "bool";
  if (/INT|SERIAL/.test(t)) return "int";
  if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(t)) return "real";
  if (/TIME|DATE/.test(t)) return "stamp";
  return "text";
}

export function generateRows(schema: KnownSchema, tables: string[], perTable = 8): Record<string, Row[]> {
  const order = topo(schema, tables);
  const out: Record<string, Row[]> = {};
  for (const name of order) {
    const t = schema.get(name)!;
    const rows: Row[] = [];
    for (let i = 0; i < perTable; i++) {
      const row: Row = {};
      for (const c of t.columns) row[c.name] = valueFor(t, c, i, out);
      rows.push(row);
    }
    out[name] = rows;
  }
  return out;
}

function valueFor(t: KnownTable, c: KnownColumn, i: number, done: Record<string, Row[]>): string | number | null {
  const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
  if (c.primaryKey && t.columns.filter((x) => x.primaryKey).length === 1 && kind(c) === "int") return i + 1;
  if (fk) {
    const parent = done[fk.table];
    if (!parent?.length) return null;
    if (!c.notNull && i % 4 === 3) return null;
    return parent[i % parent.length][fk.refColumns[0] ?? "id"] as string | number;
  }
  const unique = c.unique || c.primaryKey || t.uniques.some((u) => u.length === 1 && u[0] === c.name);
  if (!c.notNull && i % 5 === 4) return null;
  // An enum column holds its labels only (a native enum type refuses anything else).
  if (c.enum) return c.enum.labels[i % c.enum.labels.length];
  const k = kind(c);
  const v =
    k === "int"
      ? INTS[i % INTS.length]
      : k === "real"
        ? REALS[i % REALS.length]
        : k === "bool"
          ? i % 2
          : k === "stamp"
            ? STAMPS[i % STAMPS.length]
            : TEXTS[i % TEXTS.length];
  if (!unique) return v;
  return k === "int" || k === "bool" ? i + 100 : k === "real" ? i + 0.5 : `${v}#${i}`;
}

function topo(schema: KnownSchema, tables: string[]): string[] {
  const out: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (out.includes(n) || path.has(n) || !schema.has(n)) return;
    path.add(n);
    for (const f of schema.get(n)!.foreignKeys) if (f.table !== n) visit(f.table, path);
    out.push(n);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

export interface Param {
  name: string;
  hint: string;
}

/** Argument lists for a function, from its parameters' names and hints and the seeded rows. */
export function generateArgs(
  params: Param[],
  schema: KnownSchema,
  tables: string[],
  rows: Record<string, Row[]>,
  count = 10,
): Value[][] {
  const pools = params.map((p) => poolFor(p, schema, tables, rows));
  const cases: Value[][] = [];
  for (let i = 0; i < count; i++) cases.push(pools.map((pool, j) => pool[(i * (j + 1) + j) % pool.length]));
  return cases;
}

function poolFor(p: Param, schema: KnownSchema, tables: string[], rows: Record<string, Row[]>): Value[] {
  const hint = p.hint.replace(/\s/g, "");
  // A list parameter (`= ANY(%s)`, executemany): lists of the values its element would take, empty included.
  const element = /^(list|List|Sequence|tuple|Tuple)\[(.*)\]$/.exec(hint);
  if (element) {
    const items = poolFor({ name: p.name.replace(/s$/, ""), hint: element[2] }, schema, tables, rows).filter(
      (v) => v !== null,
    );
    return [items.slice(0, 3), items.slice(2, 4), [items[0]], [], [items[items.length - 1]], null];
  }
  if (/^(Dict|dict|Mapping)/.test(hint) || /(_data|data|updates|values|fields|row|record)$/.test(p.name))
    return dictPool(schema, tables, rows);
  const owner =
    tables.map((t) => schema.get(t)!).find((t) => t.columns.some((c) => c.name === p.name)) ??
    (/(^|_)id$/.test(p.name)
      ? tables.map((t) => schema.get(t)!).find((t) => t.columns.some((c) => c.name === "id"))
      : undefined);
  const col = owner?.columns.find((c) => c.name === p.name) ?? owner?.columns.find((c) => c.name === "id");
  const seen = owner && col ? rows[owner.name].map((r) => r[col.name]) : [];
  const isInt = /int/.test(hint) || (col && kind(col) === "int" && !/str/.test(hint));
  const misses: Value[] = isInt ? [999999, 0, -1] : ["no such value", "Ünïcödé ✓", "%"];
  return [...seen, ...misses, null].filter((v, i, a) => a.indexOf(v) === i);
}

function dictPool(schema: KnownSchema, tables: string[], rows: Record<string, Row[]>): Value[] {
  const t = schema.get(tables[0]);
  if (!t) return [{}];
  const src = rows[t.name] ?? [];
  const full = (r: Row, i: number): Record<string, unknown> => {
    const d: Record<string, unknown> = {};
    for (const c of t.columns)
      if (!c.primaryKey)
        d[c.name] =
          typeof r[c.name] === "string" && (c.unique || t.uniques.some((u) => u[0] === c.name))
            ? `${r[c.name]}-new${i}`
            : r[c.name];
    return d;
  };
  const out: Value[] = src.slice(0, 4).map(full);
  out.push(
    Object.fromEntries(
      t.columns.filter((c) => c.notNull && !c.primaryKey).map((c) => [c.name, kind(c) === "int" ? 5 : "required only"]),
    ),
  );
  out.push({});
  return out;
}
