import { ALEMBIC_CODES as C } from "./codes.js";
import type { RevisionGraph } from "./types.js";
import { reachable as walk } from "./walk.js";

/**
 * Revision ids newest first, in exactly the order `alembic history` prints them: a port of
 * RevisionMap._topological_sort (real heads in load order; a branch is walked down until a
 * revision another pending head still needs). Where a revision has two or more depends_on
 * entries, Alembic's own order comes from a Python set and varies between runs. Load order is the sorted file order. With a cycle there is no
 * such order; the revisions are then listed in reverse load order.
 */
export function historyOrder(graph: RevisionGraph): string[] {
  if (graph.problems.some((p) => p.code === C.cycle)) return graph.revisions.map((r) => r.id).reverse();
  const deps = normalizedDeps(graph);
  const down = new Map(
    graph.revisions.map((r) => [
      r.id,
      [...new Set([...r.downRevisions.filter((d) => graph.byId.has(d)), ...deps.get(r.id)!])],
    ]),
  );
  const ancestors = (id: string): Set<string> => walk(id, (r) => down.get(r) ?? []);
  const loadIndex = new Map(graph.revisions.map((r, i) => [r.id, i]));
  const todo = new Set(graph.revisions.map((r) => r.id));
  // `alembic history` walks from the "real" heads: heads nothing depends on; an effective head is
  // reached through the dependency of the revision that needs it.
  const heads = graph.heads
    .filter((h) => graph.dependents.get(h)!.length === 0)
    .sort((a, b) => loadIndex.get(a)! - loadIndex.get(b)!);
  const ancestorsByIdx = heads.map(ancestors);
  const output: string[] = [];
  let idx = 0;
  while (heads.length > 0) {
    const candidate = heads[idx];
    const blocker = ancestorsByIdx.findIndex((anc, i) => i !== idx && anc.has(candidate));
    if (blocker >= 0) {
      idx = blocker; // another head descends from us: walk that one first
      continue;
    }
    if (todo.delete(candidate)) output.push(candidate);
    const toAdd = (down.get(candidate) ?? []).filter((r) => todo.has(r) && !heads.includes(r));
    if (toAdd.length === 0) {
      heads.splice(idx, 1);
      ancestorsByIdx.splice(idx, 1);
      idx = Math.max(idx - 1, 0);
    } else if (deps.get(candidate)!.length === 0 && graph.byId.get(candidate)!.downRevisions.length === 1) {
      heads[idx] = toAdd[0];
      ancestorsByIdx[idx].delete(candidate);
    } else {
      heads[idx] = toAdd[0];
      heads.push(...toAdd.slice(1));
      ancestorsByIdx[idx] = ancestors(toAdd[0]);
      ancestorsByIdx.push(...toAdd.slice(1).map(ancestors));
    }
  }
  // Revisions no head reaches (only possible around dangling references) keep load order.
  for (const r of [...graph.revisions].reverse()) if (todo.has(r.id)) output.push(r.id);
  return output;
}

/**
 * Alembic's `_normalized_resolved_dependencies`: the resolved depends_on entries that no ancestor
 * (through down_revision) already depends on.
 */
export function normalizedDeps(graph: RevisionGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rev of graph.revisions) {
    const deps = new Set(graph.resolvedDeps.get(rev.id));
    if (deps.size > 0) {
      const ancestors = walk(rev.id, (r) => graph.byId.get(r)?.downRevisions ?? []);
      for (const a of ancestors) if (a !== rev.id) for (const d of graph.resolvedDeps.get(a) ?? []) deps.delete(d);
    }
    out.set(rev.id, [...deps]);
  }
  return out;
}
