/** One token of a statement, as the project tokenizer (src/python/tokenizer.ts) reports it. */
export interface Token {
  kind: "name" | "string" | "number" | "op";
  start: number;
  end: number;
}

/** A Python literal as revision identifiers use it: None, a string, or a tuple/list of those. */
export type Literal = null | string | Literal[];

/** A value the reader will not guess: where it starts and why. */
export interface NotLiteral {
  notLiteral: string;
  offset: number;
}

/** `name = value`, `name: T = value` or `a = b = value` at module level: the names and the value. */
export interface Assignment {
  names: string[];
  value: Literal | NotLiteral;
  valueStart: number;
}

/**
 * Reads one top-level statement as an assignment, or undefined when it is not a plain assignment
 * (imports, defs, calls, augmented assignments, attribute or subscript targets).
 */
export function readAssignment(text: string, tokens: readonly Token[]): Assignment | undefined {
  const names: string[] = [];
  let k = 0;
  const tok = (j: number) => (j < tokens.length ? text.slice(tokens[j].start, tokens[j].end) : "");
  if (tokens[0]?.kind !== "name") return undefined;
  if (/^(?:[-+*/%&|^@]|\*\*|\/\/|<<|>>)=$/.test(tok(1))) {
    // `down_revision += (...)` changes the value at import time: reported, never guessed
    return {
      names: [tok(0)],
      value: { notLiteral: `augmented assignment '${tok(1)}'`, offset: tokens[1].start },
      valueStart: tokens[1].start,
    };
  }
  if (tok(1) === ":") {
    // annotated: skip the annotation up to `=` outside brackets; `name: T` alone binds nothing
    let depth = 0;
    let j = 2;
    for (; j < tokens.length; j++) {
      const t = tok(j);
      if ("([{".includes(t)) depth++;
      else if (")]}".includes(t)) depth--;
      else if (t === "=" && depth === 0) break;
    }
    if (j >= tokens.length) return undefined;
    names.push(tok(0));
    k = j + 1;
  }
  // chained targets: NAME '=' NAME '=' ... value
  while (tokens[k]?.kind === "name" && tok(k + 1) === "=") {
    names.push(tok(k));
    k += 2;
  }
  if (names.length === 0 || k >= tokens.length) return undefined;
  const p = new ValueParser(text, tokens, k);
  return { names, value: p.parseTop(), valueStart: tokens[k].start };
}

class ValueParser {
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private k: number,
  ) {}

  /** The right-hand side: one value or a bare tuple (`"a", "b"`), with nothing left over. */
  parseTop(): Literal | NotLiteral {
    const v = this.items(undefined);
    if (isNotLiteral(v)) return v;
    if (this.k < this.tokens.length) return this.fail(this.k);
    return v.tuple ? v.items : v.items[0];
  }

  /** Comma-separated values up to `close`; `tuple` when a comma made it a sequence. */
  private items(close: string | undefined): { items: Literal[]; tuple: boolean } | NotLiteral {
    const items: Literal[] = [];
    let tuple = false;
    while (this.k < this.tokens.length && this.peek() !== close) {
      const v = this.atom();
      if (isNotLiteral(v)) return v;
      items.push(v);
      if (this.peek() !== ",") break;
      tuple = true;
      this.k++;
    }
    return { items, tuple: tuple || items.length !== 1 };
  }

  private atom(): Literal | NotLiteral {
    const start = this.k;
    const t = this.tokens[this.k];
    const s = this.peek();
    if (t.kind === "name" && s === "None") {
      this.k++;
      return null;
    }
    if (t.kind === "string") {
      let out = "";
      while (this.tokens[this.k]?.kind === "string") {
        const v = stringValue(this.text, this.tokens[this.k]);
        if (v === undefined) return this.fail(this.k);
        out += v;
        this.k++;
      }
      return out;
    }
    if (s === "(" || s === "[") {
      const close = s === "(" ? ")" : "]";
      this.k++;
      const inner = this.items(close);
      if (isNotLiteral(inner)) return inner;
      if (this.peek() !== close) return this.fail(this.k < this.tokens.length ? this.k : start);
      this.k++;
      // `(x)` is x; `()`, `(x,)` and every list are sequences
      return s === "(" && !inner.tuple ? inner.items[0] : inner.items;
    }
    return this.fail(start);
  }

  private peek(): string {
    const t = this.tokens[this.k];
    return t ? this.text.slice(t.start, t.end) : "";
  }

  private fail(at: number): NotLiteral {
    const t = this.tokens[at];
    const end = this.tokens[this.tokens.length - 1].end;
    const shown = this.text.slice(t.start, Math.min(end, t.start + 40)).replace(/\s+/g, " ");
    return { notLiteral: `'${shown}${end > t.start + 40 ? "..." : ""}' is not a literal`, offset: t.start };
  }
}

export function isNotLiteral(v: unknown): v is NotLiteral {
  return v !== null && typeof v === "object" && "notLiteral" in v;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** The value of one string token; undefined for bytes, f-strings and t-strings (not revision ids). */
export function stringValue(text: string, token: Token): string | undefined {
  const raw = text.slice(token.start, token.end);
  const q = raw.search(/['"]/);
  const prefix = raw.slice(0, q).toLowerCase();
  if (/[bft]/.test(prefix)) return undefined;
  const quote = raw.slice(q, raw.startsWith(raw[q].repeat(3), q) ? q + 3 : q + 1);
  // CPython reads source with universal newlines: a CRLF file's strings hold "\n" only.
  const body = raw.slice(q + quote.length, raw.length - quote.length).replace(/\r\n?/g, "\n");
  return prefix.includes("r") ? body : unescape(body);
}

function unescape(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\n|N\{[^}]*\}|.)/g,
    (m, e: string) => {
      if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
      if (e === "\n") return ""; // backslash-newline continues the string
      if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
      if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
      return m; // \N{NAME} and unknown escapes are kept verbatim, as CPython keeps unknown ones
    },
  );
}
