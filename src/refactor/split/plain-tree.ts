/**
 * A syntax tree copied out of tree-sitter into plain objects in one cursor walk. The split walks
 * every node of a module several times; tree-sitter's node accessors (`namedChildren`,
 * `childForFieldName`) cross into the parser's memory and allocate on every call, which made a 15,000-line file
 * take seconds. Plain nodes answer the same questions from JS memory.
 */
import { LineMap } from "../../core/text.js";
import type { Language, TreeCursor } from "web-tree-sitter";
import { freeTree, type Tree } from "../../python/parser.js";

export class PNode {
  readonly children: PNode[] = [];
  private named: PNode[] | null = null;
  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly field: string | null,
    private readonly source: string,
    private readonly lines: LineMap,
  ) {}
  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
  get namedChildren(): PNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }
  childForFieldName(name: string): PNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }
  get hasError(): boolean {
    return this.type === "ERROR" || this.isMissing || this.children.some((c) => c.hasError);
  }
  /** 0-based row and column, computed when asked (only reporting and comment placement ask). */
  get startPosition(): { row: number; column: number } {
    const p = this.lines.position(this.startIndex);
    return { row: p.line - 1, column: p.column - 1 };
  }
  get endPosition(): { row: number } {
    return { row: this.lines.line(Math.max(this.startIndex, this.endIndex - 1)) - 1 };
  }
}

/**
 * Copies `tree` into plain nodes and frees it (the tree must not be read afterwards), unless
 * `keep`: then its caller still reads it and the collector frees it. `clean`: the tree has no
 * ERROR or MISSING node (tree-sitter knows it for free; plain nodes would walk the tree).
 */
export function plainTree(tree: Tree, text: string, keep = false): { root: PNode; clean: boolean } {
  const c = tree.walk();
  try {
    const clean = !tree.rootNode.hasError;
    return { root: copyNodes(c, new LineMap(text), text, clean, tree.language), clean };
  } finally {
    c.delete();
    if (!keep) freeTree(tree);
  }
}

function copyNodes(c: TreeCursor, lines: LineMap, text: string, clean: boolean, language: Language): PNode {
  // Each cursor getter is a call into WebAssembly. A tree without errors has no MISSING node, and
  // whether a node is named depends on its type alone (its alias, when aliased: the type id the
  // cursor reports), so a clean tree reads three numbers a node, plus the field id.
  const types = language.types;
  const fields = language.fields;
  const namedType: (boolean | undefined)[] = [];
  const make = clean
    ? (field: string | null) => {
        const id = c.nodeTypeId;
        const isNamed = (namedType[id] ??= language.nodeTypeIsNamed(id));
        return new PNode(types[id] || "ERROR", isNamed, false, c.startIndex, c.endIndex, field, text, lines);
      }
    : (field: string | null) =>
        new PNode(c.nodeType, c.nodeIsNamed, c.nodeIsMissing, c.startIndex, c.endIndex, field, text, lines);
  const root = make(null);
  const stack: PNode[] = [root];
  if (!c.gotoFirstChild()) return root;
  for (;;) {
    const node = make(fields[c.currentFieldId] || null);
    stack[stack.length - 1].children.push(node);
    if (c.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent() || stack.length === 1) return root;
      stack.pop();
    }
  }
}
