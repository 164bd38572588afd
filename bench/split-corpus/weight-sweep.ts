/**
 * The split corpus scored under other settings of the planner's pair weights, for choosing them
 * by cross-validation: each case's project is read once, then planned once per setting. Settings
 * come as a JSON list of partial WEIGHTS objects (file given); prints one JSON object with the
 * case ids and repositories and, per setting, the adjusted Rand index of every case.
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
import { agreement } from "./metrics.js";

const corpus = resolve(process.env.REMODEL_SPLIT_CORPUS ?? "/tmp/real/split");
const settings = JSON.parse(readFileSync(process.argv[2], "utf8")) as Partial<typeof WEIGHTS>[];
const cases: {
  c: SplitCase;
  input: Exclude<ReturnType<typeof splitInput>, { error: string }>;
  truth: Map<string, string>;
}[] = [];
for (const c of loadCases()) {
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
process.stdout.write(
  JSON.stringify({ ids: cases.map((x) => x.c.id), repos: cases.map((x) => x.c.repo), settings, scores }),
);
