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
  /** A backslash escapes the next character in a string (MySQL, MariaDB without NO_BACKSLASH_ESCAPES). */
  backslashStrings?: boolean;
  /** `"x"` is a string, not a name (MySQL, MariaDB without ANSI_QUOTES). */
  doubleQuotedStrings?: boolean;
  /** A plain `'...'` is read as an `E'...'` escape string (PostgreSQL with standard_conforming_strings off). */
  escapeStrings?: boolean;
}

const MULTI_OPS = /^(?:::|\|\||&&|<=>|<=|>=|<>|!~~\*|!~~|~~\*|~~|!~\*|!~|~\*|!=|->>|->|#>>|#>|<<|>>|==)/;

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
      const string = ch === "'" || (ch === '"' && !!opts.doubleQuotedStrings);
      i = closingQuote(sql, i, ch, string && (!!opts.backslashStrings || (ch === "'" && !!opts.escapeStrings)));
      push(string ? "string" : "quoted", start, i);
    } else if (/[eE]/.test(ch) && sql[i + 1] === "'" && !/[\p{L}\p{N}_$]/u.test(sql[i - 1] ?? "")) {
      // PostgreSQL's escape string, E'it\'s': its backslashes escape, whatever the dialect's own strings do.
      i = closingQuote(sql, i + 1, "'", true);
      push("string", start, i);
    } else if (/[uU]/.test(ch) && sql.startsWith("&'", i + 1) && !/[\p{L}\p{N}_$]/u.test(sql[i - 1] ?? "")) {
      // PostgreSQL's Unicode string, U&'d\0061ta': a backslash starts a code, a quote is doubled.
      i = closingQuote(sql, i + 2, "'", false);
      push("string", start, i);
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

/**
 * The index just past the quote that closes the one at `i`: a doubled quote is an escaped one, and
 * where `backslash`, a `\` escapes whatever follows it.
 */
function closingQuote(sql: string, i: number, q: string, backslash: boolean): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (backslash && sql[j] === "\\") j++;
    else if (sql[j] !== q) continue;
    else if (sql[j + 1] === q) j++;
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

/** Words a type name may continue with after its first (`character varying`, `timestamp with time zone`). */
const TYPE_WORDS = /^(varying|precision|with|without|time|zone|unsigned)$/i;
/** Options for comparing expressions: the dialect's quoting, and its own spellings (DialectSpec). */
export interface ExpressionOptions extends SqlTokenOptions {
  /** Words the database writes for what a model declares (MariaDB's `lcase` for `lower`), by the database's word. */
  synonyms?: Readonly<Record<string, string>>;
  /**
   * Conditions are read as MariaDB stores them: NOT pushed down to the comparisons under it
   * (`NOT (a > 1 OR b)` is `a <= 1 AND b = 0`), and a value under AND, OR or NOT tested against 0.
   */
  conditions?: boolean;
  /** `||` is concatenation, binding tighter than `^`, stored as `concat(a, b)` (MariaDB's PIPES_AS_CONCAT); else a synonym's. */
  pipesAsConcat?: boolean;
  /** NOT binds as tightly as `!` does, tighter than any binary operator (MariaDB's HIGH_NOT_PRECEDENCE). */
  highNotPrecedence?: boolean;
}

/**
 * How tightly each binary operator binds (PostgreSQL's order, which MySQL's follows for these);
 * an operator not listed binds as `||` does. A unary minus binds tightest, a unary NOT as listed.
 */
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  is: 4,
  ...Object.fromEntries(["=", "<", ">", "<=", ">=", "<>", "like", "ilike", "in", "between"].map((o) => [o, 5])),
  "+": 7,
  "-": 7,
  "*": 8,
  "/": 8,
  "%": 8,
  "^": 9,
};
const OTHER_OPERATOR = 6;
const UNARY_MINUS = 10;
/** `a + (b + c)` is `a + b + c`; `a * (b / c)` is not `a * b / c` (integer division), nor `a - (b - c)`. */
const ASSOCIATIVE: Record<string, string[]> = { "+": ["+", "-"], "*": ["*"], "||": ["||"], and: ["and"], or: ["or"] };

/** Words that are no call's name: a `(` after them groups. */
const KEYWORDS = /^(case|when|then|else|end)$/;

