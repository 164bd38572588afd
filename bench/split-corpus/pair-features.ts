/**
 * Features of each pair of models of one case of the pair dump (pair-dump.ts), for a learned pair
 * model: the weight each of the planner's signals gives the pair (and whether it gives any), and
 * what a reader sees that no signal weighs: how far apart the two are in the file, how alike
 * their importers and the models they read are, whether they are the same kind of class, both
 * tables, both schemas, share leading words of their names or a section comment; and a few
 * figures of the whole file (its size, how long its models are), which move how finely teams cut.
 */

export interface DumpModel {
  label: string;
  name: string;
  bases: string[];
  table?: string | null;
  role: string;
  schema: boolean;
  lines: number;
  reads: number[];
  importers: string[];
  kind: string;
  section: number;
  team: string | null;
}

export interface DumpCase {
  id: string;
  repo: string;
  wave: string;
  models: DumpModel[];
  pairs: { a: number; b: number; s: Record<string, number> }[];
  layout: Record<string, string>;
  plan: Record<string, string>;
}

/** The planner's signals (domains.ts `Signal`), in a fixed order. */
export const SIGNALS = [
  "references",
  "queries in methods",
  "base class",
  "manager of",
  "same section",
  "imported together",
  "name stem",
  "table prefix",
  "file order",
] as const;

/** The names of the features featuresOf gives, in its order. */
export const FEATURE_NAMES: string[] = [
  ...SIGNALS.flatMap((s) => [`${s} (weight)`, `${s} (any)`]),
  "no signal",
  "neighbours in the file",
  "1 / distance in file order",
  "distance / n",
  "importer sets, Jaccard",
  "neither imported",
  "read models shared, Jaccard",
  "one reads the other",
  "same kind",
  "same kind x rarity of the kind",
  "both tables",
  "neither a table",
  "both schemas",
  "one schema, one not",
  "same first word",
  "same first word x rarity",
  "two+ leading words shared",
  "same section comment (file has some)",
  "sections apart",
  "both 60+ lines",
  "log lines, sum",
  "log models in file",
  "log median lines of file",
  "file: share sharing a first word",
  "file: share imported",
];

/** The words of a class name, lower case: `PayPalGatewayConfig` -> pay, pal, gateway, config; `HTTPLog` -> http, log. */
function words(name: string): string[] {
  return (name.replace(/^_+/, "").match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [name]).map((w) => w.toLowerCase());
}

function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/**
 * The features of every pair (i < j) of the case's models, row-major in pair order
 * (0,1), (0,2), ..., (1,2), ...; `pairIndex` gives a pair's row.
 */
export function featuresOf(c: DumpCase): Float64Array[] {
  const ms = c.models;
  const n = ms.length;
  const signals = new Map(c.pairs.map((p) => [p.a < p.b ? p.a * n + p.b : p.b * n + p.a, p.s]));
  const imp = ms.map((m) => new Set(m.importers));
  const reads = ms.map((m) => new Set(m.reads));
  const readBy = ms.map(() => new Set<number>());
  ms.forEach((m, i) => {
    for (const j of m.reads) readBy[j].add(i);
  });
  // Neighbours in the reference graph, either way: two models that read (or are read by) the same ones.
  const near = ms.map((_, i) => new Set([...reads[i], ...readBy[i]]));
  const kindCount = new Map<string, number>();
  for (const m of ms) kindCount.set(m.kind, (kindCount.get(m.kind) ?? 0) + 1);
  const ws = ms.map((m) => words(m.name));
  const firstCount = new Map<string, number>();
  for (const w of ws) firstCount.set(w[0], (firstCount.get(w[0]) ?? 0) + 1);
  const hasSections = ms.some((m) => m.section !== ms[0].section);
  const sortedLines = ms.map((m) => m.lines).sort((a, b) => a - b);
  const medianLines = n ? sortedLines[Math.floor(n / 2)] : 1;
  const shareFirst = n ? ws.filter((w) => (firstCount.get(w[0]) ?? 0) > 1).length / n : 0;
  const shareImported = n ? ms.filter((m) => m.importers.length > 0).length / n : 0;
  const table = (m: DumpModel) => !!m.table;
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = signals.get(i * n + j) ?? {};
      const a = ms[i];
      const b = ms[j];
      const f: number[] = [];
      for (const k of SIGNALS) f.push(s[k] ?? 0, s[k] ? 1 : 0);
      f.push(Object.keys(s).length === 0 ? 1 : 0);
      const gap = j - i;
      f.push(gap === 1 ? 1 : 0, 1 / gap, gap / n);
      f.push(jaccard(imp[i], imp[j]), imp[i].size === 0 && imp[j].size === 0 ? 1 : 0);
      f.push(jaccard(near[i], near[j]), reads[i].has(j) || reads[j].has(i) ? 1 : 0);
      const sameKind = a.kind === b.kind ? 1 : 0;
      f.push(sameKind, sameKind * (1 - (kindCount.get(a.kind) ?? 0) / n));
      f.push(table(a) && table(b) ? 1 : 0, !table(a) && !table(b) ? 1 : 0);
      f.push(a.schema && b.schema ? 1 : 0, a.schema !== b.schema ? 1 : 0);
      const sameFirst = ws[i][0] === ws[j][0] ? 1 : 0;
      f.push(sameFirst, sameFirst * (1 - (firstCount.get(ws[i][0]) ?? 0) / n));
      f.push(ws[i].length > 1 && ws[j].length > 1 && sameFirst && ws[i][1] === ws[j][1] ? 1 : 0);
      f.push(hasSections && a.section === b.section ? 1 : 0, Math.min(3, Math.abs(a.section - b.section)));
      f.push(a.lines >= 60 && b.lines >= 60 ? 1 : 0, Math.log(a.lines) + Math.log(b.lines));
      f.push(Math.log(n), Math.log(medianLines), shareFirst, shareImported);
      out.push(Float64Array.from(f));
    }
  return out;
}

/** The row of pair (i, j), i < j, of a case of n models in featuresOf's order. */
export function pairIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}
