import type { SyntaxNode } from "../python/parser.js";

/**
 * A small, plain model of Python expressions: just enough for static readers (ORM extractors) to
 * evaluate calls, names and literals without touching tree-sitter nodes. `text` is the source as
 * written; `line` is 1-based.
 */
export type Expr =
  | { k: "name"; id: string; text: string; line: number }
  | { k: "attr"; obj: Expr; attr: string; text: string; line: number }
  | { k: "call"; fn: Expr; args: Expr[]; kw: Record<string, Expr>; text: string; line: number }
  | { k: "str"; v: string; text: string; line: number }
  | { k: "num"; v: number; text: string; line: number }
  | { k: "const"; v: boolean | null; text: string; line: number }
  | { k: "tuple" | "list" | "set"; items: Expr[]; text: string; line: number }
  | { k: "dict"; entries: [Expr, Expr][]; text: string; line: number }
  | { k: "sub"; obj: Expr; index: Expr[]; text: string; line: number }
  | { k: "binop"; op: string; left: Expr; right: Expr; text: string; line: number }
  | { k: "lambda"; body: Expr; text: string; line: number }
  | { k: "not"; arg: Expr; text: string; line: number }
  /** An f-string of plain `{name}` fields: its literal text and field expressions, in order. */
  | { k: "fstr"; parts: (string | Expr)[]; text: string; line: number }
  | { k: "other"; text: string; line: number };

/** Converts a tree-sitter expression node (or a `type` wrapper) to an Expr. */
export function toExpr(n: SyntaxNode): Expr {
  const text = n.text;
  const line = n.startPosition.row + 1;
  switch (n.type) {
    case "type":
    case "parenthesized_expression":
    case "expression_statement":
      return n.namedChildren.length === 1 ? toExpr(n.namedChildren[0]) : { k: "other", text, line };
    case "identifier":
      return { k: "name", id: text, text, line };
    case "attribute": {
      const obj = n.childForFieldName("object");
      const attr = n.childForFieldName("attribute");
      if (!obj || !attr) return { k: "other", text, line };
      return { k: "attr", obj: toExpr(obj), attr: attr.text, text, line };
    }
    case "call":
      return callExpr(n, text, line);
    case "string":
    case "concatenated_string":
      return stringExpr(n, text, line);
    case "integer":
    case "float": {
      const v = Number(text.replace(/_/g, ""));
      return Number.isNaN(v) ? { k: "other", text, line } : { k: "num", v, text, line };
    }
    case "unary_operator": {
      const arg = n.childForFieldName("argument");
      if (arg && (arg.type === "integer" || arg.type === "float") && text.startsWith("-")) {
        return { k: "num", v: -Number(arg.text.replace(/_/g, "")), text, line };
      }
      // `~Model.is_banned`: SQLAlchemy's NOT (a SQL expression's inversion, as in a partial index).
      if (arg && text.startsWith("~")) return { k: "not", arg: toExpr(arg), text, line };
      return { k: "other", text, line };
    }
    case "true":
    case "false":
    case "none":
      return { k: "const", v: n.type === "none" ? null : n.type === "true", text, line };
    case "tuple":
    case "list":
    case "set":
    case "expression_list":
      return {
        k: n.type === "expression_list" ? "tuple" : (n.type as "tuple"),
        items: n.namedChildren.filter(isExprNode).map(toExpr),
        text,
        line,
      };
    case "dictionary":
      return dictExpr(n, text, line);
    case "subscript":
    case "generic_type":
      return subscriptExpr(n, text, line);
    case "binary_operator":
    case "boolean_operator":
    case "union_type": {
      const [left, right] = n.namedChildren;
      const op = n.type === "union_type" ? "|" : (n.childForFieldName("operator")?.text ?? "?");
      if (!left || !right) return { k: "other", text, line };
      return { k: "binop", op, left: toExpr(left), right: toExpr(right), text, line };
    }
    case "comparison_operator": {
      // `a == b` (one operator; chains such as `a < b < c` stay opaque).
      const [left, right] = n.namedChildren;
      const ops = n.children.filter((c) => !c.isNamed);
      if (!left || !right || n.namedChildren.length !== 2 || ops.length !== 1) return { k: "other", text, line };
      return { k: "binop", op: ops[0].text, left: toExpr(left), right: toExpr(right), text, line };
    }
    case "lambda": {
      const body = n.childForFieldName("body");
      return body ? { k: "lambda", body: toExpr(body), text, line } : { k: "other", text, line };
    }
    default:
      return { k: "other", text, line };
  }
}

function isExprNode(n: SyntaxNode): boolean {
  return n.type !== "comment";
}

