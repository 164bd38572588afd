/**
 * Trees live in WebAssembly memory, out of the garbage collector's sight: a host that parses file
 * after file (an editor server, a watcher) must get that memory back, and a tree must be freed
 * once, whoever lets it go first. Before parser.ts gave each tree one owner of its address, a
 * tree deleted by its caller was freed again by the collector and tree-sitter walked freed memory
 * ("memory access out of bounds" from ts_tree_delete).
 */
// REMODEL_TIER_FAULTS: tens of seconds of parsing until the collector runs; `npm test` and CI run it, `test:unit` does not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { freeTree, parsePython, treeMemory } from "../../src/python/parser.js";
import { summarizeModule } from "../../src/orm/pymodule.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects, then lets the registry's callbacks run: they run between tasks, never inside one. */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A module of `n` classes and functions, different for each `seed` so no parse is a repeat. */
function source(seed: number, n: number): string {
  const out = [`"""Module ${seed}."""`, "import os", "from typing import Optional", ""];
  for (let i = 0; i < n; i++) {
    out.push(
      `class Item${seed}_${i}(Base):`,
      `    __tablename__ = "item_${seed}_${i}"`,
      `    name: Optional[str] = None  # ${"x".repeat(i % 7)}`,
      "",
      `    def total(self, rows=(${i}, ${seed})):`,
      `        return sum(r * ${i} for r in rows if r) + len(os.sep)`,
      "",
      `def helper_${i}(a, *args, key=None, **kw):`,
      `    return [a[k] for k in kw if k != "${seed}"] or {"v": f"{a!r:>${i % 5}}"}`,
      "",
    );
  }
  return out.join("\n");
}

it("a tree deleted by its caller is not freed again by the collector", async () => {
  const text = source(1, 60);
  const expected = parsePython(text).rootNode.namedChildCount;
  for (let round = 0; round < 20; round++) {
    // web-tree-sitter's own delete, which a host holding a Tree may call.
    for (let i = 0; i < 50; i++) parsePython(text).delete();
    await collect();
    // A block freed twice corrupts tree-sitter's heap: later parses and frees read garbage or trap.
    assert.equal(parsePython(text).rootNode.namedChildCount, expected);
  }
  await collect();
  assert.equal(treeMemory().liveTrees, 0);
});

it("freeing a tree twice does nothing", async () => {
  const text = source(2, 10);
  for (let i = 0; i < 50; i++) {
    const tree = parsePython(text);
    freeTree(tree);
    freeTree(tree);
    tree.delete();
  }
  await collect();
  assert.equal(parsePython(text).rootNode.namedChildCount, 3 + 10 * 2);
  await collect();
  assert.equal(treeMemory().liveTrees, 0);
});

it("memory stays bounded over repeated passes that leave their trees to the collector", async () => {
  const texts = Array.from({ length: 60 }, (_, i) => source(i, 30));
  const after: (number | null)[] = [];
  for (let pass = 0; pass < 8; pass++) {
    for (const text of texts) {
      // Half dropped as they are, half kept alive by a summary's lazily read nodes.
      if (pass % 2) summarizeModule("m.py", "m", text).classes.size;
      else parsePython(text).rootNode.hasError;
    }
    await collect();
    assert.equal(treeMemory().liveTrees, 0, `pass ${pass}: every dropped tree freed`);
    after.push(treeMemory().wasmBytes);
  }
  // WebAssembly memory never shrinks; it must stop growing once one pass's trees fit in it.
  assert.equal(after[after.length - 1], after[1], `memory after each pass: ${after.join(", ")}`);
});

it("live trees are counted as external memory, so that V8 collects for the trees dropped", () => {
  // Without it a dropped tree weighs a few words of heap: V8 seldom ran a full collection and a
  // watcher reparsing 4,313 files of Debian's Python kept every pass's trees until it aborted.
  // Small trees share 33 MiB weight buffers, so what is counted may lag what is claimed by at
  // most the one buffer already open.
  const text = source(100, 200);
  const before = process.memoryUsage().arrayBuffers;
  const n = Math.ceil((3 * 33 * 2 ** 20) / (text.length * 16)); // trees enough to claim three buffers
  const trees = Array.from({ length: n }, () => parsePython(text));
  const counted = process.memoryUsage().arrayBuffers - before;
  for (const tree of trees) freeTree(tree);
  const claimed = n * text.length * 16;
  assert.ok(counted >= claimed - 33 * 2 ** 20, `${counted} bytes counted for ${n} trees claiming ${claimed}`);
});

it("a tree parsed and freed in one synchronous loop does not grow memory", async () => {
  await collect();
  const text = source(7, 60);
  freeTree(parsePython(text));
  const before = treeMemory();
  for (let i = 0; i < 300; i++) freeTree(parsePython(text));
  assert.deepEqual(treeMemory(), before);
});

/**
 * In a process of its own, so that which copy initialises web-tree-sitter first is the test's
 * choice: with `host` a host calls `Parser.init()` before parser.ts is imported. Parses some
 * 650 KB of Python (about 55 MB of WebAssembly memory, past the 32 MiB start) and prints what
 * treeMemory says before and during, and what the runtime really holds (the heap Emscripten wrote
 * onto the options of whoever initialised it).
 */
function measured(host: boolean): { before: number | null; during: number | null; live: number; real: number } {
  const script = `
const host = ${host} ? {} : null;
if (host) await (await import(${JSON.stringify(import.meta.resolve("web-tree-sitter"))})).Parser.init(host);
const { freeTree, parsePython, treeMemory } = await import(${JSON.stringify(new URL("../../src/python/parser.js", import.meta.url).href)});
const before = treeMemory().wasmBytes;
const lines = [];
for (let i = 0; i < 20000; i++) lines.push("x_" + i + " = f(a, b[" + i + "], c=" + i + ")");
const tree = parsePython(lines.join("\\n"));
const { wasmBytes: during, liveTrees: live } = treeMemory();
const real = (host ?? {}).HEAP8?.buffer.byteLength ?? during;
freeTree(tree);
console.log(JSON.stringify({ before, during, live, real }));
`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

it("the WebAssembly memory reported is the runtime's own, and grows with it", () => {
  const m = measured(false);
  assert.equal(m.before, 32 * 1024 * 1024);
  assert.ok(m.during !== null && m.during > m.before, `${m.before} bytes, then ${m.during}`);
  assert.equal(m.live, 1);
});

it("when web-tree-sitter was initialised elsewhere first, the memory is unknown, not a stale figure", () => {
  const m = measured(true);
  // The runtime grew past its start: a figure from memory it never used would have stayed at 32 MiB.
  assert.ok(m.real > 32 * 1024 * 1024, `the runtime holds ${m.real} bytes`);
  assert.equal(m.before, null);
  assert.equal(m.during, null);
  // The trees are still counted: they are this module's own.
  assert.equal(m.live, 1);
});
