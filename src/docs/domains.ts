import type { Table } from "../schema/model.js";
import { compare, type SchemaGraph } from "./graph.js";
import { slugMap, tableKey } from "./naming.js";

/** A group of tables documented and drawn together: a Python package, or a database schema. */
export interface Domain {
  name: string;
  slug: string;
  tables: Table[];
}

/** One diagram: some of a domain's tables, plus stub neighbours from elsewhere (names only). */
export interface DiagramPart {
  domain: Domain;
  /** File slug: the domain's, with `-2`, `-3`… when the domain needs several diagrams. */
  slug: string;
  title: string;
  tables: Table[];
  stubs: Table[];
}

/** No diagram holds more tables than this (stubs included): beyond it Mermaid layouts are unreadable. */
export const MAX_DIAGRAM_TABLES = 100;

/** Beyond this many domains, domains of fewer than MIN_DOMAIN_TABLES tables fold into their parent package. */
export const MAX_DOMAINS = 12;
const MIN_DOMAIN_TABLES = 4;

/**
 * Groups tables by the package of their model's module, named relative to the packages' common
 * prefix (`ai.backend.manager.models.rbac` → `rbac`). A project with one subpackage per model
 * (Backend.AI's `models/agent/row.py`) would get a diagram per table, so when there are more than
 * MAX_DOMAINS groups the small ones fold into their parent package. Tables without a module (a
 * schema read from a database) are grouped by database schema.
 */
export function domainsOf(graph: SchemaGraph): Domain[] {
  const pkgOf = (t: Table): string[] | null => {
    if (!t.module) return null;
    const parts = t.module.split(".");
    return parts.length > 1 ? parts.slice(0, -1) : parts;
  };
  const prefix = commonPrefix(graph.tables.map(pkgOf).filter((p): p is string[] => p !== null));
  const paths = new Map<Table, string[]>(
    graph.tables.filter((t) => t.module).map((t) => [t, pkgOf(t)!.slice(prefix.length)]),
  );
  foldSmallDomains(paths);
  const groups = new Map<string, Table[]>();
  for (const t of graph.tables) {
    const path = paths.get(t);
    const name = path ? path.join(".") || prefix[prefix.length - 1] || "models" : (t.schema ?? "tables");
    groups.set(name, [...(groups.get(name) ?? []), t]);
  }
  const names = [...groups.keys()].sort(compare);
  const slugs = slugMap(names);
  return names.map((name) => ({ name, slug: slugs.get(name)!, tables: groups.get(name)! }));
}

function foldSmallDomains(paths: Map<Table, string[]>): void {
  for (;;) {
    const sizes = new Map<string, number>();
    for (const p of paths.values()) sizes.set(p.join("."), (sizes.get(p.join(".")) ?? 0) + 1);
    if (sizes.size <= MAX_DOMAINS) return;
    let folded = false;
    for (const [t, p] of paths) {
      if (p.length > 0 && sizes.get(p.join("."))! < MIN_DOMAIN_TABLES) {
        paths.set(t, p.slice(0, -1));
        folded = true;
      }
    }
    if (!folded) return;
  }
}

function commonPrefix(paths: string[][]): string[] {
  if (paths.length === 0) return [];
  let n = Math.min(...paths.map((p) => p.length));
  for (const p of paths) {
    let i = 0;
    while (i < n && p[i] === paths[0][i]) i++;
    n = i;
  }
  return paths[0].slice(0, n);
}

/**
 * Splits a domain into diagrams of at most `max` tables. A larger domain is cut along FK
 * connectivity: connected components are packed together, and a component too large on its own
 * is cut in breadth-first order so that linked tables stay together. A fifth of each split
 * diagram is left for stub neighbours (see stubsFor) so that cross-diagram links stay visible.
 */
export function diagramParts(graph: SchemaGraph, domain: Domain, max = MAX_DIAGRAM_TABLES): DiagramPart[] {
  const groups =
    domain.tables.length <= max ? [domain.tables] : pack(graph, domain.tables, Math.max(1, Math.floor(max * 0.8)));
  return groups.map((tables, i) => {
    const slug = groups.length === 1 ? domain.slug : `${domain.slug}-${i + 1}`;
    const title = groups.length === 1 ? domain.name : `${domain.name} (${i + 1} of ${groups.length})`;
    const sorted = [...tables].sort((a, b) => compare(tableKey(a), tableKey(b)));
    return { domain, slug, title, tables: sorted, stubs: stubsFor(graph, domain, sorted, max - sorted.length) };
  });
}

function pack(graph: SchemaGraph, tables: Table[], cap: number): Table[][] {
  const members = new Set(tables);
  const seen = new Set<Table>();
  const pieces: Table[][] = [];
  for (const start of tables) {
    if (seen.has(start)) continue;
    // Breadth-first from the first unseen table (tables are sorted), restricted to the domain.
    const order: Table[] = [start];
    seen.add(start);
    for (let i = 0; i < order.length; i++) {
      for (const n of graph.neighbours(order[i])) {
        if (members.has(n) && !seen.has(n)) {
          seen.add(n);
          order.push(n);
        }
      }
    }
    for (let i = 0; i < order.length; i += cap) pieces.push(order.slice(i, i + cap));
  }
  // First-fit decreasing: few diagrams, each holding whole components where possible.
  pieces.sort((a, b) => b.length - a.length);
  const bins: Table[][] = [];
  for (const piece of pieces) {
    const bin = bins.find((b) => b.length + piece.length <= cap);
    if (bin) bin.push(...piece);
    else bins.push([...piece]);
  }
  return bins;
}

/**
 * Stub neighbours: tables outside the diagram that its tables reference, and tables of the same
 * domain (another part) that reference them. Other domains' references *to* this one are left
 * out: a hub such as `users` would otherwise pull every domain into every diagram.
 */
function stubsFor(graph: SchemaGraph, domain: Domain, tables: Table[], room: number): Table[] {
  if (room <= 0) return [];
  const inside = new Set(tables);
  const sameDomain = new Set(domain.tables);
  const links = new Map<Table, number>();
  const link = (n: Table) => void (!inside.has(n) && links.set(n, (links.get(n) ?? 0) + 1));
  for (const t of tables) {
    for (const e of graph.outgoing(t)) if (e.to) link(e.to);
    for (const e of graph.incoming(t)) if (sameDomain.has(e.from)) link(e.from);
  }
  return [...links.entries()]
    .sort((a, b) => b[1] - a[1] || compare(tableKey(a[0]), tableKey(b[0])))
    .slice(0, room)
    .map(([t]) => t)
    .sort((a, b) => compare(tableKey(a), tableKey(b)));
}
