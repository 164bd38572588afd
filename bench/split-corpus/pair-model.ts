/**
 * The learned pair model of learn-pairs.ts over the cases of the pair dump: their feature rows,
 * the pairs their teams placed, a model fitted on some of the cases (logistic regression or
 * boosted trees), and its pair probabilities for a case.
 */
import { featureUse, fitBoosted, predictBoosted } from "./boosted-trees.js";
import { fitLogistic, predict } from "./logistic.js";
import { type DumpCase, FEATURE_NAMES, featuresOf } from "./pair-features.js";

export interface PairModelOptions {
  trees: boolean;
  /** Logistic regression's L2 penalty. */
  lambda: number;
  boost: { rounds: number; depth: number; rate: number; minLeaf: number };
  /** Whether the planner put the two models in one module is a feature too. */
  withPlan: boolean;
}

export interface PairModel {
  p: (x: Float64Array) => number;
  /** Per feature: its coefficient (standardised), or how many tree splits use it. */
  weights: number[];
  intercept: number;
}

export interface PairData {
  names: string[];
  /** Per case, the feature rows of its pairs (featuresOf's order). */
  X: Float64Array[][];
  /** Per case, the pairs its team placed both of, with whether it put them together. */
  labelled: { row: number; y: number }[][];
}

export function pairData(cases: DumpCase[], withPlan: boolean): PairData {
  const names = withPlan ? [...FEATURE_NAMES, "the planner puts them in one module"] : FEATURE_NAMES;
  const X = cases.map((c) => {
    const rows = featuresOf(c);
    if (!withPlan) return rows;
    let row = 0;
    const ms = c.models;
    const out: Float64Array[] = [];
    for (let i = 0; i < ms.length; i++)
      for (let j = i + 1; j < ms.length; j++, row++) {
        const x = new Float64Array(rows[row].length + 1);
        x.set(rows[row]);
        x[rows[row].length] = c.plan[ms[i].label] === c.plan[ms[j].label] ? 1 : 0;
        out.push(x);
      }
    return out;
  });
  const labelled = cases.map((c) => {
    const out: { row: number; y: number }[] = [];
    let row = 0;
    const ms = c.models;
    for (let i = 0; i < ms.length; i++)
      for (let j = i + 1; j < ms.length; j++, row++)
        if (ms[i].team !== null && ms[j].team !== null) out.push({ row, y: ms[i].team === ms[j].team ? 1 : 0 });
    return out;
  });
  return { names, X, labelled };
}

/** Fits the pair model on cases `train`, each case weighing as much as any other however many pairs it has. */
export function fitPairModel(data: PairData, train: number[], o: PairModelOptions): PairModel {
  const rows: Float64Array[] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (const k of train) {
    const ls = data.labelled[k];
    for (const { row, y: v } of ls) {
      rows.push(data.X[k][row]);
      y.push(v);
      w.push(1 / ls.length);
    }
  }
  if (o.trees) {
    const b = fitBoosted(rows, y, w, o.boost);
    return { p: (x) => predictBoosted(b, x), weights: featureUse(b, data.names.length), intercept: b.base };
  }
  const l = fitLogistic(rows, y, w, o.lambda);
  return { p: (x) => predict(l, x), weights: [...l.beta.slice(0, -1)], intercept: l.beta[l.beta.length - 1] };
}

/** The n x n matrix of pair probabilities of case k (n its models). */
export function probabilities(data: PairData, model: PairModel, k: number, n: number): Float64Array {
  const p = new Float64Array(n * n);
  let row = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, row++) p[i * n + j] = p[j * n + i] = model.p(data.X[k][row]);
  return p;
}
