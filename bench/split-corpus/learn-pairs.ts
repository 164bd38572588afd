/**
 * A learned pair model for the split planner, judged by leave-one-wave-out cross-validation: from
 * the pair dump (pair-dump.ts), a logistic regression over pair-features.ts predicts whether the
 * team put two models in one module; the pair probabilities become a grouping (average linkage,
 * or the planner's contiguous file-order cut) at a threshold chosen on the training cases. For each
 * wave (cases.json `wave`, none for the first cases) the model and threshold are fitted on the other
 * waves and the wave's cases are scored by adjusted Rand index against the team's layout, as a whole
 * plan: the planner's own plan with its models regrouped as learned (a statement the planner put
 * with models goes with most of them; `base`, `enums` stay). Prints per wave the planner's figures,
 * the cross-validated learned ones and the in-sample ones, then the coefficients of the model
 * fitted on every case.
 * With --trees, gradient-boosted trees of depth --depth (2) take the logistic regression's place;
 * with --with-plan, whether the planner put the two models in one module is a feature too (the
 * learned model then corrects the planner rather than replacing it).
 *   node dist/bench/split-corpus/learn-pairs.js PAIRS.json [--lambda L] [--trees] [--with-plan] [--cases]
 */
import { readFileSync } from "node:fs";
import { agreement, median } from "./metrics.js";
import type { DumpCase } from "./pair-features.js";
import { fitPairModel, type PairModel, type PairModelOptions, pairData, probabilities } from "./pair-model.js";
import { averageLinkage, contiguousCut, cutMerges } from "./pair-partition.js";

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const lambda = opt("--lambda", 1e-3);
const trees = args.includes("--trees");
const withPlan = args.includes("--with-plan");
const boost = { rounds: opt("--rounds", 150), depth: opt("--depth", 2), rate: opt("--rate", 0.1), minLeaf: 0.01 };
const cases = JSON.parse(readFileSync(args[0], "utf8")) as DumpCase[];
const options: PairModelOptions = { trees, lambda, boost, withPlan };
const data = pairData(cases, withPlan);
const names = data.names;
const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
const fit = (train: number[]) => fitPairModel(data, train, options);
const probabilitiesOf = (model: PairModel, k: number) => probabilities(data, model, k, cases[k].models.length);

/**
 * Case k's whole plan with its models grouped by `label`: every other statement the planner put in a
 * module with models follows most of those models; one in a module of no model (`base`, `enums`) stays.
 */
function regrouped(k: number, label: number[]): Map<string, string> {
  const c = cases[k];
  const plan = new Map(Object.entries(c.plan));
  const model = new Map(c.models.map((m, i) => [m.label, `learned ${label[i]}`]));
  const votes = new Map<string, Map<string, number>>();
  for (const [s, mod] of plan) {
    const to = model.get(s);
    if (to === undefined) continue;
    const v = votes.get(mod) ?? votes.set(mod, new Map()).get(mod)!;
    v.set(to, (v.get(to) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [s, mod] of plan) {
    const v = votes.get(mod);
    out.set(s, model.get(s) ?? (v ? [...v].sort((a, b) => b[1] - a[1])[0][0] : mod));
  }
  return out;
}

const layout = cases.map((c) => new Map(Object.entries(c.layout)));
const mainAri = cases.map((c, k) => agreement(new Map(Object.entries(c.plan)), layout[k]).ari);
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1));
type Method = "average linkage" | "file-order cut";
const METHODS: Method[] = ["average linkage", "file-order cut"];

/** Per threshold, case k's ARI when its probabilities `p` are grouped by `method`. */
function scores(p: Float64Array, k: number, method: Method): number[] {
  const n = cases[k].models.length;
  if (n === 0) return THRESHOLDS.map(() => mainAri[k]);
  const merges = method === "average linkage" ? averageLinkage(p, n) : [];
  return THRESHOLDS.map((t) => {
    const label = method === "average linkage" ? cutMerges(merges, n, t) : contiguousCut(p, n, t);
    return agreement(regrouped(k, label), layout[k]).ari;
  });
}

/** The threshold with the best mean ARI over cases `train` (per case, per threshold). */
function bestThreshold(table: number[][], train: number[]): number {
  let best = 0;
  THRESHOLDS.forEach((_, t) => {
    if (mean(train.map((k) => table[k][t])) > mean(train.map((k) => table[k][best])) + 1e-12) best = t;
  });
  return best;
}

const waves = [...new Set(cases.map((c) => c.wave))];
/** The order the waves were gathered in: a wave's cases were read after the planner was tuned on the earlier ones. */
const ORDER = ["none", "s36", "s37", "s38", "s39", "s40", "s41"];
const all = cases.map((_, k) => k);
const chosen = new Map<Method, string[]>(METHODS.map((m) => [m, []]));

