/**
 * Gradient-boosted shallow trees for a weighted logistic loss: the second learned pair model of
 * learn-pairs.ts, for interactions a logistic regression cannot weigh (a signal that means more
 * in a small file, two tables in a file of schemas). Each feature is cut only at up to 31 of its
 * weighted quantiles, so a split is chosen from histograms of the rows' gradients.
 */

interface Tree {
  feature: number;
  /** Rows with a feature value <= at go left. */
  at: number;
  left: Tree | number;
  right: Tree | number;
}

export interface Boosted {
  base: number;
  rate: number;
  trees: (Tree | number)[];
}

export interface BoostOptions {
  rounds: number;
  depth: number;
  rate: number;
  /** Least total row weight in a leaf, as a share of all the weight. */
  minLeaf: number;
}

function cuts(X: Float64Array[], k: number): number[] {
  const xs = [...new Set(X.map((x) => x[k]))].sort((a, b) => a - b);
  if (xs.length <= 32) return xs.slice(0, -1);
  return Array.from({ length: 31 }, (_, i) => xs[Math.floor(((i + 1) * xs.length) / 32)]);
}

/** Fits `options.rounds` trees to labels `y` (0/1) with row weights `w`. */
export function fitBoosted(X: Float64Array[], y: number[], w: number[], options: BoostOptions): Boosted {
  const total = w.reduce((t, x) => t + x, 0);
  const u = w.map((x) => x / total);
  const rate = y.reduce((t, v, r) => t + v * u[r], 0);
  const base = Math.log(rate / (1 - rate));
  const f = X[0].length;
  const thresholds = [...Array(f).keys()].map((k) => cuts(X, k));
  // Per row and feature, the bin of its value (number of cuts below it).
  const bin = X.map((x) =>
    Uint8Array.from(
      thresholds.map((cs, k) => {
        let b = 0;
        while (b < cs.length && x[k] > cs[b]) b++;
        return b;
      }),
    ),
  );
  const score = new Float64Array(X.length).fill(base);
  const trees: (Tree | number)[] = [];
  const g = new Float64Array(X.length);
  const h = new Float64Array(X.length);
  const grow = (rows: number[], depth: number): Tree | number => {
    let G = 0;
    let H = 0;
    for (const r of rows) {
      G += g[r];
      H += h[r];
    }
    const leaf = -G / (H + 1e-6);
    if (depth === 0) return leaf;
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    for (let k = 0; k < f; k++) {
      const nb = thresholds[k].length + 1;
      if (nb < 2) continue;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const hw = new Float64Array(nb);
      for (const r of rows) {
        const b = bin[r][k];
        hg[b] += g[r];
        hh[b] += h[r];
        hw[b] += u[r];
      }
      let gl = 0;
      let hl = 0;
      let wl = 0;
      const W = rows.reduce((t, r) => t + u[r], 0);
      for (let b = 0; b + 1 < nb; b++) {
        gl += hg[b];
        hl += hh[b];
        wl += hw[b];
        if (wl < options.minLeaf || W - wl < options.minLeaf) continue;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + 1e-6) + (gr * gr) / (hr + 1e-6) - (G * G) / (H + 1e-6);
        if (gain > best.gain) best = { gain, feature: k, bin: b };
      }
    }
    if (best.feature < 0) return leaf;
    const left = rows.filter((r) => bin[r][best.feature] <= best.bin);
    const right = rows.filter((r) => bin[r][best.feature] > best.bin);
    return {
      feature: best.feature,
      at: thresholds[best.feature][best.bin],
      left: grow(left, depth - 1),
      right: grow(right, depth - 1),
    };
  };
  const all = [...X.keys()];
  for (let round = 0; round < options.rounds; round++) {
    for (const r of all) {
      const p = 1 / (1 + Math.exp(-score[r]));
      g[r] = u[r] * (p - y[r]);
      h[r] = u[r] * p * (1 - p);
    }
    const tree = grow(all, options.depth);
    trees.push(tree);
    for (const r of all) score[r] += options.rate * value(tree, X[r]);
  }
  return { base, rate: options.rate, trees };
}

function value(t: Tree | number, x: Float64Array): number {
  while (typeof t !== "number") t = x[t.feature] <= t.at ? t.left : t.right;
  return t;
}

export function predictBoosted(model: Boosted, x: Float64Array): number {
  let s = model.base;
  for (const t of model.trees) s += model.rate * value(t, x);
  return 1 / (1 + Math.exp(-s));
}

/** How much each feature's splits gained, summed over the trees (counts of splits, weighted by depth). */
export function featureUse(model: Boosted, f: number): number[] {
  const use = new Array<number>(f).fill(0);
  const walk = (t: Tree | number) => {
    if (typeof t === "number") return;
    use[t.feature]++;
    walk(t.left);
    walk(t.right);
  };
  for (const t of model.trees) walk(t);
  return use;
}
