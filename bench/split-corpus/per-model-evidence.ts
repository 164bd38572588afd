/**
 * File-level facts readable at planning time, per tuning case, beside whether the planner cuts the
 * file one module per model (onePerModule): for finding what tells a file whose team gave each model a
 * module from one written per domain. Prints one tab-separated row per case.
 *   node dist/bench/split-corpus/per-model-evidence.js   (REMODEL_SPLIT_CORPUS: the checkouts)
 */
import { columnType, MANAGER, stemIn } from "../../src/refactor/split/domains.js";
import { planSplit, splitPairFeatures } from "../../src/refactor/split/plan-split.js";
import { corpusDir, tuningInputs } from "../split-corpus.js";

const mean = (xs: number[]): number => (xs.length ? xs.reduce((t, x) => t + x, 0) / xs.length : 0);
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const cols = [
  "id",
  "wave",
  "fires",
  "models",
  "medLines",
  "meanLines",
  "shared",
  "refShare",
  "refPerModel",
  "meta",
  "methods",
  "managed",
  "baseShare",
  "sections",
  "impNames",
  "impShare",
  "teamPerModel",
];
console.log(cols.join("\t"));
const { cases } = await tuningInputs(corpusDir());
for (const { c, input } of cases) {
  const m = input.model;
  const { nodes, pairs } = splitPairFeatures(m, input.opts);
  const text = m.parsed.text;
  const models = nodes.filter((x) => {
    const name = m.statements[x].cls?.name ?? "";
    return name && !MANAGER.test(name) && !/Mixin$/.test(name) && !m.pydantic.has(name) && !columnType(m, x);
  });
  const names = new Set(models.map((x) => m.statements[x].cls!.name));
  const body = (x: number): string => text.slice(m.statements[x].start, m.statements[x].end);
  const lines = models.map((x) => body(x).split("\n").length);
  const stems = new Map<string, number>();
  for (const n of names) stems.set(stemIn(m, n), (stems.get(stemIn(m, n)) ?? 0) + 1);
  const shared = [...names].filter((n) => (stems.get(stemIn(m, n)) ?? 0) > 1).length / Math.max(1, names.size);
  const modelSet = new Set(models);
  const refPairs = pairs.filter((p) => modelSet.has(p.a) && modelSet.has(p.b) && (p.signals.references ?? 0) > 0);
  const nPairs = (models.length * (models.length - 1)) / 2;
  const firstBase = models.map((x) => m.statements[x].cls?.bases[0] ?? "");
  const baseCount = new Map<string, number>();
  for (const b of firstBase) baseCount.set(b, (baseCount.get(b) ?? 0) + 1);
  const topBase = [...baseCount].sort((a, b) => b[1] - a[1])[0];
  const projectBase = topBase && m.definer.has(topBase[0]) ? topBase[1] / models.length : 0;
  const importers = (input.opts.importers ?? []).filter((i) => i.names.some((n) => names.has(n)));
  const impNames = importers.map((i) => i.names.filter((n) => names.has(n)).length);
  const plan = planSplit(m, input.opts);
  const fires = Object.values(plan.why ?? {}).some((w) => w.some((r) => r.startsWith("one module per model")));
  const placed = models.map((x) => c.layout[m.statements[x].label]).filter((t) => t !== undefined);
  const sections = text.split("\n").filter((l) => /^#[ \t]*([-=#*~_]{3,}|#+[ \t]+\S.*)$/.test(l)).length;
  const row = [
    c.id,
    c.wave ?? "none",
    fires ? 1 : 0,
    models.length,
    med(lines),
    mean(lines).toFixed(1),
    shared.toFixed(2),
    (refPairs.length / Math.max(1, nPairs)).toFixed(3),
    (refPairs.length / Math.max(1, models.length)).toFixed(2),
    (models.filter((x) => m.statements[x].cls?.meta).length / Math.max(1, models.length)).toFixed(2),
    mean(models.map((x) => (body(x).match(/^\s+def /gm) ?? []).length)).toFixed(1),
    (
      models.filter((x) => /^\s+\w+\s*=\s*\w*(Manager|QuerySet)\w*(\.\w+)*\(/m.test(body(x))).length /
      Math.max(1, models.length)
    ).toFixed(2),
    projectBase.toFixed(2),
    sections,
    mean(impNames).toFixed(2),
    (mean(impNames) / Math.max(1, models.length)).toFixed(3),
    (new Set(placed).size / Math.max(1, placed.length)).toFixed(2),
  ];
  console.log(row.join("\t"));
}
