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
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isFailure } from "../../src/core/outcome.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { WEIGHTS } from "../../src/refactor/split/domains.js";
import { planSplit } from "../../src/refactor/split/plan-split.js";
import { splitInput } from "../../src/refactor/split/propose.js";
import { checkoutOf, loadCases, type SplitCase } from "../split-corpus.js";
import { agreement, median } from "./metrics.js";

const corpus = resolve(process.env.REMODEL_SPLIT_CORPUS ?? "/tmp/real/split");
const settings = JSON.parse(readFileSync(process.argv[2], "utf8")) as Partial<typeof WEIGHTS>[];
const cases: {
  c: SplitCase;
  input: Exclude<ReturnType<typeof splitInput>, { error: string }>;
  truth: Map<string, string>;
}[] = [];
// Held-out cases are not read while the planner is tuned.
for (const c of loadCases().filter((c) => !c.heldOut)) {
  const dir = checkoutOf(corpus, c);
  if (!existsSync(join(dir, c.root, c.file))) continue;
  const input = splitInput(
    new Resolver(await loadProject(join(dir, c.root), { noCache: true, exactRoot: true })),
    c.file,
  );
  if (!isFailure(input)) cases.push({ c, input, truth: new Map(Object.entries(c.layout)) });
}
const defaults = { ...WEIGHTS };
const scores = settings.map((setting) => {
  Object.assign(WEIGHTS, defaults, setting);
  return cases.map(({ input, truth }) => {
    const plan = new Map<string, string>();
    for (const mod of planSplit(input.model, input.opts).modules) for (const s of mod.statements) plan.set(s, mod.name);
    return agreement(plan, truth).ari;
  });
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
