/**
 * The top-level statements of a module as units that can move: each with its exact text range
 * (decorators, the comments above it and a trailing comment on its last line travel with it),
 * the names it binds, the names it reads (and when), and what an ORM needs to know about it.
 */
import { parsePython, type Tree } from "../../python/parser.js";
import { plainTree, type PNode as SyntaxNode } from "./plain-tree.js";
import {
  StatementWalker,
  stringValue,
  type MapperArg,
  type NameUse,
  type StringRefUse,
  type WalkOptions,
} from "./names.js";

export type StatementKind = "docstring" | "future" | "import" | "type-checking" | "all" | "definition" | "other";

export interface ClassInfo {
  name: string;
  /** Base expressions as written, whitespace removed. */
  bases: string[];
  keywords: Record<string, string>;
  /** `__tablename__ = "users"`. */
  tablename: string | null;
  /** Attribute → column name, for `ForeignKey(User.id)` → `"users.id"`. */
  columns: Map<string, string>;
  /** `__abstract__ = True` or Django `class Meta: abstract = True`. */
  abstract: boolean;
  /** The class body declares a Django `class Meta` (options of the model: ordering, verbose names, tables). */
  meta: boolean;
}

export interface TopStatement {
  index: number;
  kind: StatementKind;
  /** How the plan names it: the names it defines, or its first line. */
  label: string;
  /** The statement's text range, from its first leading comment to the end of its last line. */
  start: number;
  end: number;
  /** 1-based line of the statement itself (after leading comments). */
  line: number;
  defines: string[];
  uses: NameUse[];
  mapperArgs: MapperArg[];
  stringRefs: StringRefUse[];
  cls: ClassInfo | null;
  /** `x = Table("name", ...)`: the table's name. */
  table: string | null;
  /** The value is a call whose callee is this (e.g. `declarative_base`, `SQLAlchemy`). */
  callee: string | null;
  /** Decorator expressions as written (first line). */
  decorators: string[];
  /** Reads or writes the module's own namespace (`globals()`, module-level `locals()`, `sys.modules[__name__]`). */
  selfNamespace: boolean;
}

export interface ParsedModule {
  text: string;
  statements: TopStatement[];
  futureAnnotations: boolean;
  /** Error nodes: the file did not parse cleanly. */
  syntaxError: { line: number; column: number } | null;
}

/** Which ORM that names models by string the module imports: its relation fields then name models. */
export function stringOrm(text: string): "django" | "tortoise" | null {
  return /^\s*(from|import)\s+django\b/m.test(text)
    ? "django"
    : /^\s*(from|import)\s+tortoise\b/m.test(text)
      ? "tortoise"
      : null;
}

/**
 * `tree`: the text's tree when the caller parsed it and reads it again (then it is not freed here).
 * `runtimeStringAnnotations` is told the decorators of a top-level class (a nested one gets none):
 * `@dataclass` makes its string annotations ones `typing.get_type_hints` resolves from module globals.
 */
export function parseTopLevel(
  text: string,
  runtimeStringAnnotations: (cls: string, decorators: string[]) => boolean = () => false,
  tree?: Tree,
): ParsedModule {
  const { root, clean } = tree ? plainTree(tree, text, true) : plainTree(parsePython(text), text);
  const children = root.children;
  const futureAnnotations = /^from\s+__future__\s+import\s+[^\n]*\bannotations\b/m.test(text);
  const orm = stringOrm(text);
  const statements: TopStatement[] = [];
  let pendingStart = -1;
  let prevEnd = 0;
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    if (node.type === "comment") {
      // A comment on the previous statement's last line is its trailing comment.
      const prev = statements[statements.length - 1];
      if (prev && pendingStart < 0 && node.startPosition.row === rowOf(children[i - 1])) {
        prev.end = lineEnd(text, node.endIndex);
        prevEnd = prev.end;
        continue;
      }
      if (pendingStart < 0) pendingStart = lineStart(text, node.startIndex);
      continue;
    }
    const start = pendingStart >= 0 ? pendingStart : lineStart(text, node.startIndex);
    pendingStart = -1;
    const end = lineEnd(text, node.endIndex);
    const decorators = decoratorsOf(node);
    const cls = classInfo(node);
    const opts: WalkOptions = {
      futureAnnotations,
      runtimeStringAnnotations: (c) => runtimeStringAnnotations(c, c === cls?.name ? decorators : []),
    };
    const walker = new StatementWalker(opts, orm);
    walker.statement(node);
    const st: TopStatement = {
      index: statements.length,
      kind: kindOf(node, statements.length === 0),
      label: "",
      start: Math.max(start, prevEnd),
      end,
      line: node.startPosition.row + 1,
      defines: boundNames(node),
      uses: walker.uses,
      mapperArgs: walker.mapperArgs,
      stringRefs: walker.stringRefs,
      cls,
      table: tableOf(node),
      callee: calleeOf(node),
      decorators,
      selfNamespace: walker.selfNamespace,
    };
    if (st.kind === "definition" && st.defines.length === 0) st.kind = "other";
    statements.push(st);
    prevEnd = end;
  }
  // Comments after the last statement stay with it.
  if (pendingStart >= 0 && statements.length) statements[statements.length - 1].end = text.length;
  labelStatements(statements, text);
  const err = clean ? null : findError(root);
  return { text, statements, futureAnnotations, syntaxError: err };
}

