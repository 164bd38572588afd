import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadProject } from "../src/project/load.js";
import { Resolver } from "../src/project/resolver.js";
import type { PlanSplitOptions, SplitPlan } from "../src/refactor/split/plan-split.js";
import type { SplitModel } from "../src/refactor/split/model.js";
import { proposeSplit, splitInput } from "../src/refactor/split/propose.js";
import { runRemodel } from "./cli-run.js";
import { agreement, median, nameAgreement, type Agreement } from "./split-corpus/metrics.js";
import type { BenchSuite, Figure } from "./types.js";
import { isFailure } from "../src/core/outcome.js";

/**
 * Issue 10's judgment measure: `plan split` on real monoliths that their own teams split into
 * packages (bench/split-corpus/cases.json), compared with the team's layout. The checkouts are
 * not in this repository: each case is read from `$REMODEL_SPLIT_CORPUS/<owner>+<name>@<before[:8]>/`
 * (the whole tree at the commit before the split); a case whose checkout is absent is skipped
 * and named. Prints per case the pair precision / recall / F1 and the adjusted Rand index, and
 * the medians (and mean ARI) over all cases, the tuning ones, the held-out ones and the odd- and
 * even-numbered halves, and how often a planned module carries the name the team gave the same classes. Each planned split is also
 * verified as `remodel split FILE --dry-run --json` would write it (nothing is written): how many
 * of the real files split with no new problem.
 */
export interface SplitCase {
  id: string;
  repo: string;
  before: string;
  after: string;
  root: string;
  file: string;
  seed?: string;
  heldOut?: boolean;
  /** The session that added the case; a wave's held-out cases were read after the planner was tuned. */
  wave?: string;
  layout: Record<string, string>;
}

const here = new URL(".", import.meta.url).pathname.replace("/dist/bench/", "/bench/");

export function loadCases(): SplitCase[] {
  return (JSON.parse(readFileSync(join(here, "split-corpus", "cases.json"), "utf8")) as { cases: SplitCase[] }).cases;
}

export function checkoutOf(corpus: string, c: SplitCase): string {
  return join(corpus, `${c.repo.replace("/", "+")}@${c.before.slice(0, 8)}`);
}

/** The folder of the case checkouts: $REMODEL_SPLIT_CORPUS, else /tmp/real/split. */
export function corpusDir(): string {
  return resolve(process.env.REMODEL_SPLIT_CORPUS ?? "/tmp/real/split");
}

/** A plan as statement label → module name. */
export function planMap(plan: Pick<SplitPlan, "modules">): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of plan.modules) for (const s of m.statements) out.set(s, m.name);
  return out;
}

/** The plan of one case as class → module, with the module names in plan order. */
export async function planCase(dir: string, c: SplitCase): Promise<{ plan: Map<string, string>; modules: string[] }> {
  const project = await loadProject(join(dir, c.root), { noCache: true, exactRoot: true });
  const plan = proposeSplit(new Resolver(project), c.file);
  if (isFailure(plan)) throw new Error(plan.error);
  return { plan: planMap(plan), modules: plan.modules.map((m) => m.name) };
}

/**
 * The planner's input for each tuning case, for the scripts that tune it (held-out cases are never
 * read), and the cases left out with why (no checkout, or a file the planner cannot read).
 */
export async function tuningInputs(
  corpus: string,
): Promise<{ cases: { c: SplitCase; input: { model: SplitModel; opts: PlanSplitOptions } }[]; skipped: string[] }> {
  const cases: { c: SplitCase; input: { model: SplitModel; opts: PlanSplitOptions } }[] = [];
  const skipped: string[] = [];
  for (const c of loadCases().filter((c) => !c.heldOut)) {
    const dir = checkoutOf(corpus, c);
    if (!existsSync(join(dir, c.root, c.file))) {
      skipped.push(`${c.id}: no checkout at ${dir}`);
      continue;
    }
    const input = splitInput(
      new Resolver(await loadProject(join(dir, c.root), { noCache: true, exactRoot: true })),
      c.file,
    );
    if (isFailure(input)) skipped.push(`${c.id}: ${input.error}`);
    else cases.push({ c, input });
  }
  return { cases, skipped };
}

