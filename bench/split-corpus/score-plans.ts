/**
 * The split corpus scored by planning alone (no dry-run split, ten times faster than the bench
 * suite): per case the adjusted Rand index against the team's layout and the module counts, then
 * the median and mean ARI over all cases, the tuning ones, the held-out ones and each wave (cases.json's
 * `wave`; the cases of no wave as `none`). Held-out cases
 * are printed one by one only with --held-out, so tuning runs do not read them by accident.
 *   node dist/bench/split-corpus/score-plans.js [--cases] [--held-out]
 */
import { checkoutOf, corpusDir, loadCases, planCase } from "../split-corpus.js";
import { agreement, median } from "./metrics.js";

const perCase = process.argv.includes("--cases");
const showHeld = process.argv.includes("--held-out");
const rows: { held: boolean; wave: string; ari: number }[] = [];
const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
for (const c of loadCases()) {
  try {
    const { plan, modules } = await planCase(checkoutOf(corpusDir(), c), c);
    const a = agreement(plan, new Map(Object.entries(c.layout)));
    const held = c.heldOut === true;
    rows.push({ held, wave: c.wave ?? "none", ari: a.ari });
    if (perCase && (!held || showHeld)) {
      const team = new Set(Object.values(c.layout)).size;
      console.log(
        `${c.id.padEnd(40)} ${held ? "H" : " "} ${a.ari.toFixed(3)} n=${a.items} plan=${modules.length} team=${team}`,
      );
    }
  } catch (e) {
    console.log(`${c.id}: not planned: ${(e as Error).message}`);
  }
}
for (const [name, sel] of [
  ["all", rows],
  ["tuning", rows.filter((r) => !r.held)],
  ["held out", rows.filter((r) => r.held)],
  ...[...new Set(rows.map((r) => r.wave))].map((w) => [`wave ${w}`, rows.filter((r) => r.wave === w)] as const),
] as const) {
  const xs = sel.map((r) => r.ari);
  if (xs.length)
    console.log(`${name.padEnd(8)} n=${xs.length} median ${median(xs).toFixed(3)} mean ${mean(xs).toFixed(3)}`);
}