/**
 * A token, or a bracketed run: a call's or a list's arguments (`call`), an `ARRAY[...]`'s elements
 * (`array`, a list too), or a grouping.
 */
type Item = { text: string; op: boolean; tight?: boolean } | { items: Item[]; call: boolean; array?: boolean };

/**
 * A generated column's or a check constraint's expression reduced so that the text a model declares
 * and the text the database gives back compare equal when they mean the same, on every dialect:
 *
 * - casts (`::numeric`, `::character varying(20)`, `::text[]`, `CAST(x AS t)`) are dropped: PostgreSQL
 *   writes one on every operand it coerces (`(qty)::numeric`, `' '::text`) and a model writes none, and
 *   it writes a model's `CAST(x AS t)` as `(x)::t`, so an explicit cast can be told from neither;
 * - redundant grouping parentheses are dropped, by operator precedence: PostgreSQL wraps every
 *   operation (`((a * b) + c)`), MariaDB drops the needless ones, a model writes what it likes;
 *   `(a + b) * c` keeps its pair and so still differs from `a + b * c`. Those of calls and lists
 *   (`lower(x)`, `in (1, 2)`) are kept;
 * - a list test is written one way: PostgreSQL's `x = ANY (ARRAY[1, 2])` is `x IN (1, 2)`, its
 *   `x <> ALL (...)` is `x NOT IN (...)`, and `x IN (1)` is the `x = 1` it stores for a list of one;
 * - identifier quotes are dropped (`` `price` ``, `"price"`, `[price]`) and words lowercased
 *   (MariaDB quotes every column, PostgreSQL uppercases `COALESCE`): identifier case is not compared;
 * - the words a dialect writes for others (`DialectSpec.expressionSynonyms`: MariaDB's `lcase`, `MOD`,
 *   `octet_length` for `lower`, `%`, `length`) are those others, on that dialect only; `!=` is `<>`;
 * - a number is its value (`1.50` is `1.5`), and a string literal is its value, quoted one way
 *   (MariaDB writes `'it''s'` as `'it\'s'`, and `"x"` as `'x'`; PostgreSQL `E'it\'s'` as `'it''s'`,
 *   `E'a\nb'` with its line break, `U&'d\0061ta'` and `U&'d!0061ta' UESCAPE '!'` as `'data'`); string case is compared;
 * - where the dialect rewrites conditions (`ExpressionOptions.conditions`: MariaDB), both texts are
 *   read in its form: `NOT (flag OR x > 1)` is `flag = 0 AND x <= 1`, `NOT (x IN (1))` is `x NOT IN (1)`;
 *   MariaDB's `!` binds tighter than any binary operator (`!a = b` is `(NOT a) = b`, stored `a = 0 = b`),
 *   and so does NOT under HIGH_NOT_PRECEDENCE (`ExpressionOptions.highNotPrecedence`); under
 *   PIPES_AS_CONCAT `a || b` is the `concat(a, b)` it stores;
 * - whitespace and comments are dropped.
 *
 * - `x BETWEEN a AND b` is `x >= a AND x <= b`, as PostgreSQL stores it (and NOT BETWEEN `x < a OR x > b`,
 *   BETWEEN SYMMETRIC either order of the bounds); its `~~` and `!~~*` are LIKE and NOT ILIKE
 *   (`DialectSpec.expressionSynonyms`), and its `~~ like_escape(p, e)` is `LIKE p ESCAPE e`.
 *
 * What is left is compared as text: other rewrites (MySQL 8's own spellings) are reported as
 * differences, with both texts to judge by.
 */
