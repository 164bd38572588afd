import { createRequire } from "node:module";
import type Parser from "tree-sitter";

// The native bindings are CommonJS; createRequire keeps this module ESM without a loader hook.
const require = createRequire(import.meta.url);

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;

/** The one tree-sitter parser of this thread, created on first use (loading the grammar costs ~10 ms). */
function sharedParser(): Parser {
  if (!parser) {
    const ParserCtor = require("tree-sitter") as typeof Parser;
    const python = require("tree-sitter-python") as Parser.Language;
    parser = new ParserCtor();
    parser.setLanguage(python);
  }
  return parser;
}

/**
 * Parses Python source text (BOM already removed). Node offsets (`startIndex`) are UTF-16 code
 * units into `text`, the unit LineMap uses, so they can be reported without conversion.
 */
export function parsePython(text: string): Tree {
  return sharedParser().parse(text);
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
