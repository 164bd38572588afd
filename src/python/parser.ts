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
await Parser.init();
const python = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
const parser = new Parser();
parser.setLanguage(python);

/*
 * A tree lives in WebAssembly memory, which the garbage collector does not see. Trees whose nodes
 * are still read later (pymodule's lazily converted statements) are freed when the Tree object is
 * collected; the others are freed at once by their caller (`freeTree`).
 */
type Freeable = { 0: number }; // the tree's address, all that Tree.prototype.delete reads
const deleteTree = WasmTree.prototype.delete;
const freeWhenCollected = new FinalizationRegistry<Freeable>((shadow) => {
  if (shadow[0] !== 0) deleteTree.call(shadow);
});

/**
 * Parses Python source text (BOM already removed). Node offsets (`startIndex`) are UTF-16 code
 * units into `text`, the unit LineMap uses, so they can be reported without conversion.
 */
export function parsePython(text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree"); // only when parsing was cancelled
  const shadow: Freeable = { 0: (tree as unknown as Freeable)[0] };
  freeWhenCollected.register(tree, shadow, tree);
  return tree as unknown as Tree;
}

/** Frees a tree now; none of its nodes may be read afterwards. */
export function freeTree(tree: Tree): void {
  freeWhenCollected.unregister(tree);
  tree.delete();
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