export function expressionKey(expr: string, opts: ExpressionOptions = {}): string {
  const tokens = sqlTokens(expr, opts);
  const skipped = castWords(tokens);
  const stack: Item[][] = [[]];
  // What each open bracket holds: a call's or list's arguments, a grouping, an ARRAY[...]'s elements.
  const frames: ("call" | "group" | "array")[] = [];
  const close = () => {
    const items = stack.pop()!;
    const frame = frames.pop()!;
    stack[stack.length - 1].push({ items, call: frame !== "group", ...(frame === "array" ? { array: true } : {}) });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const seq = stack[stack.length - 1];
    if (skipped.has(i)) continue;
    if (t.kind === "op" && t.text === "::") i = skipType(tokens, i + 1, opts);
    else if (t.kind === "(") {
      const prev = seq.at(-1);
      // After a name, the arguments of a call; after IN, a list: both keep their parentheses.
      const call =
        prev !== undefined &&
        "text" in prev &&
        ((!prev.op && /^[\p{L}_]/u.test(prev.text) && !KEYWORDS.test(prev.text)) || prev.text === "in");
      frames.push(call ? "call" : "group");
      stack.push([]);
    } else if (t.kind === "word" && /^array$/i.test(t.text) && !opts.brackets && tokens[i + 1]?.text === "[") {
      frames.push("array");
      stack.push([]);
      i++;
    } else if (t.kind === ")" || (t.text === "]" && frames.at(-1) === "array")) {
      if (stack.length > 1) close(); // else unbalanced: the databases never give one back
    } else if (t.kind === "string") {
      // `U&'d!0061ta' UESCAPE '!'`: the escape character is the UESCAPE string's (PostgreSQL gives back `'data'`).
      // One that names no valid escape character is left in the key: reported, not guessed.
      const [word, esc] = [tokens[i + 1], tokens[i + 2]];
      const uescape =
        /^[uU]&'/.test(t.text) && /^uescape$/i.test(word?.text ?? "") && /^'[^'\s0-9a-fA-F+"]'$/.test(esc?.text ?? "");
      if (uescape) i += 2;
      seq.push({ text: stringKey(t.text, opts, uescape ? esc.text[1] : "\\"), op: false });
    } else if (t.kind === "number") seq.push({ text: decimalKey(t.text), op: false });
    else if (t.kind === "quoted") seq.push({ text: unquoted(t).toLowerCase(), op: false });
    else {
      const lower = t.text.toLowerCase();
      // A synonym that is an operator (MariaDB's `a MOD b` for `a % b`) is none for a call: mod(a, b).
      const synonym = opts.synonyms && Object.hasOwn(opts.synonyms, lower) ? opts.synonyms[lower] : undefined;
      const operator = synonym !== undefined && !/^[\p{L}_]/u.test(synonym);
      const text = lower === "!=" ? "<>" : synonym && !(operator && tokens[i + 1]?.kind === "(") ? synonym : lower;
      // A synonym of two words (PostgreSQL's `!~~` for `NOT LIKE`) is the two.
      for (const word of text.split(" "))
        seq.push({
          text: word,
          op: t.kind === "op" || t.kind === "," || Object.hasOwn(PRECEDENCE, word),
          // A `!` read as NOT binds as tightly as a unary minus (MySQL's and MariaDB's `!`): `!a = b` is `(NOT a) = b`.
          ...(lower === "!" && word === "not" ? { tight: true } : {}),
        });
    }
  }
  while (stack.length > 1) close();
  return flatten(simplified(stack[0], opts)).join(" ");
}

/**
 * The tokens of each `CAST(x AS type)` that are not `x`'s: the word CAST and the `AS type` part,
 * so that what is left is the grouping `(x)`, as PostgreSQL's `(x)::type` is once its cast is dropped.
 */
function castWords(tokens: SqlToken[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!(tokens[i].kind === "word" && /^cast$/i.test(tokens[i].text) && tokens[i + 1].kind === "(")) continue;
    const end = closingParen(tokens, i + 1);
    for (let j = i + 2; j < end; j++) {
      if (tokens[j].kind === "(") j = closingParen(tokens, j);
      else if (tokens[j].kind === "word" && /^as$/i.test(tokens[j].text)) {
        out.add(i);
        for (let k = j; k < end; k++) out.add(k);
        break;
      }
    }
  }
  return out;
}

