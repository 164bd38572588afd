/**
 * `--modules N`: the planner's plan merged down to at most N modules. Two modules at a time are
 * joined, those whose models are linked most per pair of statements (the links the domain cut
 * reads); where no model links them, the names one module imports from the other decide. A merge
 * that would close an import cycle is passed over for the next pair: the cycle would fold a third
 * module in, and forced merges that closed cycles once made a catch-all of whole domains. When
 * one domain is left, `enums`, then `base`, join it.
 *
 * N is an upper bound: a plan of fewer modules is left as it is, since no domain is cut along
 * links the planner found too strong to cut.
 */

export interface CountMerge {
  /** The groups of shared statements (`base`, `enums`, in that order): merged only when one domain is left. */
  shared: number[];
  /** The evidence between two model statements (statement indices). */
  link: (a: number, b: number) => number;
  /** How many names each two groups' modules import from each other, keyed `a b` with a < b. */
  references: (group: number[]) => Map<string, number>;
  /** The grouping gives modules with no import cycle. */
  acyclic: (group: number[]) => boolean;
  /** Makes the groups `ids` one group `into` (and merges any cycle that closes). */
  join: (ids: number[], into: number) => void;
}

export function mergeToCount(group: number[], asked: number, c: CountMerge): void {
  const live = () => [...new Set(group.filter((g) => g >= 0))];
  for (let ks = live(); ks.length > asked; ks = live()) {
    const members = new Map(ks.map((g) => [g, group.flatMap((x, i) => (x === g ? [i] : []))]));
    const size = (g: number) => members.get(g)!.length;
    const larger = (a: number, b: number) => (size(b) > size(a) ? b : a);
    const domains = ks.filter((g) => !c.shared.includes(g));
    if (domains.length < 2) {
      const fold = [...c.shared].reverse().find((g) => ks.includes(g))!;
      const into = domains[0] ?? ks.find((g) => g !== fold)!;
      c.join([fold, into], into);
      continue;
    }
    const refs = c.references(group);
    const pairs: { a: number; b: number; link: number; refs: number; gap: number }[] = [];
    for (let i = 0; i < domains.length; i++)
      for (let j = i + 1; j < domains.length; j++) {
        const [a, b] = [domains[i], domains[j]].sort((x, y) => x - y);
        let w = 0;
        for (const x of members.get(a)!) for (const y of members.get(b)!) w += c.link(x, y);
        const n = size(a) * size(b);
        const gap = Math.abs(members.get(a)![0] - members.get(b)![0]);
        pairs.push({ a, b, link: w / n, refs: (refs.get(`${a} ${b}`) ?? 0) / n, gap });
      }
    // Densest links first, then most imports between them, then nearest in the file.
    pairs.sort((p, q) => q.link - p.link || q.refs - p.refs || p.gap - q.gap);
    const merged = (p: { a: number; b: number }) => group.map((g) => (g === p.b ? p.a : g));
    const pick = pairs.find((p) => c.acyclic(merged(p))) ?? pairs[0];
    const into = larger(pick.a, pick.b);
    c.join([pick.a, pick.b], into);
  }
}

/** What `plan split` and `split` say when the plan has fewer modules than asked for (null: it has as many). */
export function countNote(asked: number | undefined, planned: number): string | null {
  if (asked === undefined || planned >= asked) return null;
  return `--modules ${asked} is an upper bound: the plan has ${planned} module(s); no domain is cut along links the planner holds together`;
}
