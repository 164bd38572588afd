import { createRequire } from "node:module";
import type Parser from "tree-sitter";

/**
 * tree-sitter-python behind one function. The native binding is loaded once; a parser object is
 * reused (parsing is synchronous, so one is enough per thread). Node positions: `row` is 0-based,
 * `startIndex`/`endIndex` are UTF-16 offsets into the JS string (the binding decodes for us).
 */
const require = createRequire(import.meta.url);
let parser: Parser | null = null;

function getParser(): Parser {
  if (!parser) {
    const TreeSitter = require("tree-sitter") as typeof Parser;
    const Python = require("tree-sitter-python") as Parser.Language;
    parser = new TreeSitter();
    parser.setLanguage(Python);
  }
  return parser;
}

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

/** Parses Python source text (BOM already stripped). Never throws on syntax errors: see `hasError`. */
export function parsePython(text: string): Tree {
  // The binding reads the input through a fixed buffer; size it to the text so long files parse whole.
  return getParser().parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
}