const ESCAPES: Record<string, string> = { "0": "\0", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\x1a" };

/**
 * A string literal as its value, quoted one way: MySQL's `'it\'s'` and `"it's"` are `'it''s'`, and
 * PostgreSQL's `E'it\'s'` too (which it gives back as `'it''s'`, its escapes decoded).
 */
function stringKey(text: string, opts: SqlTokenOptions, uescape = "\\"): string {
  const backslash = !!opts.backslashStrings;
  if (/^[uU]&'/.test(text))
    return `'${unicodeStringValue(text.slice(3, text.length > 3 && text.endsWith("'") ? -1 : undefined), uescape).replaceAll("'", "''")}'`;
  const escaped = /^[eE]'/.test(text) ? 2 : opts.escapeStrings && text[0] === "'" ? 1 : 0;
  if (escaped)
    return `'${escapeStringValue(text.slice(escaped, text.length > escaped && text.endsWith("'") ? -1 : undefined)).replaceAll("'", "''")}'`;
  const q = text[0];
  const body = text.slice(1, text.length > 1 && text.endsWith(q) ? -1 : undefined);
  let value = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (backslash && ch === "\\" && i + 1 < body.length) {
      const n = body[++i];
      // `\%` and `\_` keep their backslash: they are LIKE's escaped wildcards, not characters.
      value += Object.hasOwn(ESCAPES, n) ? ESCAPES[n] : n === "%" || n === "_" ? `\\${n}` : n;
    } else if (ch === q && body[i + 1] === q) {
      value += q;
      i++;
    } else value += ch;
  }
  return `'${value.replaceAll("'", "''")}'`;
}

const E_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * The value of the body of a PostgreSQL escape string (`E'...'`): `\n` and its kin, octal `\101`,
 * hex `\x41`, Unicode `\u0041` and `\U00000041`; a backslash before any other character is that
 * character (`\_` is `_`, unlike MySQL's), and a doubled quote is one.
 */
function escapeStringValue(body: string): string {
  let value = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "'" && body[i + 1] === "'") {
      value += "'";
      i++;
      continue;
    }
    if (ch !== "\\" || i + 1 >= body.length) {
      value += ch;
      continue;
    }
    const rest = body.slice(i + 1);
    const code =
      /^[0-7]{1,3}/.exec(rest) ??
      /^x([0-9a-fA-F]{1,2})/.exec(rest) ??
      /^u([0-9a-fA-F]{4})/.exec(rest) ??
      /^U([0-9a-fA-F]{8})/.exec(rest);
    if (code) {
      value += String.fromCodePoint(Number.parseInt(code[1] ?? code[0], code[1] === undefined ? 8 : 16));
      i += code[0].length;
    } else {
      value += Object.hasOwn(E_ESCAPES, rest[0]) ? E_ESCAPES[rest[0]] : rest[0];
      i++;
    }
  }
  return value;
}

/**
 * The value of the body of a PostgreSQL Unicode string (`U&'...'`): `\0061` and `\+000061` are
 * code points, `\\` a backslash, a doubled quote one; after `UESCAPE '!'` the escape is `!`
 * (`!0061`, `!!`) and a backslash is a character.
 */
function unicodeStringValue(body: string, escape = "\\"): string {
  const e = escape.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  return body
    .replaceAll("''", "'")
    .replace(new RegExp(`${e}(${e}|[0-9a-fA-F]{4}|\\+[0-9a-fA-F]{6})`, "g"), (_, code: string) =>
      code === escape ? escape : String.fromCodePoint(Number.parseInt(code.replace("+", ""), 16)),
    );
}

/**
 * PostgreSQL's spellings of a list test read as a model writes them: `x = ANY (ARRAY[1, 2])` is
 * `x IN (1, 2)` and `x <> ALL (ARRAY[...])` is `x NOT IN (...)`; and a list of one is the comparison
 * PostgreSQL stores for it (`x IN (1)` is `x = 1`, `x NOT IN (1)` is `x <> 1`).
 */
function canonical(run: Item[], opts: ExpressionOptions): Item[] {
  const items = concatenations(tightNots(likeEscapes(run), opts), opts);
  const out: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const [it, quantifier, args] = [items[i], items[i + 1], items[i + 2]];
    const list =
      "text" in it &&
      (it.text === "=" || it.text === "<>") &&
      quantifier &&
      "text" in quantifier &&
      quantifier.text === (it.text === "=" ? "any" : "all") &&
      args &&
      !("text" in args) &&
      args.call
        ? arrayElements(args.items)
        : null;
    if (!list) {
      out.push(it);
      continue;
    }
    if ((it as { text: string }).text === "<>") out.push({ text: "not", op: true });
    out.push({ text: "in", op: true }, { items: list, call: true });
    i += 2;
  }
  for (let i = 0; i < out.length; i++) {
    const [it, list] = [out[i], out[i + 1]];
    if (!("text" in it) || it.text !== "in" || !list || "text" in list || !list.call || list.items.length === 0)
      continue;
    if (list.items.some((x) => "text" in x && x.text === ",")) continue;
    const before = out[i - 1];
    const negated = !!before && "text" in before && before.text === "not";
    out.splice(
      negated ? i - 1 : i,
      negated ? 3 : 2,
      { text: negated ? "<>" : "=", op: true },
      { items: list.items, call: false },
    );
  }
  return expandBetween(out);
}

