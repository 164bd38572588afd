/**
 * The split corpus as pair data, for auditing the planner's pair signals against the teams'
 * layouts: per case, each model the domain cut groups (name, bases, table, lines, which other
 * models it reads, the importer modules that import it, its team module) and the weight each
 * signal gives each pair of them, written as JSON to the path given. Beside each model what a
 * reader sees that no signal weighs: its kind (the first base followed through the file's own
 * classes to the first one from outside it: `models.Model`, `StructBlock`, `BaseModel`) and the
 * section comment it sits under; per case its wave, the team's layout and the planner's own plan
 * (label → module, for scoring a learned grouping against it). Prints per signal, over the
 * pairs of classes the team placed, its precision (the share of the pairs carrying it that the
 * team put in one module) and coverage (the share of the team's same-module pairs carrying it).
 *   node dist/bench/split-corpus/pair-dump.js [OUT.json]   (REMODEL_SPLIT_CORPUS: the checkouts)
 */
import { writeFileSync } from "node:fs";
import type { SplitModel } from "../../src/refactor/split/model.js";
import { planSplit, splitPairFeatures } from "../../src/refactor/split/plan-split.js";
import { corpusDir, planMap, tuningInputs } from "../split-corpus.js";

interface CaseDump {
  id: string;
  repo: string;
  wave: string;
  models: { team: string | null }[];
  pairs: { a: number; b: number; s: Record<string, number> }[];
  layout: Record<string, string>;
  plan: Record<string, string>;
}

/** The first base of class statement `x`, followed through the file's own classes to one from outside (or `object`). */
function kindOf(m: SplitModel, x: number): string {
  const seen = new Set<number>();
  for (let at = x; ; ) {
    seen.add(at);
    const base = m.statements[at].cls?.bases[0];
    if (base === undefined) return "object";
    const d = m.definer.get(base);
    if (d === undefined || seen.has(d) || !m.statements[d].cls) return base;
    at = d;
  }
}

/**
 * Per statement, the number of section comments above it (a line of dashes or a `# ---- Billing`
 * heading between top-level statements), counted as the cut reads them only roughly: for features.
 */
function sectionsAbove(m: SplitModel): number[] {
  const text = m.parsed.text;
  let k = 0;
  return m.statements.map((s, i) => {
    const from = i === 0 ? 0 : m.statements[i - 1].end;
    // A statement's text starts with the comments above it; its own line starts at `class`, `@` or `def`.
    const to = s.start + (text.slice(s.start).search(/^(class|@|def)\b/m) >>> 0);
    const between = text.slice(from, Math.max(from, Math.min(to, s.end)));
    if (/^[ \t]*#[ \t]*([-=#*~_]{3,}|[-=#*~]{2,}[ \t]*\S.*|#+[ \t]+\S.*)$/m.test(between)) k++;
    return k;
  });
}
const out: CaseDump[] = [];
const { cases, skipped } = await tuningInputs(corpusDir());
for (const s of skipped) console.error(`skipped ${s}`);
for (const { c, input } of cases) {
  const m = input.model;
  const { nodes, pairs } = splitPairFeatures(m, input.opts);
  const sections = sectionsAbove(m);
  const at = new Map(nodes.map((x, i) => [x, i]));
  const importers = new Map<number, Set<string>>();
  for (const imp of input.opts.importers ?? [])
    for (const n of imp.names) {
      const x = m.definer.get(n);
      if (x !== undefined && at.has(x)) (importers.get(x) ?? importers.set(x, new Set()).get(x)!).add(imp.module);
    }
  out.push({
    id: c.id,
    repo: c.repo,
    wave: c.wave ?? "none",
    models: nodes.map((x) => {
      const s = m.statements[x];
      return {
        label: s.label,
        name: s.cls?.name ?? s.label,
        bases: s.cls?.bases ?? [],
        table: s.cls?.tablename ?? s.table,
        role: m.roles[x],
        schema: m.pydantic.has(s.cls?.name ?? ""),
        lines: m.parsed.text.slice(s.start, s.end).split("\n").length,
        reads: [...new Set(s.uses.map((u) => m.definer.get(u.name)))].flatMap((d) =>
          d !== undefined && d !== x && at.has(d) ? [at.get(d)] : [],
        ),
        importers: [...(importers.get(x) ?? [])],
        kind: kindOf(m, x),
        section: sections[x],
        team: c.layout[s.label] ?? null,
      };
    }),
    pairs: pairs.map((p) => ({ a: at.get(p.a)!, b: at.get(p.b)!, s: p.signals as Record<string, number> })),
    layout: c.layout,
    plan: Object.fromEntries(planMap(planSplit(m, input.opts))),
  });
}
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out));
const tally = new Map<string, { pairs: number; same: number }>();
let pairs = 0;
let same = 0;
for (const c of out) {
  const signals = new Map(c.pairs.map((p) => [`${p.a} ${p.b}`, Object.keys(p.s)]));
  c.models.forEach((x, a) =>
    c.models.forEach((y, b) => {
      if (b <= a || x.team === null || y.team === null) return;
      const together = x.team === y.team;
      pairs++;
      if (together) same++;
      const carried = signals.get(`${a} ${b}`) ?? [];
      for (const s of carried.length ? carried : ["(none)"]) {
        const t = tally.get(s) ?? tally.set(s, { pairs: 0, same: 0 }).get(s)!;
        t.pairs++;
        if (together) t.same++;
      }
    }),
  );
}
console.log(`${pairs} pairs of placed classes, ${same} in one team module (${((100 * same) / pairs).toFixed(0)}%)`);
console.log("signal               pairs  precision  coverage");
for (const [s, t] of [...tally].sort((x, y) => y[1].same / y[1].pairs - x[1].same / x[1].pairs))
  console.log(
    `${s.padEnd(20)} ${String(t.pairs).padStart(6)}  ${(t.same / t.pairs).toFixed(2).padStart(9)}  ${(t.same / same).toFixed(2).padStart(8)}`,
  );