function rowOf(n: SyntaxNode | undefined): number {
  return n ? n.endPosition.row : -1;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return nl < 0 ? text.length : nl + 1;
}

function findError(n: SyntaxNode): { line: number; column: number } | null {
  if (!n.hasError) return null;
  if (n.type === "ERROR" || n.isMissing) return { line: n.startPosition.row + 1, column: n.startPosition.column + 1 };
  for (const c of n.children) {
    const e = findError(c);
    if (e) return e;
  }
  return { line: n.startPosition.row + 1, column: n.startPosition.column + 1 };
}

function kindOf(node: SyntaxNode, first: boolean): StatementKind {
  switch (node.type) {
    case "future_import_statement":
      return "future";
    case "import_statement":
    case "import_from_statement":
      return "import";
    case "if_statement": {
      const cond = node.childForFieldName("condition")?.text.replace(/\s+/g, "");
      const body = node.childForFieldName("consequence");
      const onlyImports = body?.namedChildren.every(
        (c) =>
          c.type === "import_statement" ||
          c.type === "import_from_statement" ||
          c.type === "comment" ||
          c.type === "pass_statement",
      );
      if (
        (cond === "TYPE_CHECKING" || cond === "typing.TYPE_CHECKING") &&
        onlyImports &&
        !node.childForFieldName("alternative")
      )
        return "type-checking";
      return "definition";
    }
    case "expression_statement": {
      const c = node.namedChildren[0];
      if (first && c?.type === "string" && node.namedChildren.length === 1) return "docstring";
      if (
        (c?.type === "assignment" || c?.type === "augmented_assignment") &&
        c.childForFieldName("left")?.text === "__all__"
      )
        return "all";
      if (c?.type === "augmented_assignment") return "other";
      return "definition";
    }
    default:
      return "definition";
  }
}

/** Names a top-level statement binds in the module namespace. */
export function boundNames(node: SyntaxNode): string[] {
  const out: string[] = [];
  const targets = (n: SyntaxNode) => {
    if (n.type === "identifier") out.push(n.text);
    else if (
      n.type === "pattern_list" ||
      n.type === "tuple_pattern" ||
      n.type === "list_pattern" ||
      n.type === "tuple" ||
      n.type === "list"
    )
      for (const c of n.namedChildren) targets(c);
  };
  const walk = (n: SyntaxNode) => {
    switch (n.type) {
      case "decorated_definition":
        walk(n.childForFieldName("definition")!);
        return;
      case "function_definition":
      case "class_definition":
        out.push(n.childForFieldName("name")!.text);
        return;
      case "assignment": {
        targets(n.childForFieldName("left")!);
        const right = n.childForFieldName("right");
        if (right?.type === "assignment") walk(right);
        return;
      }
      case "expression_statement":
        for (const c of n.namedChildren) if (c.type === "assignment") walk(c);
        return;
      case "type_alias_statement":
        out.push(n.namedChildren[0].text.split("[")[0]);
        return;
      case "import_statement":
      case "import_from_statement":
        for (const c of n.namedChildren) {
          if (c.type === "aliased_import") out.push(c.childForFieldName("alias")!.text);
          else if (c.type === "dotted_name" && c !== n.childForFieldName("module_name")) out.push(c.text.split(".")[0]);
        }
        return;
      case "for_statement":
        targets(n.childForFieldName("left")!);
        break;
      case "as_pattern_target":
        targets(n.namedChildren[0]);
        return;
      // `except E as e:` unbinds `e` when the clause ends (CPython deletes it): no module name.
      case "except_clause":
      case "except_group_clause":
        for (const c of n.namedChildren) if (c.type !== "as_pattern") walk(c);
        return;
    }
    if (
      [
        "if_statement",
        "try_statement",
        "with_statement",
        "for_statement",
        "while_statement",
        "block",
        "else_clause",
        "elif_clause",
        "except_clause",
        "finally_clause",
        "with_clause",
        "with_item",
        "as_pattern",
      ].includes(n.type)
    ) {
      for (const c of n.namedChildren) walk(c);
    }
  };
  walk(node);
  return [...new Set(out)];
}