/** What ends an operand of BETWEEN: a comma, a keyword of CASE, an operator no tighter than a comparison. */
const endsOperand = (it: Item) =>
  "text" in it &&
  ((it.op && (it.text === "," || bindingOf(it.text) <= PRECEDENCE.between)) ||
    /^(case|when|then|else|end)$/.test(it.text));

/**
 * `x BETWEEN a AND b` as the two comparisons PostgreSQL stores for it, `x >= a AND x <= b`, and
 * `x NOT BETWEEN a AND b` as its `x < a OR x > b`. MariaDB keeps the BETWEEN: both sides are read
 * this way there too, so they still agree. BETWEEN SYMMETRIC is either order of the bounds, as
 * PostgreSQL stores it: `(x >= a AND x <= b) OR (x >= b AND x <= a)`, and NOT BETWEEN SYMMETRIC
 * `(x < a OR x > b) AND (x < b OR x > a)`; BETWEEN ASYMMETRIC is BETWEEN.
 */
function expandBetween(items: Item[]): Item[] {
  const out = [...items];
  for (let k = 0; k < out.length; k++) {
    const it = out[k];
    if (!("text" in it) || it.text !== "between") continue;
    const prev = out[k - 1];
    const negated = !!prev && "text" in prev && prev.text === "not";
    let lo = negated ? k - 1 : k;
    while (lo > 0 && !endsOperand(out[lo - 1])) lo--;
    const and = out.findIndex((x, i) => i > k && "text" in x && x.text === "and");
    let hi = and + 1;
    while (hi < out.length && !endsOperand(out[hi])) hi++;
    const next = out[k + 1];
    const order = next && "text" in next && /^(a?symmetric)$/.test(next.text) ? next.text : "";
    const left = out.slice(lo, negated ? k - 1 : k);
    const [low, high] = [out.slice(k + (order ? 2 : 1), and), out.slice(and + 1, hi)];
    if (and < 0 || !left.length || !low.length || !high.length || low.some(endsOperand)) continue;
    const op = (text: string): Item => ({ text, op: true });
    const group = (run: Item[]): Item => ({ items: run, call: false });
    const range = (a: Item[], b: Item[]) =>
      negated
        ? [group(left), op("<"), group(a), op("or"), group(left), op(">"), group(b)]
        : [group(left), op(">="), group(a), op("and"), group(left), op("<="), group(b)];
    const test =
      order === "symmetric"
        ? [group(range(low, high)), op(negated ? "and" : "or"), group(range(high, low))]
        : range(low, high);
    out.splice(lo, hi - lo, group(test));
    k = lo;
  }
  return out;
}

/**
 * PostgreSQL's LIKE ... ESCAPE read as a model writes it: it stores `x LIKE p ESCAPE e` as
 * `x ~~ like_escape(p, e)` (and ILIKE, NOT LIKE, NOT ILIKE alike), and `x SIMILAR TO p [ESCAPE e]`
 * as `x ~ similar_to_escape(p[, e])`: the call is `p ESCAPE e` again, each a grouping of its own.
 */
function likeEscapes(items: Item[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const [prev, it, args] = [out.at(-1), items[i], items[i + 1]];
    const call = "text" in it && args && !("text" in args) && args.call ? it.text : "";
    const like = call === "like_escape" && prev && "text" in prev && /^i?like$/.test(prev.text);
    const similar = /^similar(_to)?_escape$/.test(call) && prev && "text" in prev && /^!?~$/.test(prev.text);
    if (!like && !similar) {
      out.push(it);
      continue;
    }
    const [pattern, escape] = splitOn((args as { items: Item[] }).items, ",");
    if (similar) {
      out.pop();
      if ((prev as { text: string }).text === "!~") out.push({ text: "not", op: true });
      out.push({ text: "similar", op: false }, { text: "to", op: false });
    }
    out.push({ items: pattern, call: false });
    if (escape) out.push({ text: "escape", op: false }, { items: escape, call: false });
    i++;
  }
  return out;
}

