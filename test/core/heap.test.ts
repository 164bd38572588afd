import assert from "node:assert/strict";
import { test } from "node:test";
import { Heap } from "../../src/core/heap.js";

test("a heap pops its items in order, pushes and pops interleaved", () => {
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) % 100;
  const heap = new Heap<number>((a, b) => a < b);
  const kept: number[] = [];
  const popped: number[] = [];
  for (let i = 0; i < 2000; i++) {
    if (next() < 60) {
      const x = next();
      heap.push(x);
      kept.push(x);
    } else if (kept.length) {
      kept.sort((a, b) => a - b);
      popped.push(heap.pop()!);
      assert.equal(popped.at(-1), kept.shift());
    }
  }
  assert.equal(heap.size, kept.length);
  kept.sort((a, b) => a - b);
  for (const x of kept) assert.equal(heap.pop(), x);
  assert.equal(heap.pop(), undefined);
  assert.ok(popped.length > 500);
});
