/**
 * The import graph: one edge per (importer, imported module, statement), marked eager, type-only
 * or lazy; strongly connected components of the eager graph and the shortest cycle through each.
 */
import { edgeKind, type EdgeKind, type ImportFact } from "../python/facts.js";
import type { Resolver } from "./resolver.js";
import type { SourceFile } from "./types.js";

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
  if ("error" in from || !resolver.module(from.name)) return out;
  const submodules = imp.names.filter((n) => resolver.module(`${from.name}.${n.name}`)).map((n) => `${from.name}.${n.name}`);
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

function buildImportGraph(resolver: Resolver): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of resolver.index.files.values()) {
    if (!file.module || resolver.index.modules.get(file.module)?.file !== file) continue;
    for (const imp of file.facts.imports) {
      if (imp.commented) continue;
      // Stubs are never executed: their imports exist for type checkers only.
      const kind = file.isStub ? "type-only" : edgeKind(imp.context);
      for (const to of importedModules(resolver, file, imp)) {
        if (to !== file.module) edges.push({ from: file.module, to, kind, path: file.path, line: imp.line, column: imp.column });
      }
    }
  }
  return edges;
}

/** Strongly connected components with more than one module (Tarjan, iterative), each sorted. */
export function stronglyConnected(nodes: Iterable<string>, adj: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter); low.set(start, counter); counter++;
    stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = adj.get(v) ?? [];
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!index.has(w)) {
          index.set(w, counter); low.set(w, counter); counter++;
          stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The shortest cycle through the alphabetically first module of a component (BFS inside it). */
export function shortestCycle(component: string[], adj: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0];
  const prev = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of adj.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0])!);
        return [...path, start];
      }
      if (!prev.has(w) && w !== start) { prev.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
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
