/**
 * A reference extractor built on tree-sitter-python, independent of the scanner: imports (kind,
 * level, module, names, star, ranges, context), top-level bindings and top-level classes. The
 * differential tests and scripts/differential.mjs compare the scanner with it.
 *
 * tree-sitter reports positions in UTF-16 code units for JS strings, the unit ModuleFacts uses, so
 * offsets are taken as they are (a non-ASCII case in the tests pins that).
 */
import { parsePython, type SyntaxNode as Node, type Tree } from "../../src/python/parser.js";
import type { BindingKind, ImportContext } from "../../src/python/facts.js";

export interface RefName {
  name: string;
  alias: string | null;
  start: number;
  end: number;
}
export interface RefImport {
  kind: "import" | "from";
  level: number;
  module: string;
  moduleStart: number;
  moduleEnd: number;
  names: RefName[];
  star: boolean;
  start: number;
  end: number;
  line: number;
  context: ImportContext;
  /** PEP 810 `lazy import`: tree-sitter-python 0.25 reads `lazy` as an ERROR node just before the import. */
  lazy: boolean;
}
export interface RefBinding {
  name: string;
  kind: BindingKind;
  line: number;
  column: number;
  conditional: boolean;
  typeOnly: boolean;
}
export interface RefClass {
  name: string;
  bases: string[];
  keywords: Record<string, string>;
  line: number;
}
export interface ReferenceFacts {
  imports: RefImport[];
  bindings: RefBinding[];
  classes: RefClass[];
  hasGetattr: boolean;
  /** The tree has ERROR or MISSING nodes: the file is not valid Python as tree-sitter reads it. */
  hasError: boolean;
}

/** Parses with tree-sitter-python. */
export function parseReference(text: string): Tree {
  return parsePython(text);
}

/** The facts tree-sitter's tree says `text` has. `text` must have its BOM removed. */
export function referenceFacts(text: string): ReferenceFacts {
  const root = parseReference(text).rootNode;
  const out: ReferenceFacts = {
    imports: [],
    bindings: [],
    classes: [],
    hasGetattr: false,
    hasError: root.hasError && hasOtherError(root),
  };
  collectImports(root, out.imports);
  topLevel(root, { conditional: false, typeOnly: false }, out);
  return out;
}

/** Blanks and backslash continuations inside a dotted name. */
const SPACE = /\\\r?\n|\s+/g;

const IMPORT_TYPES = new Set(["import_statement", "import_from_statement", "future_import_statement"]);

/**
 * The ERROR node tree-sitter-python makes of PEP 810's soft keyword: exactly `lazy`, right before
 * an import statement (as its previous sibling, or before the block the import starts).
 */
function lazyKeywordBefore(node: Node): Node | null {
  let prev = node.previousSibling;
  if (!prev && node.parent?.type === "block" && node.parent.firstNamedChild?.id === node.id)
    prev = node.parent.previousSibling;
  return prev && prev.type === "ERROR" && prev.text === "lazy" ? prev : null;
}

function isLazyKeyword(node: Node): boolean {
  if (node.type !== "ERROR" || node.text !== "lazy") return false;
  const next = node.nextSibling;
  const first = next?.type === "block" ? next.firstNamedChild : next;
  return first !== null && first !== undefined && IMPORT_TYPES.has(first.type);
}

function hasOtherError(node: Node): boolean {
  if (node.isMissing || (node.type === "ERROR" && !isLazyKeyword(node))) return true;
  for (const c of node.children) if (c.hasError && hasOtherError(c)) return true;
  return false;
}

function collectImports(node: Node, out: RefImport[]): void {
  if (IMPORT_TYPES.has(node.type)) {
    out.push(readImport(node));
    return;
  }
  for (const c of node.namedChildren) collectImports(c, out);
}