function definitionOf(node: SyntaxNode): SyntaxNode {
  return node.type === "decorated_definition" ? node.childForFieldName("definition")! : node;
}

function decoratorsOf(node: SyntaxNode): string[] {
  if (node.type !== "decorated_definition") return [];
  return node.namedChildren.filter((c) => c.type === "decorator").map((d) => d.text.slice(1).split("\n")[0].trim());
}

function classInfo(node: SyntaxNode): ClassInfo | null {
  const def = definitionOf(node);
  if (def.type !== "class_definition") return null;
  const bases: string[] = [];
  const keywords: Record<string, string> = {};
  for (const a of def.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (a.type === "keyword_argument") keywords[a.childForFieldName("name")!.text] = a.childForFieldName("value")!.text;
    else if (a.type !== "comment") bases.push(a.text.replace(/\s+/g, ""));
  }
  const info: ClassInfo = {
    name: def.childForFieldName("name")!.text,
    bases,
    keywords,
    tablename: null,
    columns: new Map(),
    abstract: false,
    meta: false,
  };
  for (const st of def.childForFieldName("body")?.namedChildren ?? []) {
    if (st.type === "class_definition" && st.childForFieldName("name")?.text === "Meta") {
      info.meta = true;
      if (/^\s*abstract\s*=\s*True\b/m.test(st.childForFieldName("body")?.text ?? "")) info.abstract = true;
      continue;
    }
    const a = st.type === "expression_statement" ? st.namedChildren[0] : null;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left")!;
    const right = a.childForFieldName("right");
    if (left.type !== "identifier" || !right) continue;
    if (left.text === "__tablename__" && right.type === "string") info.tablename = stringValue(right);
    else if (left.text === "__abstract__" && right.text === "True") info.abstract = true;
    else if (right.type === "call" && /(^|\.)(Column|mapped_column)$/.test(right.childForFieldName("function")!.text)) {
      const first = right.childForFieldName("arguments")?.namedChildren[0];
      info.columns.set(left.text, first?.type === "string" ? stringValue(first) : left.text);
    }
  }
  return info;
}

function assignedCall(node: SyntaxNode): SyntaxNode | null {
  const a = node.type === "expression_statement" ? node.namedChildren[0] : null;
  const right = a?.type === "assignment" ? a.childForFieldName("right") : null;
  return right?.type === "call" ? right : null;
}

function tableOf(node: SyntaxNode): string | null {
  const call = assignedCall(node);
  if (!call || !/(^|\.)Table$/.test(call.childForFieldName("function")!.text)) return null;
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  return first?.type === "string" ? stringValue(first) : null;
}

function calleeOf(node: SyntaxNode): string | null {
  const call = assignedCall(node);
  if (call) return call.childForFieldName("function")!.text.replace(/\s+/g, "");
  const a = node.type === "expression_statement" ? node.namedChildren[0] : null;
  const right = a?.type === "assignment" ? a.childForFieldName("right") : null;
  return right && (right.type === "attribute" || right.type === "identifier") ? right.text : null;
}

/** Definitions are named by what they define; other statements by their first line. Duplicates get `#2`, `#3`. */
function labelStatements(statements: TopStatement[], text: string): void {
  const seen = new Map<string, number>();
  for (const s of statements) {
    let base: string;
    if (s.kind === "definition") base = s.defines.join(", ");
    else {
      const own =
        text
          .slice(s.start, s.end)
          .split("\n")
          .map((l) => l.trim())
          .find((l) => l && !l.startsWith("#") && !l.startsWith("@")) ?? "";
      base = own.length > 60 ? own.slice(0, 57) + "..." : own;
    }
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    s.label = n === 1 ? base : `${base} #${n}`;
  }
}
