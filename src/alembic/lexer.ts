/**
 * A minimal Python lexer, exact for what the Alembic reader needs: strings (all prefixes, triple
 * quotes, escapes, f-string replacement fields), comments, brackets and line continuations. It
 * never builds a tree: migration files are mostly function bodies the reader skips, and a full
 * parse costs ten times as much (see docs/commands/alembic.md for the measurement).
 */
export interface Token {
  kind: "name" | "string" | "number" | "op";
  start: number;
  end: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
const TWO_CHAR_OPS = new Set(["==", "!=", "<=", ">=", ":=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "**", "//", "<<", ">>"]);

export function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** End offset of a name starting at `i`. */
export function nameEnd(text: string, i: number): number {
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** If a string literal (with its prefix) starts at `i`, the offset after it; else -1. */
export function stringAt(text: string, i: number): number {
  let q = i;
  while (q < text.length && q - i < 2 && isNameChar(text.charCodeAt(q))) q++;
  const c = text[q];
  if (c !== '"' && c !== "'") return -1;
  const prefix = text.slice(i, q);
  if (prefix !== "" && !STRING_PREFIX.test(prefix)) return -1;
  return skipString(text, q, /[fFtT]/.test(prefix));
}

/** Skips a string body whose opening quote is at `q`; returns the offset after the closing quote. */
export function skipString(text: string, q: number, formatted: boolean): number {
  const quote = text[q];
  const triple = text[q + 1] === quote && text[q + 2] === quote;
  let i = q + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2; // in raw strings too, a backslash keeps the next quote from closing the string
      continue;
    }
    if (c === quote && (!triple || (text[i + 1] === quote && text[i + 2] === quote))) return i + (triple ? 3 : 1);
    if (!triple && (c === "\n" || c === "\r")) throw new LexError("unterminated string", q);
    if (formatted && c === "{") {
      if (text[i + 1] === "{") i += 2;
      else i = skipField(text, i + 1);
      continue;
    }
    i++;
  }
  throw new LexError(triple ? "unterminated triple-quoted string" : "unterminated string", q);
}

/** An f-string replacement field: up to its matching `}`, nested strings and braces included. */
function skipField(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
    else if (c === '"' || c === "'") {
      i = skipString(text, i, false);
      continue;
    } else if (isNameChar(text.charCodeAt(i))) {
      const s = stringAt(text, i);
      i = s >= 0 ? s : nameEnd(text, i);
      continue;
    }
    i++;
  }
  throw new LexError("unterminated f-string replacement field", i);
}

/** Tokens of text[start, end): comments, whitespace, newlines and continuations are dropped. */
export function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 35) while (i < end && text[i] !== "\n" && text[i] !== "\r") i++;
    else if (c === 92) i++; // line continuation
    else if (c === 34 || c === 39 || isNameChar(c)) {
      const s = stringAt(text, i);
      if (s >= 0) {
        tokens.push({ kind: "string", start: i, end: s });
        i = s;
      } else {
        const e = nameEnd(text, i);
        tokens.push({ kind: c >= 48 && c <= 57 ? "number" : "name", start: i, end: e });
        i = e;
      }
    } else {
      const two = TWO_CHAR_OPS.has(text.slice(i, i + 2)) ? 2 : 1;
      tokens.push({ kind: "op", start: i, end: i + two });
      i += two;
    }
  }
  return tokens;
}
