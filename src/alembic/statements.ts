import { Tok, tokenize } from "../python/tokenizer.js";
import type { Token } from "./literal.js";

/** What the reader needs from a module: its top-level statements as tokens, or the first lexical error. */
export type ModuleStatements = { statements: Token[][]; first: Token[] | undefined } | { error: string; offset: number };

const KIND: Record<number, Token["kind"]> = { [Tok.Name]: "name", [Tok.String]: "string", [Tok.Number]: "number", [Tok.Op]: "op" };

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
  return { statements: statements.filter((s) => s.length > 0), first };
}