function callExpr(n: SyntaxNode, text: string, line: number): Expr {
  const fn = n.childForFieldName("function");
  const argList = n.childForFieldName("arguments");
  if (!fn) return { k: "other", text, line };
  const args: Expr[] = [];
  const kw: Record<string, Expr> = {};
  if (argList && argList.type === "argument_list") {
    for (const a of argList.namedChildren) {
      if (a.type === "keyword_argument") {
        const name = a.childForFieldName("name");
        const value = a.childForFieldName("value");
        if (name && value) kw[name.text] = toExpr(value);
      } else if (a.type === "list_splat" || a.type === "dictionary_splat") {
        args.push({ k: "other", text: a.text, line: a.startPosition.row + 1 });
      } else if (a.type !== "comment") {
        args.push(toExpr(a));
      }
    }
  } else if (argList) {
    args.push(toExpr(argList)); // generator argument: f(x for x in y)
  }
  return { k: "call", fn: toExpr(fn), args, kw, text, line };
}

function subscriptExpr(n: SyntaxNode, text: string, line: number): Expr {
  if (n.type === "generic_type") {
    // `Mapped[int]` inside an annotation: (generic_type (identifier) (type_parameter (type ...)...))
    const [head, params] = n.namedChildren;
    if (!head) return { k: "other", text, line };
    const index = params ? params.namedChildren.map(toExpr) : [];
    return { k: "sub", obj: toExpr(head), index, text, line };
  }
  const value = n.childForFieldName("value");
  if (!value) return { k: "other", text, line };
  const subs = n.childrenForFieldName("subscript").map(toExpr);
  const index = subs.length === 1 && subs[0].k === "tuple" && !subs[0].text.startsWith("(") ? subs[0].items : subs;
  return { k: "sub", obj: toExpr(value), index, text, line };
}

function dictExpr(n: SyntaxNode, text: string, line: number): Expr {
  const entries: [Expr, Expr][] = [];
  for (const p of n.namedChildren) {
    if (p.type !== "pair") continue;
    const key = p.childForFieldName("key");
    const value = p.childForFieldName("value");
    if (key && value) entries.push([toExpr(key), toExpr(value)]);
  }
  return { k: "dict", entries, text, line };
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};

/** Python's backslash escapes in a non-raw string literal. */
function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return ESCAPES[e] ?? m;
  });
}

function stringExpr(n: SyntaxNode, text: string, line: number): Expr {
  const parts = n.type === "concatenated_string" ? n.namedChildren : [n];
  let v = "";
  const fparts: (string | Expr)[] = [];
  for (const s of parts) {
    const prefix = (s.firstChild?.text ?? "").replace(/['"]/g, "").toLowerCase();
    // Escapes may be children of string_content or of the string itself, depending on the grammar version.
    for (const c of s.namedChildren) {
      if (c.type === "string_content" || c.type === "escape_sequence") {
        const t = prefix.includes("r") ? c.text : unescape(c.text);
        v += t;
        fparts.push(t);
      } else if (c.type === "escape_interpolation") fparts.push(c.text.slice(0, 1));
      else if (c.type === "interpolation") {
        // `{name}` only: a format spec or conversion (`{x!r:>8}`) is not evaluated here.
        const fields = c.namedChildren;
        if (fields.length !== 1) return { k: "other", text, line };
        fparts.push(toExpr(fields[0]));
      }
    }
  }
  if (fparts.some((p) => typeof p !== "string")) return { k: "fstr", parts: fparts, text, line };
  return { k: "str", v, text, line };
}

/** `a.b.c` → "a.b.c"; null when the expression is not a plain dotted name. */
export function dotted(e: Expr): string | null {
  if (e.k === "name") return e.id;
  if (e.k === "attr") {
    const head = dotted(e.obj);
    return head === null ? null : `${head}.${e.attr}`;
  }
  return null;
}

/** The last identifier of a dotted name or call target (`sa.Column(...)` → "Column"). */
export function lastName(e: Expr): string | null {
  if (e.k === "name") return e.id;
  if (e.k === "attr") return e.attr;
  if (e.k === "call") return lastName(e.fn);
  return null;
}

/** A literal's Python value (str, number, bool, None), or undefined when it is not a literal. */
export function literal(e: Expr | undefined): string | number | boolean | null | undefined {
  if (!e) return undefined;
  if (e.k === "str" || e.k === "num" || e.k === "const") return e.v;
  return undefined;
}

/** The string value of a str literal, else null. */
export function str(e: Expr | undefined): string | null {
  return e && e.k === "str" ? e.v : null;
}

/** Items of a tuple/list/set literal; a single non-sequence expression is one item. */
export function items(e: Expr | undefined): Expr[] {
  if (!e) return [];
  return e.k === "tuple" || e.k === "list" || e.k === "set" ? e.items : [e];
}

/** The value of a number literal, else null. */
export function num(e: Expr | undefined): number | null {
  const v = literal(e);
  return typeof v === "number" ? v : null;
}
