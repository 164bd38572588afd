/**
 * How many modules a file's classes make. Over the split corpus (65 files), the teams' module
 * count follows about 1.7·sqrt(classes), with a log standard deviation of 0.55. A plan whose domains
 * outnumber that beyond what nearly any team does has cut boundaries no team would: the weakest of
 * them are merged back. Below that bound the plan's own count is the better guess (it is closer to
 * the team's count than the prior is: median |log ratio| 0.25 against 0.41), so nothing changes.
 */

/** The teams' median module count for a file of `classes` classes. */
function expectedModules(classes: number): number {
  return 1.7 * Math.sqrt(classes);
}

const LOG_SD = 0.55;
/**
 * A plan is over-cut above the 95th percentile of the teams' counts (z 1.645, 2.47 times the
 * median), and is merged back down to that bound, no further: the 3 corpus files planned above it
 * were all split coarser by their teams, while among the files planned at 2.0-2.4 times the median
 * are some their teams split as finely (one module per model), so the bound is not set lower.
 */
const OVER_CUT = Math.exp(1.645 * LOG_SD);

/**
 * Merges the groups of an over-cut file (statement indices, with their `why`; empty groups stay so
 * indices keep aligned with `why`), each time the two whose models are linked most per pair of
 * models: density, not total weight, so a large module does not swallow every small one. Two
 * groups that each hold a long model (`long`) stay apart: re-planning their merged module would
 * cut it again.
 *
 * Writes into `why`: the entry of each group another is merged into gets the reason and the other's
 * signals. `classes` is what plan-split passes: every top-level class statement of the file (models,
 * bases, managers, enums, schemas, column types alike), while the prior was fitted on the classes the
 * teams' layouts place (the scored classes of bench/split-corpus), which leaves out those no team
 * module received. Counting as the fit did would need the team's layout, which planning has not.
 */
export function coarsen(
  groups: number[][],
  why: string[][],
  classes: number,
  link: (a: number, b: number) => number,
  long: Set<number>,
): number[][] {
  const out = groups.map((g) => [...g]);
  const live = () => out.map((_, k) => k).filter((k) => out[k].length > 0);
  const expected = expectedModules(classes);
  const goal = Math.max(1, Math.floor(OVER_CUT * expected));
  if (live().length <= goal) return out;
  // The link weight between each two groups, kept up to date as groups merge (a merge adds the
  // merged group's row to its new home's): a 300-class file starts from over a hundred groups.
  const n = out.length;
  const between = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      let w = 0;
      for (const x of out[a]) for (const y of out[b]) w += link(x, y);
      between[a * n + b] = between[b * n + a] = w;
    }
  const holdsLong = out.map((g) => g.some((x) => long.has(x)));
  while (live().length > goal) {
    const ks = live();
    let best: [number, number, number] | null = null;
    for (let i = 0; i < ks.length; i++)
      for (let j = i + 1; j < ks.length; j++) {
        // Two long models in one module are cut apart again when that module is re-planned: the
        // plan would not be stable, so such a boundary stays.
        if (holdsLong[ks[i]] && holdsLong[ks[j]]) continue;
        const d = between[ks[i] * n + ks[j]] / (out[ks[i]].length * out[ks[j]].length);
        if (!best || d > best[2] + 1e-12) best = [ks[i], ks[j], d];
      }
    if (!best || best[2] <= 0) break;
    const [a, b] = best;
    out[a] = [...out[a], ...out[b]].sort((x, y) => x - y);
    out[b] = [];
    holdsLong[a] ||= holdsLong[b];
    for (let c = 0; c < n; c++) {
      if (c === a) continue;
      between[a * n + c] = between[c * n + a] = between[a * n + c] + between[b * n + c];
    }
    const merged = `the file was cut into far more modules than ${classes} classes get (about ${Math.round(expected)}): merged along its strongest links`;
    why[a] = [...new Set([merged, ...why[a], ...why[b]])];
  }
  return out;
}
