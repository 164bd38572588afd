/**
 * Deterministic community detection for the split planner: greedy modularity agglomeration
 * (Clauset–Newman–Moore) on a small weighted graph, with a size cap so that one hub table (a
 * `users` referenced by everything) does not swallow the schema. Ties break on the lowest node
 * index, so the same input always gives the same grouping.
 */

/** Undirected weighted edges between nodes 0..n-1. */
export type WeightedEdges = Map<number, Map<number, number>>;

export function addWeight(g: WeightedEdges, a: number, b: number, w: number): void {
  if (a === b) return;
  for (const [x, y] of [[a, b], [b, a]]) {
    let row = g.get(x);
    if (!row) g.set(x, (row = new Map()));
    row.set(y, (row.get(y) ?? 0) + w);
  }
}

/**
 * Groups of node indices, each sorted, ordered by their smallest member. A connected component
 * that fits the size cap is one group (so planning a module that came out of a split proposes
 * nothing more); larger components are cut by modularity.
 */
export function communities(n: number, g: WeightedEdges, maxSize: number): number[][] {
  const out: number[][] = [];
  for (const comp of components(n, g)) {
    if (comp.length <= maxSize) { out.push(comp); continue; }
    const local = new Map(comp.map((v, i) => [v, i]));
    const sub: WeightedEdges = new Map();
    for (const v of comp) for (const [w, x] of g.get(v) ?? []) if (v < w) addWeight(sub, local.get(v)!, local.get(w)!, x);
    for (const c of modularityGroups(comp.length, sub, maxSize)) out.push(c.map((i) => comp[i]).sort((a, b) => a - b));
  }
  return out.sort((x, y) => x[0] - y[0]);
}

function components(n: number, g: WeightedEdges): number[][] {
  const seen = new Array<boolean>(n).fill(false);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    const comp: number[] = [];
    const stack = [i];
    seen[i] = true;
    while (stack.length) {
      const v = stack.pop()!;
      comp.push(v);
      for (const w of g.get(v)?.keys() ?? []) if (!seen[w]) { seen[w] = true; stack.push(w); }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}

/** Greedy modularity agglomeration under a size cap. */
function modularityGroups(n: number, g: WeightedEdges, maxSize: number): number[][] {
  let total = 0;
  const degree = new Array<number>(n).fill(0);
  for (const [a, row] of g) for (const w of row.values()) { degree[a] += w; total += w; }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) members.set(i, [i]);
  if (total === 0) return [...members.values()];
  // e[i][j]: fraction of edge weight between communities i and j; a[i]: fraction of endpoints in i.
  const e = new Map<number, Map<number, number>>();
  const a = new Map<number, number>();
  for (let i = 0; i < n; i++) a.set(i, degree[i] / total);
  for (const [x, row] of g) e.set(x, new Map([...row].map(([y, w]) => [y, w / total])));
  for (;;) {
    let best: [number, number, number] | null = null;
    for (const [i, row] of e) {
      for (const [j, eij] of row) {
        if (j <= i) continue;
        if (members.get(i)!.length + members.get(j)!.length > maxSize) continue;
        const dq = 2 * (eij - a.get(i)! * a.get(j)!);
        if (dq <= 1e-12) continue;
        if (!best || dq > best[2] + 1e-12) best = [i, j, dq];
      }
    }
    if (!best) break;
    const [i, j] = best;
    members.get(i)!.push(...members.get(j)!);
    members.delete(j);
    a.set(i, a.get(i)! + a.get(j)!);
    a.delete(j);
    const rowJ = e.get(j) ?? new Map<number, number>();
    const rowI = e.get(i) ?? new Map<number, number>();
    e.set(i, rowI);
    for (const [k, w] of rowJ) {
      if (k === i) continue;
      rowI.set(k, (rowI.get(k) ?? 0) + w);
      const rowK = e.get(k)!;
      rowK.delete(j);
      rowK.set(i, (rowK.get(i) ?? 0) + w);
    }
    rowI.delete(j);
    e.delete(j);
  }
  return [...members.values()].map((m) => m.sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
}