/**
 * The operand a tight prefix operator (`!`, a unary minus) or a tight infix one (`||` as
 * concatenation) takes, starting at items[i]: any unary signs, then one value, call or CASE ... END.
 * The index just past it.
 */
function tightOperandEnd(items: Item[], i: number): number {
  let j = i;
  while (j < items.length && "text" in items[j] && /^[-+~]$/.test((items[j] as { text: string }).text)) j++;
  const it = items[j];
  if (!it) return j;
  if ("text" in it && it.text === "case") {
    for (let depth = 0; j < items.length; j++) {
      const x = items[j];
      if (!("text" in x)) continue;
      if (x.text === "case") depth++;
      else if (x.text === "end" && --depth === 0) return j + 1;
    }
    return j;
  }
  const args = items[j + 1];
  return "text" in it && !it.op && args && !("text" in args) && args.call ? j + 2 : j + 1;
}

/**
 * A NOT that binds tighter than any binary operator (a MariaDB `!`, and every unary NOT under
 * HIGH_NOT_PRECEDENCE) with its operand, as the grouping `(NOT a)` the server reads it as: MariaDB
 * stores `!a = b` as `a = 0 = b`, not as the `a <> b` of `NOT (a = b)`.
 */
function tightNots(items: Item[], opts: ExpressionOptions): Item[] {
  const out = [...items];
  for (let i = out.length - 1; i >= 0; i--) {
    const it = out[i];
    if (!("text" in it) || it.text !== "not") continue;
    if (!it.tight && !(opts.highNotPrecedence && unaryAt(out, i))) continue;
    const end = tightOperandEnd(out, i + 1);
    if (end === i + 1) continue;
    out.splice(i, end - i, { items: [{ text: "not", op: true }, ...out.slice(i + 1, end)], call: false });
  }
  return out;
}

/** The start of the operand that ends just before items[k]: a value, call or CASE ... END, and the unary signs before it. */
function tightOperandStart(items: Item[], k: number): number {
  let lo = k - 1;
  const last = items[lo];
  if ("text" in last && last.text === "end") {
    for (let depth = 0; lo >= 0; lo--) {
      const x = items[lo];
      if (!("text" in x)) continue;
      if (x.text === "end") depth++;
      else if (x.text === "case" && --depth === 0) break;
    }
  } else if (!("text" in last) && last.call && lo > 0) {
    const name = items[lo - 1];
    if ("text" in name && !name.op) lo--;
  }
  while (lo > 0 && unaryAt(items, lo - 1) && (items[lo - 1] as { text: string }).text !== "not") lo--;
  return Math.max(lo, 0);
}

/**
 * Under PIPES_AS_CONCAT, `a || b` as the `concat(a, b)` MariaDB stores: `||` binds tighter than any
 * other binary operator there, to the left (`a || b || c` is `concat(concat(a, b), c)`).
 */
function concatenations(items: Item[], opts: ExpressionOptions): Item[] {
  if (!opts.pipesAsConcat) return items;
  const out = [...items];
  for (let k = 1; k < out.length; k++) {
    const it = out[k];
    if (!("text" in it) || it.text !== "||") continue;
    const lo = tightOperandStart(out, k);
    const end = tightOperandEnd(out, k + 1);
    if (end === k + 1) continue;
    const args = [...out.slice(lo, k), COMMA, ...out.slice(k + 1, end)];
    out.splice(lo, end - lo, { text: "concat", op: false }, { items: args, call: true });
    k = lo + 1;
  }
  return out;
}

/** The elements of the one `ARRAY[...]` a run holds, inside any groupings (`(ARRAY[...])::text[]`). */
function arrayElements(items: Item[]): Item[] | null {
  let run = items;
  while (run.length === 1 && !("text" in run[0]) && !run[0].call) run = run[0].items;
  return run.length === 1 && !("text" in run[0]) && run[0].array ? run[0].items : null;
}

const COMMA: Item = { text: ",", op: true };
const NEGATED: Record<string, string> = { "=": "<>", "<>": "=", "<": ">=", ">": "<=", "<=": ">", ">=": "<" };
/** Comparisons NOT turns around by a NOT of their own (`x NOT IN (...)`), and IS by `IS NOT`. */
const NOT_TAKERS = /^(in|like|between|regexp|rlike)$/;