/**
 * Each wave scored by the model and threshold fitted on the cases `trainOf(wave)` picks (a wave it
 * gives no cases scores NaN): per method, every case's out-of-sample ARI.
 */
function outOfSample(trainOf: (wave: string) => number[], note: string): Map<Method, number[]> {
  const out = new Map<Method, number[]>(METHODS.map((m) => [m, new Array<number>(cases.length).fill(Number.NaN)]));
  for (const wave of waves) {
    const train = trainOf(wave);
    if (train.length === 0) continue;
    const model = fit(train);
    const test = all.filter((k) => cases[k].wave === wave);
    const used = [...train, ...test];
    const p = new Map(used.map((k) => [k, probabilitiesOf(model, k)]));
    for (const method of METHODS) {
      const table: number[][] = [];
      for (const k of used) table[k] = scores(p.get(k)!, k, method);
      const t = bestThreshold(table, train);
      chosen.get(method)!.push(`${note} ${wave} ${THRESHOLDS[t].toFixed(2)}`);
      for (const k of test) out.get(method)![k] = table[k][t];
    }
  }
  return out;
}
const lowo = outOfSample((wave) => all.filter((k) => cases[k].wave !== wave), "LOWO");
const earlier = outOfSample((wave) => all.filter((k) => ORDER.indexOf(cases[k].wave) < ORDER.indexOf(wave)), "earlier");
const full = fit(all);
const pFull = all.map((k) => probabilitiesOf(full, k));
const inSample = new Map<Method, number[]>();
for (const method of METHODS) {
  const table = all.map((k) => scores(pFull[k], k, method));
  const t = bestThreshold(table, all);
  chosen.get(method)!.push(`all ${THRESHOLDS[t].toFixed(2)}`);
  inSample.set(
    method,
    all.map((k) => table[k][t]),
  );
}

/**
 * The planner's median / mean per wave when each wave was first scored blind (BENCHMARKS.md: s36 and
 * s37 in "split corpus: wave s37 held out", s38 in "split planner, session 38", s39 at the end of
 * session 39 when the planner's tuning on the other cases was done, s40 and s41 in their wave
 * sections); s36-s41 is their mean weighted by the waves' sizes (no median can be had from them).
 */
const BLIND: Record<string, string> = {
  s36: "0.47 / 0.441",
  s37: "0.31 / 0.281",
  s38: "0.20 / 0.251",
  s39: "0.073 / 0.204",
  s40: "0.169 / 0.238",
  s41: "0.251 / 0.254",
  "s36-s41": "- / 0.279",
};
const fig = (xs: number[]) => (xs.some(Number.isNaN) ? "-" : `${median(xs).toFixed(3)} / ${mean(xs).toFixed(3)}`);
console.log(
  `${trees ? `trees ${JSON.stringify(boost)}` : `lambda ${lambda}`}${withPlan ? ", with the plan" : ""}; thresholds chosen: ${METHODS.map((m) => `${m}: ${chosen.get(m)!.join(", ")}`).join("; ")}`,
);
console.log(
  "| wave | cases | main (in sample) | blind at first scoring | LOWO, average linkage | LOWO, file-order cut | earlier waves, average linkage | earlier waves, file-order cut | in sample, average linkage | in sample, file-order cut |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
const POOLED: Record<string, string[]> = { "s36-s41": ORDER.slice(1), "s39-s41": ["s39", "s40", "s41"] };
for (const wave of [...ORDER, ...Object.keys(POOLED), "all"]) {
  const ks = all.filter((k) => wave === "all" || cases[k].wave === wave || !!POOLED[wave]?.includes(cases[k].wave));
  const pick = (xs: number[]) => ks.map((k) => xs[k]);
  const cols = [lowo, earlier, inSample].flatMap((r) => METHODS.map((m) => fig(pick(r.get(m)!))));
  console.log(`| ${wave} | ${ks.length} | ${fig(pick(mainAri))} | ${BLIND[wave] ?? "-"} | ${cols.join(" | ")} |`);
}
if (args.includes("--cases"))
  for (const k of all)
    console.log(
      `${cases[k].id.padEnd(40)} ${cases[k].wave.padEnd(5)} main ${mainAri[k].toFixed(3)} LOWO ${METHODS.map((m) => lowo.get(m)![k].toFixed(3)).join(" ")}`,
    );
console.log(
  `${trees ? "splits per feature" : "coefficients (standardised features)"} of the model fitted on every case, largest first:`,
);
const f = names.length;
for (const k of [...Array(f).keys()].sort((a, b) => Math.abs(full.weights[b]) - Math.abs(full.weights[a])))
  console.log(`  ${names[k].padEnd(40)} ${full.weights[k].toFixed(3).padStart(7)}`);
console.log(`  ${"(intercept)".padEnd(40)} ${full.intercept.toFixed(3).padStart(7)}`);