function readImport(node: Node): RefImport {
  const lazy = lazyKeywordBefore(node);
  const first = lazy ?? node;
  const base = {
    start: first.startIndex,
    end: node.endIndex,
    line: first.startPosition.row + 1,
    context: contextOf(node),
    lazy: lazy !== null,
  };
  const names = node.childrenForFieldName("name").map(importedName);
  if (node.type === "import_statement") {
    return {
      kind: "import",
      level: 0,
      module: "",
      moduleStart: node.startIndex,
      moduleEnd: node.startIndex,
      names,
      star: false,
      ...base,
    };
  }
  let level = 0;
  let module = "__future__";
  let moduleStart = node.startIndex;
  let moduleEnd = node.startIndex;
  const mod = node.childForFieldName("module_name");
  if (mod) {
    moduleStart = mod.startIndex;
    moduleEnd = mod.endIndex;
    if (mod.type === "relative_import") {
      const prefix = mod.namedChildren.find((c) => c.type === "import_prefix");
      level = prefix ? prefix.text.replace(/[^.]/g, "").length : 0;
      const dotted = mod.namedChildren.find((c) => c.type === "dotted_name");
      module = dotted ? dotted.text.replace(SPACE, "") : "";
    } else module = mod.text.replace(SPACE, "");
  } else {
    // `from __future__ import x`: the module is the keyword-like token `__future__`.
    const fut = node.children.find((c) => c.type === "__future__");
    if (fut) {
      moduleStart = fut.startIndex;
      moduleEnd = fut.endIndex;
    }
  }
  const star = node.namedChildren.some((c) => c.type === "wildcard_import");
  return { kind: "from", level, module, moduleStart, moduleEnd, names, star, ...base };
}

function importedName(n: Node): RefName {
  if (n.type === "aliased_import") {
    const name = n.childForFieldName("name")!.text.replace(SPACE, "");
    return { name, alias: n.childForFieldName("alias")!.text, start: n.startIndex, end: n.endIndex };
  }
  return { name: n.text.replace(SPACE, ""), alias: null, start: n.startIndex, end: n.endIndex };
}

/** Handler types that make an import in the try body optional. */
const CATCHES = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

function contextOf(node: Node): ImportContext {
  const c: ImportContext = {
    function: false,
    class: false,
    typeChecking: false,
    tryImportError: false,
    conditional: false,
  };
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case "function_definition":
        if (p.childForFieldName("body")?.id === child.id) c.function = true;
        break;
      case "class_definition":
        if (p.childForFieldName("body")?.id === child.id) c.class = true;
        break;
      case "if_statement":
        if (p.childForFieldName("consequence")?.id === child.id && isTypeChecking(p.childForFieldName("condition")))
          c.typeChecking = true;
        else c.conditional = true;
        break;
      case "try_statement":
        c.conditional = true;
        if (p.childForFieldName("body")?.id === child.id && catchesImportError(p)) c.tryImportError = true;
        break;
      case "for_statement":
      case "while_statement":
      case "with_statement":
      case "match_statement":
        c.conditional = true;
        break;
    }
  }
  return c;
}

function isTypeChecking(cond: Node | null): boolean {
  if (!cond) return false;
  if (cond.type === "identifier") return cond.text === "TYPE_CHECKING";
  return (
    cond.type === "attribute" &&
    cond.childForFieldName("object")?.type === "identifier" &&
    cond.childForFieldName("attribute")?.text === "TYPE_CHECKING"
  );
}

function catchesImportError(tryNode: Node): boolean {
  for (const h of tryNode.namedChildren) {
    if (h.type !== "except_clause" && h.type !== "except_group_clause") continue;
    const caught = h.namedChildren.filter((c) => c.type !== "block");
    if (caught.length === 0 || CATCHES.test(caught.map((c) => c.text).join(" "))) return true;
  }
  return false;
}

interface Scope {
  conditional: boolean;
  typeOnly: boolean;
}

/** Walks the statements that run at module level (not into def/class bodies). */
function topLevel(block: Node, scope: Scope, out: ReferenceFacts): void {
  for (const s of block.namedChildren) statement(s, scope, out);
}

