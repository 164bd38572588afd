/**
 * SQL the databases hand back as text (a CREATE TABLE statement in sqlite_master, a generated
 * column's expression) read as tokens: string literals, quoted identifiers and comments are
 * skipped over whole, so a parenthesis or a keyword inside one is never taken for SQL.
 */

export interface SqlToken {
  kind: "word" | "quoted" | "string" | "number" | "op" | "(" | ")" | ",";
  text: string;
  start: number;
  end: number;
}

export interface SqlTokenOptions {
  /** `[name]` is a quoted identifier (SQLite), not an array subscript (PostgreSQL). */
  brackets?: boolean;
}

const MULTI_OPS = /^(?:::|\|\||<=|>=|<>|!=|->>|->|#>>|#>|<<|>>|==)/;

/** The tokens of `sql`, whitespace and comments left out; an unterminated quote runs to the end. */
export function sqlTokens(sql: string, opts: SqlTokenOptions = {}): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlToken["kind"], start: number, end: number) =>
    out.push({ kind, text: sql.slice(start, end), start, end });
  while (i < sql.length) {
    const ch = sql[i];
    const start = i;
    if (/\s/.test(ch)) i++;
    else if (ch === "-" && sql[i + 1] === "-") {
      const n = sql.indexOf("\n", i);
      i = n < 0 ? sql.length : n + 1;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const n = sql.indexOf("*/", i + 2);
      i = n < 0 ? sql.length : n + 2;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      i = closingQuote(sql, i, ch);
      push(ch === "'" ? "string" : "quoted", start, i);
    } else if (ch === "[" && opts.brackets) {
      const n = sql.indexOf("]", i + 1);
      i = n < 0 ? sql.length : n + 1;
      push("quoted", start, i);
    } else if (ch === "(" || ch === ")" || ch === ",") {
      i++;
      push(ch, start, i);
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      i += /^(?:\d*\.?\d+|\d+\.)(?:[eE][-+]?\d+)?/.exec(sql.slice(i))![0].length;
      push("number", start, i);
    } else if (/[\p{L}_]/u.test(ch)) {
      i += /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i))![0].length;
      push("word", start, i);
    } else {
      i += MULTI_OPS.exec(sql.slice(i))?.[0].length ?? 1;
      push("op", start, i);
    }
  }
  return out;
}

/** The index just past the quote that closes the one at `i` (a doubled quote is an escaped one). */
function closingQuote(sql: string, i: number, q: string): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] !== q) continue;
    if (sql[j + 1] === q) j++;
    else return j + 1;
  }
  return sql.length;
}

/** A quoted identifier's name (`"a""b"` → `a"b`, `` `x` ``, `[x]`); any other token's text. */
export function unquoted(t: SqlToken): string {
  if (t.kind !== "quoted") return t.text;
  const q = t.text[0];
  const body = t.text.slice(1, t.text.endsWith(q === "[" ? "]" : q) && t.text.length > 1 ? -1 : undefined);
  return q === "[" ? body : body.replaceAll(q + q, q);
}

/** The index of the `)` that closes the `(` at tokens[open], or tokens.length when none does. */
export function closingParen(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind === "(") depth++;
    else if (tokens[i].kind === ")" && --depth === 0) return i;
  }
  return tokens.length;
}

/**
 * The generation expression of each generated column in a CREATE TABLE statement, by column
 * name, as written between the parentheses of `GENERATED ALWAYS AS (...)` (or the short `AS (...)`).
 * SQLite keeps no other record of it: the statement is the schema.
 */
export function generatedExpressions(createTable: string): Map<string, string> {
  const tokens = sqlTokens(createTable, { brackets: true });
  const out = new Map<string, string>();
  const open = tokens.findIndex((t) => t.kind === "(");
  if (open < 0) return out;
  const close = closingParen(tokens, open);
  // Each column or table-constraint definition runs to the next comma outside parentheses.
  for (let i = open + 1; i < close; ) {
    let end = i;
    for (let depth = 0; end < close && !(depth === 0 && tokens[end].kind === ","); end++) {
      if (tokens[end].kind === "(") depth++;
      else if (tokens[end].kind === ")") depth--;
    }
    const name = tokens[i];
    const tableConstraint =
      name.kind === "word" && /^(constraint|primary|unique|check|foreign)$/i.test(name.text) && i + 1 < end;
    if (!tableConstraint && (name.kind === "word" || name.kind === "quoted")) {
      // The first `AS (` outside parentheses: a CAST(x AS ...) or a CHECK (...) sits inside them.
      for (let j = i + 1; j < end - 1; j++) {
        const t = tokens[j];
        if (t.kind === "(") j = closingParen(tokens, j);
        else if (t.kind === "word" && /^as$/i.test(t.text) && tokens[j + 1].kind === "(") {
          const last = closingParen(tokens, j + 1);
          if (last < tokens.length)
            out.set(unquoted(name), createTable.slice(tokens[j + 1].end, tokens[last].start).trim());
          break;
        }
      }
    }
    i = end + 1;
  }
  return out;
}

