/**
 * The split corpus planned with `--modules N` at N = the team's module count (an upper bound of
 * what asking the user gives), beside the planner's own count: per case the adjusted Rand index,
 * the plan's module count, and its largest module's share of the team-placed classes; then the
 * median and mean ARI of both, and how many plans have a module holding more than a third of the
 * classes (a catch-all), and how many of those are `base`.
 *   node dist/bench/split-corpus/asked-count.js [--cases]
 */
import { planSplit, type SplitPlan } from "../../src/refactor/split/plan-split.js";
import { corpusDir, planMap, tuningInputs } from "../split-corpus.js";
import { agreement, median } from "./metrics.js";

const { cases, skipped } = await tuningInputs(corpusDir());
for (const s of skipped) console.error(`skipped ${s}`);
const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;

interface Row {
  ari: number;
  modules: number;
  /** The largest module's share of the classes the team placed, and its name. */
  largest: number;
  largestName: string;
}

function row(plan: SplitPlan, layout: Map<string, string>): Row {
  const placed = plan.modules.map((m) => ({ name: m.name, n: m.statements.filter((s) => layout.has(s)).length }));
  const top = placed.reduce((a, b) => (b.n > a.n ? b : a), { name: "", n: 0 });
  return {
    ari: agreement(planMap(plan), layout).ari,
    modules: plan.modules.length,
    largest: top.n / layout.size,
    largestName: top.name,
  };
}

const own: Row[] = [];
const asked: Row[] = [];
/** The teams' own largest module's share, for what a module > 1/3 of the classes is worth. */
const teams: number[] = [];
for (const { c, input } of cases) {
  const layout = new Map(Object.entries(c.layout));
  const team = new Set(layout.values()).size;
  own.push(row(planSplit(input.model, input.opts), layout));
  asked.push(row(planSplit(input.model, { ...input.opts, modules: team }), layout));
  const sizes = new Map<string, number>();
  for (const m of layout.values()) sizes.set(m, (sizes.get(m) ?? 0) + 1);
  teams.push(Math.max(...sizes.values()) / layout.size);
  if (process.argv.includes("--cases")) {
    const [o, a] = [own.at(-1)!, asked.at(-1)!];
    console.log(
      `${c.id.padEnd(44)} team ${String(team).padStart(3)}  own ${o.ari.toFixed(3)} (${o.modules})  asked ${a.ari.toFixed(3)} (${a.modules}, largest ${a.largestName} ${(100 * a.largest).toFixed(0)}%)`,
    );
  }
}
for (const [name, rows] of [
  ["planner's count", own],
  ["--modules team count", asked],
] as const) {
  const catchAll = rows.filter((r) => r.largest > 1 / 3);
  console.log(
    `${name}: median ARI ${median(rows.map((r) => r.ari)).toFixed(3)}, mean ${mean(rows.map((r) => r.ari)).toFixed(3)}; ` +
      `a module > 1/3 of the classes: ${catchAll.length} of ${rows.length} (named base: ${catchAll.filter((r) => r.largestName === "base").length})`,
  );
}
console.log(
  `the teams' layouts: a module > 1/3 of the classes: ${teams.filter((t) => t > 1 / 3).length} of ${teams.length}`,
);
