import type { SyntaxNode } from "../python/parser.js";

/** A Python literal as revision identifiers use it: None, a string, or a tuple/list of those. */
export type Literal = null | string | Literal[];

/** Why a value could not be read statically (an expression Alembic would evaluate at import). */
export interface NotLiteral {
  notLiteral: string;
  node: SyntaxNode;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0",
};

/** Evaluates a literal node; anything else (names, calls, f-strings, bytes) is reported, not guessed. */
export function evalLiteral(node: SyntaxNode): Literal | NotLiteral {
  switch (node.type) {
    case "none":
      return null;
    case "string":
      return evalString(node);
    case "concatenated_string": {
      let out = "";
      for (const part of node.namedChildren) {
        const v = evalString(part);
        if (typeof v !== "string") return v;
        out += v;
      }
      return out;
    }
    case "parenthesized_expression":
      return node.namedChildren.length === 1 ? evalLiteral(node.namedChildren[0]) : notLiteral(node);
    case "tuple":
    case "list": {
      const items: Literal[] = [];
      for (const child of node.namedChildren) {
        if (child.type === "comment") continue;
        const v = evalLiteral(child);
        if (isNotLiteral(v)) return v;
        items.push(v);
      }
      return items;
    }
    default:
      return notLiteral(node);
  }
}

export function isNotLiteral(v: Literal | NotLiteral): v is NotLiteral {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function notLiteral(node: SyntaxNode): NotLiteral {
  const text = node.text.length > 40 ? node.text.slice(0, 37) + "..." : node.text;
  return { notLiteral: `'${text.replace(/\s+/g, " ")}' is not a literal`, node };
}

/** A single string literal: prefix, content pieces and escapes; newlines normalized like CPython's reader. */
function evalString(node: SyntaxNode): string | NotLiteral {
  if (node.type !== "string") return notLiteral(node);
  const start = node.namedChildren.find((c) => c.type === "string_start")?.text ?? '"';
  const prefix = start.replace(/['"]/g, "").toLowerCase();
  if (prefix.includes("b") || prefix.includes("f") || prefix.includes("t")) return notLiteral(node);
  const raw = prefix.includes("r");
  let out = "";
  for (const part of node.namedChildren) {
    if (part.type === "string_content") out += raw ? lf(part.text) : contentValue(part);
    else if (part.type === "interpolation") return notLiteral(node);
  }
  return out;
}

// CPython reads source with universal newlines, so a CRLF file's docstring holds "\n" only.
function lf(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

/** string_content text with its escape_sequence children decoded (tree-sitter nests them). */
function contentValue(content: SyntaxNode): string {
  let out = "";
  let pos = content.startIndex;
  const text = content.text;
  for (const esc of content.namedChildren) {
    out += lf(text.slice(pos - content.startIndex, esc.startIndex - content.startIndex)) + unescape(esc.text);
    pos = esc.endIndex;
  }
  return out + lf(text.slice(pos - content.startIndex));
}

function unescape(seq: string): string {
  const c = seq[1];
  if (c in SIMPLE_ESCAPES && seq.length === 2) return SIMPLE_ESCAPES[c];
  if (c === "x" || c === "u" || c === "U") return String.fromCodePoint(parseInt(seq.slice(2), 16));
  if (/^[0-7]/.test(c)) return String.fromCodePoint(parseInt(seq.slice(1), 8));
  if (c === "\n" || c === "\r") return ""; // a backslash-newline continues the string
  return seq; // \N{NAME} and unknown escapes: kept verbatim (CPython keeps unknown ones too)
}
