/**
 * The split corpus scored under other settings of the planner's pair weights, for choosing them
 * by cross-validation: each case's project is read once, then planned once per setting. Settings
 * come as a JSON list of partial WEIGHTS objects (file given; list the current weights, `{}`,
 * first). Prints one JSON object with the case ids and repositories, per setting the adjusted
 * Rand index of every case, and the leave-one-repository-out figure: for each repository, the
 * setting with the highest mean ARI over the other repositories' cases (the earlier one on a tie)
 * scores that repository's cases, so the median and mean it gives are out of sample.
 *   node dist/bench/split-corpus/weight-sweep.js SETTINGS.json > SCORES.json
 */
import { readFileSync } from "node:fs";
import { WEIGHTS } from "../../src/refactor/split/domains.js";
import { planSplit } from "../../src/refactor/split/plan-split.js";
import { corpusDir, planMap, tuningInputs } from "../split-corpus.js";
import { agreement, median } from "./metrics.js";

const settings = JSON.parse(readFileSync(process.argv[2], "utf8")) as Partial<typeof WEIGHTS>[];
// A misspelt weight would be set beside the planner's and change nothing: refuse it.
const unknown = settings.flatMap((s) => Object.keys(s).filter((k) => !Object.hasOwn(WEIGHTS, k)));
if (unknown.length > 0) throw new Error(`not a weight of the planner (WEIGHTS): ${[...new Set(unknown)].join(", ")}`);
const { cases, skipped } = await tuningInputs(corpusDir());
for (const s of skipped) console.error(`skipped ${s}`);
const defaults = { ...WEIGHTS };
const scores = settings.map((setting) => {
  Object.assign(WEIGHTS, defaults, setting);
  return cases.map(
    ({ c, input }) => agreement(planMap(planSplit(input.model, input.opts)), new Map(Object.entries(c.layout))).ari,
  );
});
Object.assign(WEIGHTS, defaults);
const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
const outOfSample = new Array<number>(cases.length);
const chosen = new Map<string, number>();
for (const repo of new Set(cases.map((x) => x.c.repo))) {
  const train = cases.flatMap((x, k) => (x.c.repo === repo ? [] : [k]));
  let best = 0;
  scores.forEach((s, i) => {
    if (mean(train.map((k) => s[k])) > mean(train.map((k) => scores[best][k])) + 1e-12) best = i;
  });
  const key = JSON.stringify(settings[best]);
  chosen.set(key, (chosen.get(key) ?? 0) + 1);
  cases.forEach((x, k) => {
    if (x.c.repo === repo) outOfSample[k] = scores[best][k];
  });
}
process.stdout.write(
  JSON.stringify({
    ids: cases.map((x) => x.c.id),
    repos: cases.map((x) => x.c.repo),
    settings,
    scores,
    crossValidated: {
      median: median(outOfSample),
      mean: mean(outOfSample),
      scores: outOfSample,
      chosen: Object.fromEntries(chosen),
    },
  }),
);
