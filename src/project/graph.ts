/**
 * The import graph: one edge per (importer, imported module, statement), marked eager, type-only
 * or lazy; strongly connected components of the eager graph and the shortest cycle through each.
 */
import { shortestCycleThrough, stronglyConnectedComponents } from "../core/graph-algorithms.js";
import { edgeKind, type EdgeKind, type ImportFact } from "../python/facts.js";
import type { Resolver } from "./resolver.js";
import type { ProjectIndex, SourceFile } from "./types.js";
import { isFailure } from "../core/outcome.js";

export interface ImportEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The importing file and statement, for reporting. */
  path: string;
  line: number;
  column: number;
}

/** The first-party modules one import statement loads. */
export function importedModules(resolver: Resolver, file: SourceFile, imp: ImportFact): string[] {
  const out: string[] = [];
  if (imp.kind === "import") {
    for (const n of imp.names) if (resolver.module(n.name)) out.push(n.name);
    return out;
  }
  const from = resolver.absoluteFrom(file, imp.level, imp.module);
  if (isFailure(from) || !resolver.module(from.name)) return out;
  const submodules: string[] = [];
  // Most first-party `from` imports name a module, not a package: nothing below it to look up by a
  // joined name (the index's module names are exactly its children lists' entries).
  if (resolver.submodules(from.name).length > 0)
    for (const n of imp.names) {
      const sub = `${from.name}.${n.name}`;
      if (resolver.module(sub)) submodules.push(sub);
    }
  // `from . import sibling` inside a package: the package is already being imported (a parent
  // runs first), so only the sibling is a new edge. Reading a value from a partially initialized
  // parent (`from . import CONFIG`) is a real dependency and stays.
  const ancestor = file.module.startsWith(from.name + ".");
  if (!(ancestor && !imp.star && submodules.length === imp.names.length)) out.push(from.name);
  out.push(...submodules);
  return out;
}

/** Graphs by index: the checks, model discovery and the planner all ask for the same one. */
const GRAPHS = new WeakMap<object, ImportEdge[]>();

export function importGraph(resolver: Resolver): ImportEdge[] {
  const hit = GRAPHS.get(resolver.index);
  if (hit) return hit;
  const edges = buildImportGraph(resolver);
  GRAPHS.set(resolver.index, edges);
  return edges;
}

/** Does every source root see the project as the whole index does (no sub-projects sharing a name)? */
export function rootsSeeWholeIndex(resolver: Resolver, resolverFor: (root: string) => Resolver): boolean {
  const roots = new Set<string>();
  for (const f of resolver.index.files.values()) roots.add(f.sourceRoot);
  for (const root of roots) if (resolverFor(root) !== resolver) return false;
  return true;
}

/**
 * The import graph with each file's imports resolved as its own source root sees the project
 * (own-root.ts, `resolverFor`). Where two sub-projects each have a `common` package the index
 * holds one `common.b`: the other's `common/b.py` would be missing, and its importers' edges
 * attributed to the first, inventing cycles across sub-projects and hiding its own. Nodes are
 * files (`graphNode`); where `rootsSeeWholeIndex`, it has `importGraph`'s edges.
 */
export function ownRootImportGraph(resolver: Resolver, resolverFor: (root: string) => Resolver): ImportEdge[] {
  return buildImportGraph(resolver, resolverFor);
}

/**
 * A file's node in `ownRootImportGraph`: its module name where the whole index gives that name
 * this file, else the name, a NUL and the path. NUL sorts below every character of a name, so
 * nodes order as their names do and cycles start where they did.
 */
export function graphNode(index: ProjectIndex, module: string, file: SourceFile | null): string {
  const owner = index.modules.get(module)?.file ?? null;
  return owner === file ? module : `${module}\0${file?.path ?? ""}`;
}

/** The module name of a node of `ownRootImportGraph`. */
export function nodeModule(node: string): string {
  const nul = node.indexOf("\0");
  return nul < 0 ? node : node.slice(0, nul);
}

/** The file of a node of `ownRootImportGraph` (none for a namespace package). */
export function nodeFile(resolver: Resolver, node: string): SourceFile | undefined {
  const nul = node.indexOf("\0");
  return (nul < 0 ? resolver.module(node)?.file : resolver.index.files.get(node.slice(nul + 1))) ?? undefined;
}

/** With `resolverFor`, each file resolves as its own root sees the project and nodes are `graphNode`s. */
function buildImportGraph(whole: Resolver, resolverFor?: (root: string) => Resolver): ImportEdge[] {
  const index = whole.index;
  const edges: ImportEdge[] = [];
  for (const file of index.files.values()) {
    const resolver = resolverFor?.(file.sourceRoot) ?? whole;
    if (!file.module || resolver.index.modules.get(file.module)?.file !== file) continue;
    const from = resolverFor ? graphNode(index, file.module, file) : file.module;
    for (const imp of file.facts.imports) {
      if (imp.commented) continue;
      // Stubs are never executed: their imports exist for type checkers only.
      const kind = file.isStub ? "type-only" : edgeKind(imp.context, imp.lazy);
      for (const written of importedModules(resolver, file, imp)) {
        const target = resolver.module(written)?.file ?? null;
        // A flat member's file imported by its outer name (`billing.invoices.totals`, build.ts
        // addMemberPortions) runs that file's imports as its own name does: one node per file,
        // so a cycle through either name is one cycle.
        const module = index.memberRoots && target && target.module !== written ? target.module : written;
        if (module === file.module) continue;
        const to = resolverFor ? graphNode(index, module, target) : module;
        edges.push({ from, to, kind, path: file.path, line: imp.line, column: imp.column });
      }
    }
  }
  return edges;
}

/** Strongly connected components with more than one module, each sorted. */
export function stronglyConnected(nodes: Iterable<string>, adj: Map<string, string[]>): string[][] {
  return stronglyConnectedComponents(nodes, adj).filter((c) => c.length > 1);
}

/** The shortest cycle through the alphabetically first module of a component, closed (`a -> b -> a`). */
export function shortestCycle(component: string[], adj: Map<string, string[]>): string[] {
  const path = shortestCycleThrough(component, adj);
  return [...path, path[0]];
}

export function adjacency(edges: ImportEdge[], kinds: EdgeKind[] = ["eager"]): Map<string, string[]> {
  const adj = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!kinds.includes(e.kind)) continue;
    let s = adj.get(e.from);
    if (!s) adj.set(e.from, (s = new Set()));
    s.add(e.to);
  }
  return new Map([...adj].map(([k, v]) => [k, [...v].sort()]));
}