/** Words after which `(` opens an operand, not a call's or a list's arguments. */
const OPERATOR_WORDS = /^(and|or|not|when|then|else|case|is|like|between|distinct)$/;
/** Words a type name may continue with after its first (`character varying`, `timestamp with time zone`). */
const TYPE_WORDS = /^(varying|precision|with|without|time|zone|unsigned)$/i;
/** Spellings one database writes for another's function (MariaDB stores `lower(x)` as `lcase(x)`). */
const SYNONYMS: Record<string, string> = { lcase: "lower", ucase: "upper", "!=": "<>" };

/**
 * A generated column's expression reduced so that the text a model declares and the text the
 * database gives back compare equal when they mean the same, on every dialect:
 *
 * - casts (`::numeric`, `::character varying(20)`, `::text[]`) are dropped: PostgreSQL writes one on
 *   every operand it coerces (`(qty)::numeric`, `' '::text`) and a model writes none;
 * - grouping parentheses are dropped, those of calls and lists (`lower(x)`, `in (1, 2)`) kept:
 *   PostgreSQL wraps every operation (`((a * b) + c)`) and MariaDB drops redundant ones. Telling a
 *   redundant pair from a needed one takes operator precedence, so `(a + b) * c` and `a + b * c`
 *   compare equal: the one change this comparison cannot see;
 * - identifier quotes are dropped (`` `price` ``, `"price"`, `[price]`) and words lowercased
 *   (MariaDB quotes every column, PostgreSQL uppercases `COALESCE`): identifier case is not compared;
 * - MariaDB's `lcase`/`ucase` are `lower`/`upper`, `!=` is `<>`, a number is its value (`1.50` is `1.5`);
 * - whitespace and comments are dropped; string literals are kept exactly as written.
 *
 * What is left is compared as text: other rewrites (PostgreSQL's `= ANY (ARRAY[...])` for `IN (...)`,
 * `~~` for `LIKE`) are reported as differences, with both texts to judge by.
 */
export function expressionKey(expr: string, opts: SqlTokenOptions = {}): string {
  const tokens = sqlTokens(expr, opts);
  const kept: string[] = [];
  const grouping: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "op" && t.text === "::") {
      i = skipType(tokens, i + 1, opts);
      continue;
    }
    if (t.kind === "(") {
      const prev = kept.at(-1);
      const call = prev !== undefined && /^[\p{L}_]/u.test(prev) && !OPERATOR_WORDS.test(prev);
      grouping.push(!call);
      if (call) kept.push("(");
      continue;
    }
    if (t.kind === ")") {
      if (grouping.pop() === false) kept.push(")");
      continue;
    }
    const text =
      t.kind === "string"
        ? t.text
        : t.kind === "number"
          ? String(Number(t.text))
          : t.kind === "quoted"
            ? unquoted(t).toLowerCase()
            : t.text.toLowerCase();
    kept.push(SYNONYMS[text] ?? text);
  }
  return kept.join(" ");
}

/** The index of the last token of the type name a cast starts at tokens[i]. */
function skipType(tokens: SqlToken[], i: number, opts: SqlTokenOptions): number {
  if (i >= tokens.length) return i;
  while (tokens[i + 1]?.kind === "word" && TYPE_WORDS.test(tokens[i + 1].text)) i++;
  if (tokens[i + 1]?.kind === "(") i = closingParen(tokens, i + 1);
  // `[]` after a type: an op token pair on PostgreSQL, a quoted one where brackets quote.
  while (opts.brackets ? tokens[i + 1]?.text === "[]" : tokens[i + 1]?.text === "[" && tokens[i + 2]?.text === "]")
    i += opts.brackets ? 1 : 2;
  return i;
}
