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
import { Heap } from "../../core/heap.js";

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
  // The pair scores are kept across rounds: a round joins two groups, so only the pairs of a group
  // whose members changed, and those whose import count changed, are scored again (scoring every
  // pair every round made hundreds of modules take seconds). A pair's newest score is the one in
  // `scored`; the queue's older ones, and those of groups joined away, are skipped when popped.
  const queue = new Heap<Pair>(ahead);
  const scored = new Map<number, Pair>();
  let before = new Map<number, number[]>();
  let refsBefore = new Map<string, number>();
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
    const counted = c.references(group);
    const refs = new Map([...counted].map(([k, v]) => [pairKey(...(k.split(" ").map(Number) as [number, number])), v]));
    const isDomain = new Set(domains);
    const score = (a: number, b: number, w: number) => {
      const n = size(a) * size(b);
      const [fa, fb] = [members.get(a)![0], members.get(b)![0]];
      const key = pairKey(a, b);
      const p = {
        a,
        b,
        w,
        link: w / n,
        refs: (refs.get(key) ?? 0) / n,
        gap: Math.abs(fa - fb),
        lead: Math.min(fa, fb),
      };
      scored.set(key, p);
      queue.push(p);
    };
    for (const g of domains) {
      if (!changed.has(g)) continue;
      for (const h of domains) {
        // A pair of two changed groups is scored once, from its lower id.
        if (h === g || (changed.has(h) && h < g)) continue;
        const [a, b] = g < h ? [g, h] : [h, g];
        let w = 0;
        for (const x of members.get(a)!) for (const y of members.get(b)!) w += c.link(x, y);
        score(a, b, w);
      }
    }
    // Two unchanged groups keep their link sum; the names they import from each other may still change.
    for (const k of new Set([...counted.keys(), ...refsBefore.keys()])) {
      if (counted.get(k) === refsBefore.get(k)) continue;
      const [a, b] = k.split(" ").map(Number);
      if (isDomain.has(a) && isDomain.has(b) && !changed.has(a) && !changed.has(b))
        score(a, b, scored.get(pairKey(a, b))!.w);
    }
    refsBefore = counted;
    const graph = c.graph(group);
    const merged = (p: Pair) => group.map((g) => (g === p.b ? p.a : g));
    // Where the modules have no cycle now, a merge closes one only through a path between the two
    // by way of a third module; otherwise the merged grouping is checked whole.
    const closes = acyclic(graph)
      ? (p: Pair) => pathVia(graph, p.a, p.b) || pathVia(graph, p.b, p.a)
      : (p: Pair) => !acyclic(c.graph(merged(p)));
    // Densest links first, then most imports between them, then nearest in the file; the first
    // of those that closes no import cycle, or the first if all do. The pairs popped stay queued.
    const next = () => {
      for (let p = queue.pop(); p; p = queue.pop())
        if (scored.get(pairKey(p.a, p.b)) === p && isDomain.has(p.a) && isDomain.has(p.b)) return p;
      return undefined;
    };
    const first = next();
    const popped = first ? [first] : [];
    let pick = first && !closes(first) ? first : undefined;
    if (first && !pick)
      for (let p = next(); p; p = next()) {
        popped.push(p);
        if (!closes(p)) {
          pick = p;
          break;
        }
      }
    for (const p of popped) queue.push(p);
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

/** Two groups `a < b` as candidates: their link sum `w`, the densities that rank them, and where the earlier one starts. */
interface Pair {
  a: number;
  b: number;
  w: number;
  link: number;
  refs: number;
  gap: number;
  lead: number;
}

/**
 * `p` goes before `q`: densest links, most imports, nearest in the file, then the one starting
 * earlier (the order a scan of the groups in file order with a stable sort gave, which plans keep).
 */
function ahead(p: Pair, q: Pair): boolean {
  if (p.link !== q.link) return p.link > q.link;
  if (p.refs !== q.refs) return p.refs > q.refs;
  if (p.gap !== q.gap) return p.gap < q.gap;
  return p.lead < q.lead;
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
