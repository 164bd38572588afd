/**
 * tree-sitter-python, for the refactorings that need a syntax tree (split). Node offsets
 * (`startIndex`/`endIndex`) are UTF-16 code units of the JS string, like every offset in Remodel.
 */
import Parser from "tree-sitter";
import Python from "tree-sitter-python";

export type Tree = Parser.Tree;
export type SyntaxNode = Parser.SyntaxNode;

let parser: Parser | null = null;

/** Parses Python source text. Never throws on bad syntax: error nodes mark what did not parse. */
export function parsePython(text: string): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
  }
  return parser.parse(text);
}