/** The parts of a run between its top-level `sep` words or operators (not those inside CASE ... END, nor BETWEEN's AND). */
function splitOn(items: Item[], sep: string): Item[][] {
  const parts: Item[][] = [[]];
  let depth = 0;
  let between = false;
  for (const it of items) {
    if ("text" in it) {
      if (it.text === "case") depth++;
      else if (it.text === "end") depth--;
      else if (depth === 0 && it.text === "between") between = true;
      else if (depth === 0 && it.text === sep && !(sep === "and" && between)) {
        parts.push([]);
        continue;
      } else if (it.text === "and") between = false;
    }
    parts[parts.length - 1].push(it);
  }
  return parts;
}

/**
 * A condition as MariaDB stores it (see `ExpressionOptions.conditions`), negated where `negate`;
 * `logical`: it is an operand of AND, OR or NOT, where a value (`flag`) is tested as `flag <> 0`.
 */
function condition(items: Item[], negate: boolean, logical: boolean): Item[] {
  const group = (run: Item[]): Item => ({ items: run, call: false });
  for (const [op, flipped] of [
    ["or", "and"],
    ["and", "or"],
  ]) {
    const parts = splitOn(items, op);
    if (parts.length > 1 && parts.every((p) => p.length > 0))
      return parts.flatMap((p, i) => [
        ...(i ? [{ text: negate ? flipped : op, op: true }] : []),
        group(condition(p, negate, true)),
      ]);
  }
  const [first] = items;
  if (items.length > 1 && "text" in first && first.text === "not") return condition(items.slice(1), !negate, true);
  if (items.length === 1 && !("text" in first) && !first.call) {
    const inner = condition(first.items, negate, logical);
    // NOT (...) of what no rewrite negates is that already: grouping it again would never end.
    return negate && inner.length === 2 && "text" in inner[0] && inner[0].text === "not" ? inner : [group(inner)];
  }
  // A comparison: the one operator outside parentheses and CASE ... END that makes a condition.
  const at: number[] = [];
  let depth = 0;
  for (const [i, it] of items.entries()) {
    if (!("text" in it)) continue;
    if (it.text === "case") depth++;
    else if (it.text === "end") depth--;
    else if (
      depth === 0 &&
      (Object.hasOwn(NEGATED, it.text) ||
        NOT_TAKERS.test(it.text) ||
        it.text === "is" ||
        it.text === "xor" ||
        it.text === "<=>")
    )
      at.push(i);
  }
  if (at.length === 0) {
    // A literal under AND or OR is left as it is (MariaDB's `x = 1 or 0`); only NOT tests it.
    const literal = items.length === 1 && "text" in first && !first.op && /^(?:'|\d)/.test(first.text);
    if ((!logical || literal) && !negate) return items;
    return [...items, { text: negate ? "=" : "<>", op: true }, { text: "0", op: false }];
  }
  if (!negate) return items;
  const i = at[0];
  const op = (items[i] as { text: string }).text;
  const before = items[i - 1];
  const after = items[i + 1];
  const not = { text: "not", op: true };
  if (at.length === 1 && Object.hasOwn(NEGATED, op))
    return [...items.slice(0, i), { text: NEGATED[op], op: true }, ...items.slice(i + 1)];
  if (at.length === 1 && NOT_TAKERS.test(op))
    return before && "text" in before && before.text === "not"
      ? [...items.slice(0, i - 1), ...items.slice(i)]
      : [...items.slice(0, i), not, ...items.slice(i)];
  if (at.length === 1 && op === "is")
    return after && "text" in after && after.text === "not"
      ? [...items.slice(0, i + 1), ...items.slice(i + 2)]
      : [...items.slice(0, i + 1), not, ...items.slice(i + 1)];
  return [not, group(items)];
}

/** The run with each redundant grouping inside it (and inside those) spliced into it. */
function simplified(run: Item[], opts: ExpressionOptions): Item[] {
  const items = opts.conditions
    ? splitOn(canonical(run, opts), ",").flatMap((e, i) => [...(i ? [COMMA] : []), ...condition(e, false, false)])
    : canonical(run, opts);
  const out: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if ("text" in item) {
      out.push(item);
      continue;
    }
    const inner = simplified(item.items, opts);
    if (item.call || !redundant(inner, out, items[i + 1])) out.push({ ...item, items: inner });
    else out.push(...inner);
  }
  return out;
}

