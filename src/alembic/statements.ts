import { Tok, tokenize, type TokenStream } from "../python/tokenizer.js";
import type { Token } from "./literal.js";
import type { Failure } from "../core/outcome.js";

/** What the reader needs from a module: its top-level statements as tokens, or the first lexical error. */
export type ModuleStatements =
  | { statements: Token[][]; first: Token[] | undefined; indentError?: { message: string; offset: number } }
  | (Failure & { offset: number });

const KIND: Record<number, Token["kind"]> = {
  [Tok.Name]: "name",
  [Tok.String]: "string",
  [Tok.Number]: "number",
  [Tok.Op]: "op",
};

/**
 * Top-level statements (logical lines at indent 0, split at `;`) from the project's tokenizer.
 * Indented lines are block bodies: Alembic's identifiers are module globals, so they are skipped.
 * Any tokenizer warning (unterminated string, unclosed bracket) makes the file unreadable, as it
 * would be for CPython's import.
 */
export function moduleStatements(text: string): ModuleStatements {
  const ts = tokenize(text);
  if (ts.warnings.length > 0) {
    const w = ts.warnings.reduce((a, b) => (b.offset < a.offset ? b : a));
    return { error: w.message, offset: w.offset };
  }
  const statements: Token[][] = [];
  let first: Token[] | undefined;
  for (let li = 0; li < ts.lineCount; li++) {
    if (ts.lineIndent[li] !== 0 && li > 0) continue;
    const end = li + 1 < ts.lineCount ? ts.lineTok[li + 1] : ts.count;
    let current: Token[] = [];
    for (let k = ts.lineTok[li]; k < end; k++) {
      const kind = KIND[ts.kind[k]];
      if (kind === "op" && ts.end[k] - ts.start[k] === 1 && text.charCodeAt(ts.start[k]) === 59) {
        statements.push(current);
        current = [];
      } else current.push({ kind, start: ts.start[k], end: ts.end[k] });
    }
    statements.push(current);
    first ??= statements[0];
  }
  return { statements: statements.filter((s) => s.length > 0), first, indentError: indentationError(ts, text) };
}

/**
 * CPython's indentation rules, which tree-sitter's recovery lets through: a deeper line must
 * follow a line ending in `:`, such a line must be followed by a deeper one, and a dedent must
 * land on an enclosing level. The first violation, or undefined.
 */
function indentationError(ts: TokenStream, text: string): { message: string; offset: number } | undefined {
  const stack = [0];
  let opensBlock = false;
  for (let li = 0; li < ts.lineCount; li++) {
    const indent = ts.lineIndent[li];
    if (indent < 0) continue; // a line opened inside brackets carries no indentation
    const firstTok = ts.lineTok[li];
    const at = ts.start[firstTok];
    const top = stack[stack.length - 1];
    if (indent > top) {
      if (!opensBlock) return { message: "unexpected indent", offset: at };
      stack.push(indent);
    } else if (opensBlock) return { message: "expected an indented block", offset: at };
    else if (indent < top) {
      while (stack.length > 1 && indent < stack[stack.length - 1]) stack.pop();
      if (indent !== stack[stack.length - 1])
        return { message: "unindent does not match any outer indentation level", offset: at };
    }
    const last = (li + 1 < ts.lineCount ? ts.lineTok[li + 1] : ts.count) - 1;
    opensBlock =
      last >= firstTok &&
      ts.kind[last] === Tok.Op &&
      ts.end[last] - ts.start[last] === 1 &&
      text.charCodeAt(ts.start[last]) === 58;
  }
  // at the end of the file CPython names the line of the `:` that opened the missing block
  return opensBlock ? { message: "expected an indented block", offset: ts.start[ts.count - 1] } : undefined;
}
