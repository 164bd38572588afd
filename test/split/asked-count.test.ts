import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeToCount } from "../../src/refactor/split/asked-count.js";

/**
 * Four one-statement modules in a chain of imports 0 -> 1 -> 2 -> 3, where 0 and 2 are linked
 * densest: merging them would close a cycle through 1, so 2 and 3 join first. The import graph is
 * read once per round, not once per candidate pair (that made hundreds of modules take seconds).
 */
test("--modules reads the import graph once per round and passes over a merge that closes a cycle", () => {
  const group = [0, 1, 2, 3];
  const strength: Record<string, number> = { "0 2": 9, "2 3": 5, "0 1": 1 };
  let reads = 0;
  const told: unknown[] = [];
  mergeToCount(group, 3, {
    shared: [],
    link: (a, b) => strength[`${Math.min(a, b)} ${Math.max(a, b)}`] ?? 0,
    references: () => new Map(),
    graph: (g) => {
      reads++;
      const adj = new Map<string, string[]>();
      for (const [from, to] of [
        [0, 1],
        [1, 2],
        [2, 3],
      ])
        if (g[from] !== g[to]) adj.set(String(g[from]), [...(adj.get(String(g[from])) ?? []), String(g[to])]);
      return adj;
    },
    join: (ids, into, why) => {
      told.push(why);
      for (let i = 0; i < group.length; i++) if (ids.includes(group[i])) group[i] = into;
    },
  });
  assert.deepEqual(group, [0, 1, 2, 2]);
  assert.equal(reads, 1);
  // --explain hears which merge was passed over, and what joined the pair merged instead.
  assert.deepEqual(told, [{ links: 1, imports: 0, passedOver: [0, 2] }]);
});