function statement(s: Node, scope: Scope, out: ReferenceFacts): void {
  const cond = { ...scope, conditional: true };
  const bind = (n: Node, kind: BindingKind, sc = scope) =>
    out.bindings.push({
      name: n.text,
      kind,
      line: n.startPosition.row + 1,
      column: n.startPosition.column + 1,
      conditional: sc.conditional,
      typeOnly: sc.typeOnly,
    });
  walruses(s, true, (n) => bind(n, "other"));
  switch (s.type) {
    case "decorated_definition":
      statement(s.childForFieldName("definition")!, scope, out);
      return;
    case "function_definition": {
      const name = s.childForFieldName("name")!;
      bind(name, "def");
      if (name.text === "__getattr__" && !scope.conditional) out.hasGetattr = true;
      return;
    }
    case "class_definition":
      bind(s.childForFieldName("name")!, "class");
      out.classes.push(classOf(s));
      return;
    case "import_statement":
    case "import_from_statement":
    case "future_import_statement":
      for (const n of s.childrenForFieldName("name")) {
        const target = n.type === "aliased_import" ? n.childForFieldName("alias")! : n;
        const name =
          n.type === "aliased_import" || s.type !== "import_statement" ? target.text : target.text.split(".")[0].trim();
        out.bindings.push({
          name,
          kind: "import",
          line: n.startPosition.row + 1,
          column: n.startPosition.column + 1,
          conditional: scope.conditional,
          typeOnly: scope.typeOnly,
        });
      }
      return;
    case "type_alias_statement": {
      const left = s.childForFieldName("left")!;
      const id = left.descendantsOfType("identifier")[0];
      if (id) bind(id, "type");
      return;
    }
    case "expression_statement":
      for (const e of s.namedChildren) if (e.type === "assignment") assignment(e, bind);
      return;
    case "if_statement":
      topLevel(
        s.childForFieldName("consequence")!,
        isTypeChecking(s.childForFieldName("condition")) ? { conditional: true, typeOnly: true } : cond,
        out,
      );
      for (const alt of s.childrenForFieldName("alternative")) {
        walruses(alt, true, (n) => bind(n, "other", cond));
        topLevel((alt.childForFieldName("consequence") ?? alt.childForFieldName("body"))!, cond, out);
      }
      return;
    case "for_statement":
      targets(s.childForFieldName("left"), (n) => bind(n, "for", cond));
      break;
    case "with_statement":
      for (const alias of s.descendantsOfType("as_pattern_target")) {
        let item = alias.parent?.parent;
        while (item?.type === "parenthesized_expression") item = item.parent;
        if (item?.type === "with_item") targets(alias.namedChildren[0] ?? null, (n) => bind(n, "with", cond));
      }
      break;
  }
  // Compound statements: their blocks run at module level, conditionally.
  for (const c of s.namedChildren) {
    if (c.type === "block") topLevel(c, cond, out);
    else if (CLAUSES.has(c.type)) statement(c, cond, out);
  }
}

/** Subtrees that are another scope or another statement's part (clauses are visited as statements). */
const NOT_THIS_STATEMENT = new Set([
  "block",
  "lambda",
  "function_definition",
  "class_definition",
  "decorated_definition",
]);

/** `name := value` in the statement's own expressions binds `name` at module level. */
function walruses(n: Node, root: boolean, visit: (n: Node) => void): void {
  if (!root && (NOT_THIS_STATEMENT.has(n.type) || CLAUSES.has(n.type))) return;
  if (n.type === "named_expression") visit(n.childForFieldName("name")!);
  for (const c of n.namedChildren) walruses(c, false, visit);
}

const CLAUSES = new Set([
  "elif_clause",
  "else_clause",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "case_clause",
]);

function assignment(a: Node, bind: (n: Node, kind: BindingKind) => void): void {
  const right = a.childForFieldName("right");
  if (a.childForFieldName("type")) {
    const left = a.childForFieldName("left")!;
    if (left.type === "identifier") bind(left, "annassign");
    return;
  }
  targets(a.childForFieldName("left"), (n) => bind(n, "assign"));
  if (right?.type === "assignment") assignment(right, bind);
}

/** Plain names of a target list; attribute and subscript targets bind nothing at module level. */
function targets(t: Node | null, visit: (n: Node) => void): void {
  if (!t) return;
  switch (t.type) {
    case "identifier":
      visit(t);
      return;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "expression_list":
    case "list_splat_pattern":
    case "list_splat":
    case "parenthesized_expression":
      for (const c of t.namedChildren) targets(c, visit);
  }
}

function classOf(s: Node): RefClass {
  const bases: string[] = [];
  const keywords: Record<string, string> = {};
  for (const arg of s.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (arg.type === "comment") continue;
    if (arg.type === "keyword_argument")
      keywords[arg.childForFieldName("name")!.text] = arg.childForFieldName("value")!.text.replace(SPACE, "");
    else bases.push(arg.text.replace(SPACE, ""));
  }
  return {
    name: s.childForFieldName("name")!.text,
    bases,
    keywords,
    line: s.childForFieldName("name")!.startPosition.row + 1,
  };
}
