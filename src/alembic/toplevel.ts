import { LexError, isNameChar, nameEnd, stringAt } from "./lexer.js";

/** A statement written at module level: its span and 1-based line of its start. */
export interface TopStatement {
  start: number;
  end: number;
  line: number;
}

/**
 * Splits a module into its top-level logical lines (column 0, outside brackets, strings and
 * continuations; `;` separates statements). Indented lines belong to blocks and are skipped
 * without being tokenized. Throws LexError on an unterminated string or unbalanced bracket.
 */
export function topLevelStatements(text: string): TopStatement[] {
  const out: TopStatement[] = [];
  const closers: string[] = [];
  const openedAt: number[] = []; // where each open bracket is, for CPython's "was never closed" position
  let line = 1;
  let i = 0;
  let stmt: TopStatement | undefined;
  let atLineStart = true;
  const endStatement = (at: number) => {
    if (stmt) {
      stmt.end = at;
      out.push(stmt);
      stmt = undefined;
    }
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (atLineStart && closers.length === 0) {
      atLineStart = false;
      if (c !== 32 && c !== 9 && c !== 12 && c !== 10 && c !== 13 && c !== 35) stmt = { start: i, end: i, line };
    }
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      line++;
      if (closers.length === 0) {
        endStatement(i);
        atLineStart = true;
      }
    } else if (c === 35) {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === 92 && (text[i + 1] === "\n" || text[i + 1] === "\r")) {
      i += text[i + 1] === "\r" && text[i + 2] === "\n" ? 3 : 2;
      line++; // a continuation keeps the logical line going
    } else if (c === 34 || c === 39 || isNameChar(c)) {
      const s = stringAt(text, i);
      const e = s >= 0 ? s : nameEnd(text, i);
      if (s >= 0) line += countNewlines(text, i, s);
      i = e;
    } else if (c === 40 || c === 91 || c === 123) {
      closers.push(c === 40 ? ")" : c === 91 ? "]" : "}");
      openedAt.push(i);
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (closers.pop() !== text[i]) throw new LexError(`unmatched '${text[i]}'`, i);
      openedAt.pop();
      i++;
    } else if (c === 59 && closers.length === 0 && stmt) {
      endStatement(i);
      i++;
      while (text[i] === " " || text[i] === "\t") i++;
      if (i < text.length && text[i] !== "\n" && text[i] !== "\r" && text[i] !== "#") stmt = { start: i, end: i, line };
    } else i++;
  }
  if (closers.length > 0) {
    const at = openedAt[openedAt.length - 1];
    throw new LexError(`'${text[at]}' was never closed`, at);
  }
  endStatement(text.length);
  return out;
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
