/**
 * Partitions of n items from pair probabilities (a symmetric n x n matrix), for a learned pair
 * model: average-linkage agglomeration cut at a threshold (the merges are recorded once, so each
 * threshold is a cheap cut of them), and the file-order cut the planner makes, contiguous runs
 * maximising the sum of (p - threshold) over the pairs inside each run.
 */

/** The merges of average-linkage agglomeration, strongest first: each joins clusters a and b at `at`. */
export function averageLinkage(p: Float64Array, n: number): { a: number; b: number; at: number }[] {
  // Sums of p between live clusters, and their sizes; clusters named by their lowest member.
  const sum = Float64Array.from(p);
  const size = new Array<number>(n).fill(1);
  const live = new Set([...Array(n).keys()]);
  const merges: { a: number; b: number; at: number }[] = [];
  while (live.size > 1) {
    let best = -1;
    let ba = -1;
    let bb = -1;
    const xs = [...live];
    for (let u = 0; u < xs.length; u++)
      for (let v = u + 1; v < xs.length; v++) {
        const a = xs[u];
        const b = xs[v];
        const avg = sum[a * n + b] / (size[a] * size[b]);
        if (avg > best) {
          best = avg;
          ba = a;
          bb = b;
        }
      }
    merges.push({ a: ba, b: bb, at: best });
    for (const c of live) {
      if (c === ba || c === bb) continue;
      sum[ba * n + c] += sum[bb * n + c];
      sum[c * n + ba] = sum[ba * n + c];
    }
    size[ba] += size[bb];
    live.delete(bb);
  }
  return merges;
}

/** The clusters (a label per item) after the merges at or above `threshold`. */
export function cutMerges(merges: { a: number; b: number; at: number }[], n: number, threshold: number): number[] {
  const parent = [...Array(n).keys()];
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const m of merges) {
    if (m.at < threshold) break;
    parent[find(m.b)] = find(m.a);
  }
  return parent.map((_, i) => find(i));
}

/** Contiguous runs of the items (file order) maximising the sum of p - threshold inside runs; a label per item. */
export function contiguousCut(p: Float64Array, n: number, threshold: number): number[] {
  const best = new Float64Array(n + 1).fill(-Infinity);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  for (let j = 0; j < n; j++) {
    let inside = 0;
    for (let i = j; i >= 0; i--) {
      // Item i joins run i+1..j: its pairs with them.
      for (let k = i + 1; k <= j; k++) inside += p[i * n + k] - threshold;
      if (best[i] + inside > best[j + 1]) {
        best[j + 1] = best[i] + inside;
        from[j + 1] = i;
      }
    }
  }
  const label = new Array<number>(n);
  for (let j = n; j > 0; j = from[j]) for (let k = from[j]; k < j; k++) label[k] = from[j];
  return label;
}
