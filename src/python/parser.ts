import { createRequire } from "node:module";
import { Language, Parser, Tree as WasmTree, type Node } from "web-tree-sitter";

/*
 * tree-sitter compiled to WebAssembly: nothing to compile at install time and nothing native to
 * tear down when a worker thread exits. The grammar is tree-sitter-python's own .wasm build, so
 * the trees are the ones its native binding gives (same node types, UTF-16 offsets and columns).
 * Loading is asynchronous; it happens once, when this module is first imported (top-level await),
 * so every caller keeps the synchronous `parsePython` (~20 ms, paid only by the commands and
 * threads that import a module needing full trees).
 */

/**
 * web-tree-sitter's Node, with children typed as they are: its typings allow `null` entries in
 * child lists (its marshalling can in principle yield a null node), a parsed tree never has any.
 */
type Tied =
  | "children"
  | "namedChildren"
  | "childrenForFieldName"
  | "childForFieldName"
  | "parent"
  | "descendantsOfType"
  | "firstChild"
  | "lastChild"
  | "lastNamedChild"
  | "child"
  | "namedChild"
  | "descendantForIndex"
  | "nextSibling"
  | "previousSibling"
  | "nextNamedSibling"
  | "previousNamedSibling"
  | "tree";
export interface SyntaxNode extends Omit<Node, Tied> {
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly parent: SyntaxNode | null;
  readonly firstChild: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  readonly lastNamedChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  readonly tree: Tree;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
  descendantsOfType(types: string | string[]): SyntaxNode[];
}
export interface Tree extends Omit<WasmTree, "rootNode"> {
  readonly rootNode: SyntaxNode;
}

const require = createRequire(import.meta.url);
/*
 * The runtime's memory, made here rather than by the runtime (same 32 MiB start and 2 GiB ceiling)
 * so that its size can be read: a long-running host, and the test of this file, watch it.
 */
const memory = new WebAssembly.Memory({ initial: 512, maximum: 32768 });
const runtimeOptions: { wasmMemory: WebAssembly.Memory; HEAP8?: Int8Array } = { wasmMemory: memory }; // Emscripten module options its typings leave out
await Parser.init(runtimeOptions as unknown as Parameters<typeof Parser.init>[0]);
/*
 * web-tree-sitter keeps one runtime per loaded copy of its module, made by the first
 * `Parser.init`; a later call reads no options. When a host (or a second copy of this library
 * resolving the same web-tree-sitter) initialised it first, the memory above is not the runtime's
 * and its size says nothing. Emscripten writes its heap views onto the options object it was made
 * from, so whether they view this memory tells the two cases apart; in the second the size is
 * unknown, and said so, rather than a constant 32 MiB.
 */
const ownRuntime = runtimeOptions.HEAP8?.buffer === memory.buffer;
const wasmBytes = (): number | null => (ownRuntime ? memory.buffer.byteLength : null);
const python = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
const parser = new Parser();
parser.setLanguage(python);

/*
 * A tree lives in WebAssembly memory, which the garbage collector does not see. Trees whose nodes
 * are still read later (pymodule's lazily converted statements) are freed when the Tree object is
 * collected; the others are freed at once by their caller (`freeTree`).
 *
 * Each tree has one owner of its address, its shadow: whichever frees it first (the caller, through
 * `freeTree` or the Tree's own `delete`, or the registry) zeroes the shadow, and the other then
 * does nothing. Before, `tree.delete()` left the registry holding the address and the collector
 * freed it a second time: tree-sitter then walked freed memory ("memory access out of bounds").
 *
 * The collector cannot see what a tree costs: a Tree object is a few words of JavaScript heap
 * holding some 20 bytes of WebAssembly memory per character parsed. With a small heap V8 seldom
 * runs a full collection, so dropped trees were never found and memory grew pass after pass (a
 * watcher reparsing Debian's 4,313 Python files aborted in its third pass). Each tree therefore
 * carries a share of an ArrayBuffer (its weight), which V8 counts as external memory and collects
 * for. The buffers are never written; they must also never be touched: the allocator zeroes a
 * small one, which then costs its size in real memory (a buffer per tree did: +45% with 10,000
 * small trees alive). So small trees share one large buffer, above the size the C allocator always
 * maps fresh (glibc's largest mmap threshold is 32 MiB), whose pages stay untouched: a tree holds
 * its batch, and the batch is collected with the last of its trees.
 *
 * The registry's callbacks run between tasks only, never inside one synchronous loop, and a
 * forced collection does not run them either: a loop that parses thousands of files and leaves
 * their trees to the collector holds them all until it yields (those 4,313 files: 1.2 GB). Past
 * the 2 GiB ceiling the runtime aborts and its heap is left half-updated: from then on nothing is
 * freed into it (`failed`), and parsing says why instead of aborting again.
 */
type Freeable = { 0: number }; // the tree's address, all that Tree.prototype.delete reads
const deleteTree = WasmTree.prototype.delete;
/** What a tree holds of WebAssembly memory per character of its text (Debian's Python: about 20). */
const BYTES_PER_CHARACTER = 16;
/** A weight buffer's size: past glibc's largest mmap threshold, so it is mapped and never zeroed. */
const BATCH_BYTES = 33 * 1024 * 1024;
let failed: string | undefined;
let live = 0;
/** The weight small trees share: a buffer, and how much of it trees have claimed so far. */
let batch = { buffer: new ArrayBuffer(0), claimed: Number.POSITIVE_INFINITY };

