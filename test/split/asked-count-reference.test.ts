import assert from "node:assert/strict";
import { test } from "node:test";
import { type CountMerge, type JoinWhy, mergeToCount } from "../../src/refactor/split/asked-count.js";
import { findCycle } from "../../src/refactor/split/plan-split.js";

/**
 * `--modules` keeps its pair scores between rounds (a queue of pairs, rescored only where a group
 * changed). These random groupings check it merges exactly as the plain algorithm kept here does:
 * every round scores every pair, sorts them (densest links, most imports, nearest in the file) and
 * takes the first whose merge leaves the module graph acyclic, or the first if none does.
 */
function reference(group: number[], asked: number, c: CountMerge): void {
  let told = false;
  for (;;) {
    const ks = [...new Set(group.filter((g) => g >= 0))];
    if (ks.length <= asked) return;
    const members = (g: number) => group.flatMap((x, i) => (x === g ? [i] : []));
    const domains = ks.filter((g) => !c.shared.includes(g));
    // One domain left: `enums` (group 1 here), then `base` (0), joins it.
    if (domains.length < 2) {
      const fold = ks.includes(1) ? 1 : 0;
      // With no domain left, the groups are the two shared ones: `base` takes `enums`.
      const into = domains.length ? domains[0] : 0;
      c.join([fold, into], into);
      continue;
    }
    const refs = c.references(group);
    const pairs: { a: number; b: number; link: number; refs: number; gap: number }[] = [];
    for (let i = 0; i < domains.length; i++)
      for (let j = i + 1; j < domains.length; j++) {
        const [a, b] = [domains[i], domains[j]].sort((x, y) => x - y);
        let w = 0;
        for (const x of members(a)) for (const y of members(b)) w += c.link(x, y);
        const n = members(a).length * members(b).length;
        const gap = Math.abs(members(a)[0] - members(b)[0]);
        pairs.push({ a, b, link: w / n, refs: (refs.get(`${a} ${b}`) ?? 0) / n, gap });
      }
    pairs.sort((p, q) => q.link - p.link || q.refs - p.refs || p.gap - q.gap);
    const closes = (p: (typeof pairs)[0]) => cyclic(c.graph(group.map((g) => (g === p.b ? p.a : g))));
    const pick = pairs.find((p) => !closes(p)) ?? pairs[0];
    const passedOver = pick !== pairs[0] && !told ? ([pairs[0].a, pairs[0].b] as [number, number]) : undefined;
    if (passedOver) told = true;
    const into = members(pick.b).length > members(pick.a).length ? pick.b : pick.a;
    let links = 0;
    for (const x of members(pick.a)) for (const y of members(pick.b)) if (c.link(x, y) > 0) links++;
    c.join([pick.a, pick.b], into, { links, imports: refs.get(`${pick.a} ${pick.b}`) ?? 0, passedOver });
  }
}

/** A small seeded generator (mulberry32), so a failure names an input that can be run again. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The groups of the graph's first cycle (of more than one group), or null. */
const cycleOf = (graph: Map<string, string[]>) => findCycle(graph)?.map(Number) ?? null;

const cyclic = (graph: Map<string, string[]>) => cycleOf(graph) !== null;

interface Input {
  group: number[];
  asked: number;
  links: number[][];
  imports: [number, number][];
  /** The join merges any cycle it closes, as the planner's does (else the cycle stays for the next round to see). */
  foldCycles: boolean;
}

function input(rand: (n: number) => number): Input {
  const n = 2 + rand(13);
  const groups = 2 + rand(n + 1);
  // Groups 0 and 1 are the shared ones (`base`, `enums`); -1 is a statement no module received.
  const group = Array.from({ length: n }, () => (rand(12) === 0 ? -1 : rand(groups)));
  // Few link values, so that ties are common; some of them fractions.
  const values = [0, 0, 0, 1, 1, 2, 3, 0.5, 0.1, 0.3];
  const links = Array.from({ length: n }, () => Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) links[i][j] = links[j][i] = rand(3) === 0 ? values[rand(values.length)] : 0;
  const imports: [number, number][] = [];
  const edges = rand(2 * n);
  for (let e = 0; e < edges; e++) imports.push([rand(n), rand(n)]);
  return { group, asked: 1 + rand(5), links, imports, foldCycles: rand(4) !== 0 };
}

/** Runs one merge on a copy of the input; returns the grouping it leaves and what each join was told. */
function run(merge: typeof mergeToCount, x: Input): { group: number[]; joins: unknown[] } {
  const group = [...x.group];
  const joins: unknown[] = [];
  const graph = (g: number[]) => {
    const adj = new Map<string, string[]>();
    for (const v of new Set(g.filter((v) => v >= 0))) adj.set(String(v), []);
    for (const [s, t] of x.imports) {
      if (g[s] < 0 || g[t] < 0 || g[s] === g[t]) continue;
      const to = adj.get(String(g[s]))!;
      if (!to.includes(String(g[t]))) to.push(String(g[t]));
    }
    return adj;
  };
  const relabel = (ids: number[], into: number) => {
    for (let i = 0; i < group.length; i++) if (ids.includes(group[i])) group[i] = into;
  };
  merge(group, x.asked, {
    shared: [0, 1],
    link: (a, b) => x.links[a][b],
    references: (g) => {
      const out = new Map<string, number>();
      for (const [s, t] of x.imports) {
        if (g[s] < 0 || g[t] < 0 || g[s] === g[t]) continue;
        const key = `${Math.min(g[s], g[t])} ${Math.max(g[s], g[t])}`;
        out.set(key, (out.get(key) ?? 0) + 1);
      }
      return out;
    },
    graph,
    join: (ids: number[], into: number, why?: JoinWhy) => {
      joins.push({ ids, into, why });
      relabel(ids, into);
      for (let cycle = x.foldCycles ? cycleOf(graph(group)) : null; cycle; cycle = cycleOf(graph(group))) {
        const size = (v: number) => group.filter((g) => g === v).length;
        relabel(
          cycle,
          cycle.reduce((a, b) => (size(b) > size(a) || (size(b) === size(a) && b < a) ? b : a)),
        );
        joins.push({ cycle });
      }
    },
  });
  return { group, joins };
}

test("--modules merges as the plain algorithm does: 4000 random groupings with import edges (seed 42)", () => {
  const rand = random(42);
  let passedOver = 0;
  let merged = 0;
  for (let k = 0; k < 4000; k++) {
    const x = input(rand);
    const want = run(reference, x);
    const got = run(mergeToCount, x);
    assert.deepEqual(got, want, `input ${k}: ${JSON.stringify(x)}`);
    if (want.joins.length) merged++;
    if (want.joins.some((j) => (j as { why?: JoinWhy }).why?.passedOver)) passedOver++;
  }
  // The inputs reach what the queue must get right: merges, and merges passed over for a cycle.
  assert.ok(merged > 2000, `${merged} inputs merged`);
  assert.ok(passedOver > 100, `${passedOver} inputs passed a merge over`);
});
