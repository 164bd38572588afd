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
  /** The runtime imports between the grouping's modules (keys and targets are group ids as strings). */
  graph: (group: number[]) => Map<string, string[]>;
  /** Makes the groups `ids` one group `into` (and merges any cycle that closes), `why` for `--explain`. */
  join: (ids: number[], into: number, why?: JoinWhy) => void;
}

/** Why two domains were joined: their linked model pairs, the names they import from each other, and the first merge passed over. */
export interface JoinWhy {
  links: number;
  imports: number;
  /** The pair a merge that would close an import cycle was passed over for (said once per plan). */
  passedOver?: [number, number];
}

export function mergeToCount(group: number[], asked: number, c: CountMerge): void {
  const live = () => [...new Set(group.filter((g) => g >= 0))];
  // The link sums of two groups, kept across rounds while neither group's members change: each
  // round joins two groups, so recomputing every pair made the rounds quadratic in the statements.
  const sums = new Map<number, number>();
  let before = new Map<number, number[]>();
  let toldCycle = false;
  for (let ks = live(); ks.length > asked; ks = live()) {
    const members = new Map(ks.map((g) => [g, [] as number[]]));
    group.forEach((g, i) => members.get(g)?.push(i));
    // Groups only grow by joining, and a joined group's id never comes back: one of the same size is unchanged.
    const changed = new Set(ks.filter((g) => before.get(g)?.length !== members.get(g)!.length));
    before = members;
    const size = (g: number) => members.get(g)!.length;
    const larger = (a: number, b: number) => (size(b) > size(a) ? b : a);
    const domains = ks.filter((g) => !c.shared.includes(g));
    if (domains.length < 2) {
      const fold = [...c.shared].reverse().find((g) => ks.includes(g))!;
      const into = domains[0] ?? ks.find((g) => g !== fold)!;
      c.join([fold, into], into);
      continue;
    }
    const refs = new Map(
      [...c.references(group)].map(([k, v]) => [pairKey(...(k.split(" ").map(Number) as [number, number])), v]),
    );
    const pairs: Pair[] = [];
    const sorted = [...domains].sort((x, y) => x - y);
    const sizes = sorted.map(size);
    const firsts = sorted.map((g) => members.get(g)![0]);
    const fresh = sorted.map((g) => changed.has(g));
    // Domains in id order give each pair as (a < b), in the order the scan meets them below.
    const at = new Map(sorted.map((g, k) => [g, k]));
    for (let i = 0; i < domains.length; i++)
      for (let j = i + 1; j < domains.length; j++) {
        const [ka, kb] = [at.get(domains[i])!, at.get(domains[j])!].sort((x, y) => x - y);
        const a = sorted[ka];
        const b = sorted[kb];
        const key = pairKey(a, b);
        let w = fresh[ka] || fresh[kb] ? undefined : sums.get(key);
        if (w === undefined) {
          w = 0;
          for (const x of members.get(a)!) for (const y of members.get(b)!) w += c.link(x, y);
          sums.set(key, w);
        }
        const n = sizes[ka] * sizes[kb];
        pairs.push({ a, b, link: w / n, refs: (refs.get(key) ?? 0) / n, gap: Math.abs(firsts[ka] - firsts[kb]) });
      }
    const graph = c.graph(group);
    const merged = (p: Pair) => group.map((g) => (g === p.b ? p.a : g));
    // Where the modules have no cycle now, a merge closes one only through a path between the two
    // by way of a third module; otherwise the merged grouping is checked whole.
    const closes = acyclic(graph)
      ? (p: Pair) => pathVia(graph, p.a, p.b) || pathVia(graph, p.b, p.a)
      : (p: Pair) => !acyclic(c.graph(merged(p)));
    // Densest links first, then most imports between them, then nearest in the file; the first
    // of those that closes no import cycle, or the first if all do.
    // The best pair by a scan; only when it closes a cycle are the rest sorted, as many are then tried.
    const first = best(pairs);
    let pick = first && !closes(first) ? first : undefined;
    if (first && !pick) {
      pairs.sort((p, q) => q.link - p.link || q.refs - p.refs || p.gap - q.gap);
      pick = pairs.find((p) => p !== first && !closes(p));
    }
    const passedOver = pick && pick !== first && !toldCycle ? ([first!.a, first!.b] as [number, number]) : undefined;
    if (passedOver) toldCycle = true;
    pick ??= first!;
    const into = larger(pick.a, pick.b);
    let links = 0;
    for (const x of members.get(pick.a)!) for (const y of members.get(pick.b)!) if (c.link(x, y) > 0) links++;
    c.join([pick.a, pick.b], into, { links, imports: refs.get(pairKey(pick.a, pick.b)) ?? 0, passedOver });
  }
}

const pairKey = (a: number, b: number) => a * 2 ** 26 + b;

interface Pair {
  a: number;
  b: number;
  link: number;
  refs: number;
  gap: number;
}

/** The pair a stable sort by densest links, most imports, nearest in the file would put first. */
function best(pairs: Pair[]): Pair | undefined {
  let top: Pair | undefined;
  for (const p of pairs) if (!top || (p.link - top.link || p.refs - top.refs || top.gap - p.gap) > 0) top = p;
  return top;
}

/** `to` is reachable from `from` through at least one other module. */
function pathVia(graph: Map<string, string[]>, from: number, to: number): boolean {
  const target = String(to);
  const seen = new Set<string>([String(from), target]);
  const stack = (graph.get(String(from)) ?? []).filter((w) => w !== target);
  for (const w of stack) seen.add(w);
  while (stack.length)
    for (const w of graph.get(stack.pop()!) ?? []) {
      if (w === target) return true;
      if (!seen.has(w)) {
        seen.add(w);
        stack.push(w);
      }
    }
  return false;
}

/** The graph has no cycle (of more than one module: a module's own names are no import). */
function acyclic(graph: Map<string, string[]>): boolean {
  const indegree = new Map<string, number>();
  const edges = (v: string) => (graph.get(v) ?? []).filter((w) => w !== v);
  for (const v of graph.keys()) {
    indegree.set(v, indegree.get(v) ?? 0);
    for (const w of edges(v)) indegree.set(w, (indegree.get(w) ?? 0) + 1);
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([v]) => v);
  let done = 0;
  while (ready.length) {
    const v = ready.pop()!;
    done++;
    for (const w of edges(v)) {
      const d = indegree.get(w)! - 1;
      indegree.set(w, d);
      if (d === 0) ready.push(w);
    }
  }
  return done === indegree.size;
}

/** What `plan split` and `split` say when the plan has fewer modules than asked for (null: it has as many). */
export function countNote(asked: number | undefined, planned: number): string | null {
  if (asked === undefined || planned >= asked) return null;
  return `--modules ${asked} is an upper bound: the plan has ${planned} module(s); no domain is cut along links the planner holds together`;
}