/** A weight of `bytes` for one tree: its own buffer when large, else a share of the current batch. */
function weightOf(bytes: number): { buffer: ArrayBuffer } {
  if (bytes >= BATCH_BYTES) return { buffer: new ArrayBuffer(bytes) };
  if (batch.claimed + bytes > BATCH_BYTES) batch = { buffer: new ArrayBuffer(BATCH_BYTES), claimed: 0 };
  batch.claimed += bytes;
  return batch;
}

function release(shadow: Freeable): void {
  const address = shadow[0];
  shadow[0] = 0;
  if (address === 0 || failed) return;
  live--;
  try {
    deleteTree.call({ 0: address });
  } catch (e) {
    failed = `freeing a tree failed (${(e as Error).message})`;
  }
}

const freeWhenCollected = new FinalizationRegistry<Freeable>(release);

/**
 * Parses Python source text (BOM already removed). Node offsets (`startIndex`) are UTF-16 code
 * units into `text`, the unit LineMap uses, so they can be reported without conversion.
 */
export function parsePython(text: string): Tree {
  return parseWith(text);
}

/**
 * The tree of `text`, parsed incrementally from `old`, the tree of `oldText` (a draft of the same
 * file): tree-sitter re-reads only around what changed and gives the tree a fresh parse gives.
 * The edit is one range, between the texts' common prefix and suffix. `old` is consumed: it is
 * freed, and must not be read afterwards.
 */
export function reparsePython(old: Tree, oldText: string, text: string): Tree {
  if (oldText === text) return old;
  let start = 0;
  const shorter = Math.min(oldText.length, text.length);
  while (start < shorter && oldText.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < shorter - start &&
    oldText.charCodeAt(oldText.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)
  )
    tail++;
  (old as unknown as WasmTree).edit({
    startIndex: start,
    oldEndIndex: oldText.length - tail,
    newEndIndex: text.length - tail,
    startPosition: pointAt(text, start),
    oldEndPosition: pointAt(oldText, oldText.length - tail),
    newEndPosition: pointAt(text, text.length - tail),
  });
  try {
    return parseWith(text, old as unknown as WasmTree);
  } finally {
    freeTree(old);
  }
}

/** Row and column (UTF-16 code units, as node positions are) of an offset: tree-sitter's rows end at "\n". */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) row++;
  return { row, column: offset - (offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1) };
}

function parseWith(text: string, old?: WasmTree): Tree {
  if (failed) throw new Error(`the tree-sitter runtime is unusable: ${failed}`);
  let tree: WasmTree | null;
  try {
    tree = parser.parse(text, old);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    failed = `${e.message} while parsing, with ${live} trees alive and ${wasmBytes() ?? "an unknown number of"} bytes of WebAssembly memory (free trees with freeTree, or let the event loop run)`;
    throw new Error(`the tree-sitter runtime failed: ${failed}`);
  }
  if (!tree) throw new Error("tree-sitter returned no tree"); // only when parsing was cancelled
  const shadow: Freeable = { 0: (tree as unknown as Freeable)[0] };
  live++;
  freeWhenCollected.register(tree, shadow, shadow);
  Object.defineProperty(tree, "weight", {
    value: weightOf(text.length * BYTES_PER_CHARACTER),
    writable: true,
  });
  // The Tree's own delete frees through the shadow too, so that a caller's delete is the only one.
  Object.defineProperty(tree, "delete", {
    value(this: WasmTree) {
      freeWhenCollected.unregister(shadow);
      release(shadow);
      (this as unknown as Freeable)[0] = 0;
      (this as unknown as { weight?: unknown }).weight = undefined; // counted no longer once collected
    },
  });
  return tree as unknown as Tree;
}

/** Frees a tree now; none of its nodes may be read afterwards. Freeing it twice does nothing. */
export function freeTree(tree: Tree): void {
  tree.delete();
}

/**
 * Trees this module parsed and has not yet freed, and the bytes of WebAssembly memory (which grows
 * and never shrinks): what a long-running host watches to see that its trees are let go. The bytes
 * are `null` (unknown) when web-tree-sitter's runtime was initialised before this module loaded:
 * its memory is then out of this module's reach.
 */
export function treeMemory(): { liveTrees: number; wasmBytes: number | null } {
  return { liveTrees: live, wasmBytes: wasmBytes() };
}

/** The first ERROR or MISSING node in document order, or undefined when the tree parsed cleanly. */
export function firstSyntaxError(tree: Tree): SyntaxNode | undefined {
  if (!tree.rootNode.hasError) return undefined;
  let node: SyntaxNode = tree.rootNode;
  // Descend into the first child that carries the error until the error node itself.
  for (;;) {
    if (node.type === "ERROR" || node.isMissing) return node;
    const next = node.children.find((c) => c.hasError || c.isMissing || c.type === "ERROR");
    if (!next) return node;
    node = next;
  }
}
