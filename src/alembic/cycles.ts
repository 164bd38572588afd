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
    edges.set(r.id, [...new Set([...r.downRevisions, ...(deps.get(r.id) ?? [])])].filter((d) => ids.has(d)));
  }
  const cycles: string[][] = [];
  for (const scc of stronglyConnected([...ids], edges)) {
    const self = scc.length === 1 && edges.get(scc[0])!.includes(scc[0]);
    if (scc.length > 1 || self) cycles.push(cyclePath(scc, edges));
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Tarjan's algorithm, iterative: migration histories are long chains that would overflow recursion. */
function stronglyConnected(nodes: string[], edges: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<[string, number]> = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0 && !index.has(v)) {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
      }
      const succ = edges.get(v)!;
      if (i < succ.length) {
        frame[1]++;
        const w = succ[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        out.push(scc);
      }
    }
  }
  return out;
}

/** A shortest cycle through the component's first member (breadth-first inside the component). */
function cyclePath(scc: string[], edges: ReadonlyMap<string, string[]>): string[] {
  const members = new Set(scc);
  const start = [...scc].sort()[0];
  const prev = new Map<string, string>();
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const v = queue[k];
    for (const w of edges.get(v)!) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0])!);
        return path;
      }
      if (members.has(w) && !prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
