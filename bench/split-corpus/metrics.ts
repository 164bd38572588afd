import { singular } from "../../src/db/pull/names.js";

/**
 * How close a proposed grouping is to a reference one, over the items both place: pair
 * precision / recall / F1 (a pair is "together" when both items share a module) and the adjusted
 * Rand index (Hubert and Arabie), which is 1 for the same partition and about 0 for a random one.
 */
export interface Agreement {
  items: number;
  precision: number;
  recall: number;
  f1: number;
  ari: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** `plan` and `truth` map item → group; only items in both are compared. */
export function agreement(plan: Map<string, string>, truth: Map<string, string>): Agreement {
  const items = [...truth.keys()].filter((k) => plan.has(k));
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (const k of items) {
    const p = plan.get(k)!;
    const t = truth.get(k)!;
    cells.set(`${p}\0${t}`, (cells.get(`${p}\0${t}`) ?? 0) + 1);
    rows.set(p, (rows.get(p) ?? 0) + 1);
    cols.set(t, (cols.get(t) ?? 0) + 1);
  }
  const together = [...cells.values()].reduce((s, n) => s + pairs(n), 0);
  const planPairs = [...rows.values()].reduce((s, n) => s + pairs(n), 0);
  const truthPairs = [...cols.values()].reduce((s, n) => s + pairs(n), 0);
  // A partition with no pairs together agrees vacuously with what it does not claim.
  const precision = planPairs === 0 ? 1 : together / planPairs;
  const recall = truthPairs === 0 ? 1 : together / truthPairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const all = pairs(items.length);
  const expected = all === 0 ? 0 : (planPairs * truthPairs) / all;
  const max = (planPairs + truthPairs) / 2;
  const ari = max === expected ? (together === max ? 1 : 0) : (together - expected) / (max - expected);
  return { items: items.length, precision, recall, f1, ari };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A module name as people compare them: case and underscores aside, singular (`users` = `user`, `addresses` = `address`). */
function nameKey(name: string): string {
  return singular(name.toLowerCase()).replace(/_/g, "");
}

/**
 * How often the plan names a module as the team did: over the team's named modules (not the
 * package's `__init__`, which is no name anyone chose), those whose classes the plan mostly puts
 * in one module that holds mostly them back (a mutual best match) and carries the same name.
 * `matched` counts the mutual matches, so a plan that groups well but names badly shows as
 * `same / matched` far below 1.
 */
export function nameAgreement(
  plan: Map<string, string>,
  truth: Map<string, string>,
): { teamModules: number; matched: number; same: number } {
  const overlap = new Map<string, Map<string, number>>();
  const byPlan = new Map<string, Map<string, number>>();
  for (const [item, t] of truth) {
    const p = plan.get(item);
    if (p === undefined) continue;
    const row = overlap.get(t) ?? new Map<string, number>();
    row.set(p, (row.get(p) ?? 0) + 1);
    overlap.set(t, row);
    const col = byPlan.get(p) ?? new Map<string, number>();
    col.set(t, (col.get(t) ?? 0) + 1);
    byPlan.set(p, col);
  }
  const best = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  let teamModules = 0;
  let matched = 0;
  let same = 0;
  for (const [t, row] of overlap) {
    if (t === "__init__") continue;
    teamModules++;
    const p = best(row);
    if (best(byPlan.get(p)!) !== t) continue;
    matched++;
    if (nameKey(p) === nameKey(t)) same++;
  }
  return { teamModules, matched, same };
}
