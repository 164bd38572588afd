import { shortestCycleThrough, stronglyConnectedComponents } from "../core/graph-algorithms.js";
import type { Revision } from "./types.js";

/**
 * Cycles through down_revision and depends_on edges, one per strongly connected component, each
 * as a path starting at its alphabetically first revision (so reports compare as sets, as in
 * pyright). Alembic raises CycleDetected / DependencyCycleDetected on the same shapes.
 */
export function findCycles(revisions: readonly Revision[], deps: ReadonlyMap<string, string[]>): string[][] {
  const ids = new Set(revisions.map((r) => r.id));
  const edges = new Map<string, string[]>();
  for (const r of revisions) {
    edges.set(
      r.id,
      [...new Set([...r.downRevisions, ...(deps.get(r.id) ?? [])])].filter((d) => ids.has(d)),
    );
  }
  const cycles: string[][] = [];
  for (const scc of stronglyConnectedComponents([...ids], edges)) {
    const self = scc.length === 1 && edges.get(scc[0])!.includes(scc[0]);
    if (scc.length > 1 || self) cycles.push(shortestCycleThrough(scc, edges));
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
