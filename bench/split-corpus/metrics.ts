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