/** Whether `(inner)` means the same without its parentheses, between what precedes and follows it. */
function redundant(inner: Item[], before: Item[], next: Item | undefined): boolean {
  if (inner.some((it) => "text" in it && it.text === ",")) return false; // a row: `(a, b)`
  const ops = topLevelOperators(inner);
  if (ops.length === 0) return true; // one operand: `(qty)`, `(lower(x))`
  const weakest = Math.min(...ops.map((o) => o.prec));
  const left = binding(before.at(-1), before.at(-2));
  const right = next && "text" in next && next.op && next.text !== "," ? bindingOf(next.text) : 0;
  if (weakest < right) return false;
  if (weakest > left.prec) return true;
  // As tight as the operator on its left: only where regrouping keeps the value.
  const same = Object.hasOwn(ASSOCIATIVE, left.text) ? ASSOCIATIVE[left.text] : undefined;
  return weakest === left.prec && !!same && ops.every((o) => o.prec > weakest || same.includes(o.text));
}

/** The binary operators of a run outside parentheses and CASE ... END, with their precedence. */
function topLevelOperators(items: Item[]): { text: string; prec: number }[] {
  const out: { text: string; prec: number }[] = [];
  let depth = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!("text" in it)) continue;
    if (it.text === "case") depth++;
    else if (it.text === "end") depth--;
    else if (depth === 0 && it.op && it.text !== ",") {
      const unary = unaryAt(items, i);
      out.push({
        text: it.text,
        // A NOT between operands is part of the comparison it opens (NOT IN, NOT LIKE, NOT BETWEEN).
        prec: unary
          ? it.text === "not"
            ? PRECEDENCE.not
            : UNARY_MINUS
          : bindingOf(it.text === "not" ? "in" : it.text),
      });
    }
  }
  return out;
}

/**
 * `-`, `+` or NOT with no operand before it (`- x`, `a * - x`, `NOT x`, but not `IS NOT NULL`, nor
 * the NOT of `x NOT IN (...)` or `x NOT LIKE y`).
 */
function unaryAt(items: Item[], i: number): boolean {
  const it = items[i] as { text: string };
  const prev = items[i - 1];
  if (it.text !== "-" && it.text !== "+" && it.text !== "not") return false;
  if (prev && "text" in prev && prev.text === "is") return false;
  return !prev || ("text" in prev && (prev.op || /^(case|when|then|else)$/.test(prev.text)));
}

/** How tightly the operator before a grouping binds it: none (0) after a comma, keyword or nothing. */
function binding(prev: Item | undefined, beforePrev: Item | undefined): { text: string; prec: number } {
  if (!prev || !("text" in prev) || !prev.op || prev.text === ",") return { text: "", prec: 0 };
  const items = beforePrev ? [beforePrev, prev] : [prev];
  if (unaryAt(items, items.length - 1)) return { text: "", prec: prev.text === "not" ? PRECEDENCE.not : UNARY_MINUS };
  return { text: prev.text, prec: bindingOf(prev.text) };
}

const bindingOf = (op: string) => (Object.hasOwn(PRECEDENCE, op) ? PRECEDENCE[op] : OTHER_OPERATOR);

function flatten(items: Item[]): string[] {
  return items.flatMap((it) =>
    "text" in it ? [it.text] : it.array ? ["array", "[", ...flatten(it.items), "]"] : ["(", ...flatten(it.items), ")"],
  );
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

/**
 * A numeric literal by its exact decimal value (`1.50` is `1.5`, `007` is `7`, `1e2` is `100`):
 * through a float, `9223372036854775807` would equal `...806` and `1e400` equal `2e400`.
 */
export function decimalKey(text: string): string {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text.toLowerCase();
  const digits = `${m[1]}${m[2] ?? ""}`;
  // The value is 0.digits × 10^point.
  let point = m[1].length + Number(m[3] ?? 0);
  const lead = digits.length - digits.replace(/^0+/, "").length;
  const significant = digits.slice(lead).replace(/0+$/, "");
  point -= lead;
  if (significant === "") return "0";
  // Past any column's range: a short exact form instead of a thousand zeros.
  if (Math.abs(point) > 64) return `0.${significant}e${point}`;
  if (point <= 0) return `0.${"0".repeat(-point)}${significant}`;
  if (point >= significant.length) return significant + "0".repeat(point - significant.length);
  return `${significant.slice(0, point)}.${significant.slice(point)}`;
}