export const suite: BenchSuite = {
  name: "split-corpus",
  async run() {
    const corpus = corpusDir();
    const figures: Figure[] = [];
    const notes: string[] = [];
    const scores: { c: SplitCase; a: Agreement }[] = [];
    const skipped: string[] = [];
    const clean: string[] = [];
    // REMODEL_SPLIT_PYTHON: each planned split also under the runtime oracle (`--python`), where the
    // project imports with that interpreter (most need packages it does not have).
    const python = process.env.REMODEL_SPLIT_PYTHON;
    const runtime: RuntimeVerdict[] = [];
    const names = { teamModules: 0, matched: 0, same: 0 };
    for (const c of loadCases()) {
      const dir = checkoutOf(corpus, c);
      if (!existsSync(join(dir, c.root, c.file))) {
        skipped.push(c.id);
        continue;
      }
      try {
        const { plan, modules } = await planCase(dir, c);
        const a = agreement(plan, new Map(Object.entries(c.layout)));
        scores.push({ c, a });
        const named = nameAgreement(plan, new Map(Object.entries(c.layout)));
        names.teamModules += named.teamModules;
        names.matched += named.matched;
        names.same += named.same;
        const team = new Set(Object.values(c.layout)).size;
        const dry = runRemodel(["split", c.file, "--dry-run", "--json", "--no-cache"], join(dir, c.root));
        let added: { message: string }[] | null = null;
        let skippedWhy: string | null = null;
        let refused: string | null = null;
        try {
          const out = JSON.parse(dry.stdout) as { status: string; added: { message: string }[]; reason: string | null };
          added = out.added;
          if (out.status === "skipped") skippedWhy = out.reason;
          // An exit 2 prints its JSON object too (status error, nothing added): a refusal, not a clean split.
          if (out.status === "error") refused = out.reason ?? "";
        } catch {
          /* not JSON: reported below */
        }
        // Nothing written is no split written cleanly (a plan of one module, a refused split).
        if (skippedWhy !== null) notes.push(`${c.id}: not split: ${skippedWhy}`);
        else if (refused !== null) notes.push(`${c.id}: split --dry-run exited ${dry.code}: ${refused}`);
        else if (added === null) notes.push(`${c.id}: split --dry-run exited ${dry.code}`);
        else if (added.length)
          notes.push(`${c.id}: the planned split adds ${added.length} problem(s), first: ${added[0].message}`);
        else clean.push(c.id);
        if (python) runtime.push(runtimeVerdict(c, python, join(dir, c.root)));
        figures.push({
          name: `${c.id}${c.heldOut ? " (held out)" : ""}: ARI`,
          value: a.ari,
          unit: "ratio",
          detail: `${c.repo}@${c.before.slice(0, 8)} ${c.file}: precision ${a.precision.toFixed(2)}, recall ${a.recall.toFixed(2)}, F1 ${a.f1.toFixed(2)}; names as the team's ${named.same}/${named.matched}; ${a.items} classes, ${modules.length} modules (team: ${team}): ${modules.slice(0, 12).join(", ")}${modules.length > 12 ? ", ..." : ""}`,
        });
      } catch (e) {
        notes.push(`${c.id}: plan failed: ${(e as Error).message}`);
      }
    }
    const med = (xs: { a: Agreement }[], k: keyof Agreement) => median(xs.map((x) => x.a[k]));
    // Odd- and even-numbered cases (1-based, in cases.json order) are a second split for held-out
    // checks: tune on one half, read the other. The mean shows what one case crossing the median hides.
    const all = loadCases();
    const nth = new Map(all.map((c, i) => [c.id, i + 1]));
    const odd = (s: { c: SplitCase }) => (nth.get(s.c.id) ?? 0) % 2 === 1;
    // One row per wave that cases.json names (all its cases, held out or since tuned on), in the order the waves first appear.
    const waves = [...new Set(all.flatMap((c) => (c.wave ? [c.wave] : [])))];
    for (const [label, xs] of [
      ["all", scores],
      ["tuning", scores.filter((s) => !s.c.heldOut)],
      ["held out", scores.filter((s) => s.c.heldOut)],
      ...waves.map((w) => [`wave ${w}`, scores.filter((s) => s.c.wave === w)] as const),
      ["odd-numbered", scores.filter(odd)],
      ["even-numbered", scores.filter((s) => !odd(s))],
    ] as const) {
      if (!xs.length) continue;
      const mean = xs.reduce((t, x) => t + x.a.ari, 0) / xs.length;
      figures.push({
        name: `median ARI (${label}, ${xs.length} cases)`,
        value: med(xs, "ari"),
        unit: "ratio",
        detail: `mean ARI ${mean.toFixed(3)}; median precision ${med(xs, "precision").toFixed(2)}, recall ${med(xs, "recall").toFixed(2)}, F1 ${med(xs, "f1").toFixed(2)}`,
      });
    }
    if (names.matched)
      figures.push({
        name: "module names as the team's",
        value: names.same / names.matched,
        unit: "ratio",
        detail: `${names.same} of the ${names.matched} team modules the plan matches both ways (of ${names.teamModules} named team modules) carry the team's name, plural or not`,
      });
    if (scores.length)
      figures.push({
        name: "planned splits written with no new problem",
        value: clean.length,
        unit: "count",
        detail: `of ${scores.length} real files (split --dry-run, verified in memory)`,
      });
    if (python) {
      const count = (k: RuntimeVerdict["kind"]) => runtime.filter((r) => r.kind === k).length;
      figures.push({
        name: "planned splits the runtime oracle finds identical",
        value: count("identical"),
        unit: "count",
        detail: `of ${runtime.length} (${python}): ${count("differs")} differ, ${count("no-import")} do not import before the split with it, ${count("other")} other`,
      });
      for (const r of runtime) if (r.kind !== "identical") notes.push(`${r.id}: runtime ${r.kind}: ${r.detail}`);
    }
    if (skipped.length) notes.push(`skipped (no checkout under ${corpus}): ${skipped.join(", ")}`);
    return { figures, notes };
  },
};

interface RuntimeVerdict {
  id: string;
  kind: "identical" | "differs" | "no-import" | "other";
  detail: string;
}

/** `split --dry-run --python`: the oracle's verdict on the planned split of one case. */
function runtimeVerdict(c: SplitCase, python: string, cwd: string): RuntimeVerdict {
  const run = runRemodel(["split", c.file, "--dry-run", "--json", "--no-cache", "--python", python], cwd);
  let out: { notes?: string[]; reason?: string | null; status?: string };
  try {
    out = JSON.parse(run.stdout);
  } catch {
    return { id: c.id, kind: "other", detail: `exit ${run.code}, no JSON` };
  }
  const said = (out.notes ?? []).find((n) => n.startsWith("runtime oracle"));
  if (said?.includes("ORM metadata identical")) return { id: c.id, kind: "identical", detail: said };
  if (said) return { id: c.id, kind: "differs", detail: said.split("\n").slice(0, 4).join(" | ") };
  const reason = out.reason ?? "";
  const last = reason.trim().split("\n").at(-1) ?? "";
  if (/^importing .* failed/.test(reason)) return { id: c.id, kind: "no-import", detail: last.slice(0, 160) };
  return { id: c.id, kind: "other", detail: `${out.status}: ${last.slice(0, 160)}` };
}
