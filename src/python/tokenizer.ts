/**
 * A Python 3 tokenizer that does just what the index needs, fast: names, numbers, strings
 * (every prefix, triple quotes, PEP 701 nested f-strings), operators, comments, and logical
 * lines with their indentation. It never throws: problems become warnings and scanning goes on,
 * so a file with a syntax error is still indexed where it is sound.
 *
 * Why not tree-sitter here: parsing Backend.AI (16.5 MB) with tree-sitter takes 3 s on one core
 * before a single node is visited; this tokenizer reads it in a fraction of that (BENCHMARKS.md).
 * tree-sitter is still used where a full tree is needed (ORM extraction, editing).
 */

export enum Tok {
  Name = 1,
  Number = 2,
  String = 3,
  Op = 4,
}

export interface TokenStream {
  readonly text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Logical lines: first token index (lineTok[i]..lineTok[i+1]) and the indent width of each. */
  lineCount: number;
  lineTok: Int32Array;
  lineIndent: Int32Array;
  /** Comments: start/end offsets (start at '#'). */
  comments: number[];
  warnings: { offset: number; message: string }[];
}

/** ASCII character classes, one lookup instead of a chain of comparisons (names are half of every file's characters). */
const ID_START = 1;
const ID_CHAR = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLASS[c] = ID_START | ID_CHAR;
  else if (c >= 48 && c <= 57) CLASS[c] = ID_CHAR;
}
// Every non-ASCII character counts as part of a name; NaN (past the end) as neither.
const isIdStart = (c: number) => (c < 128 ? (CLASS[c] & ID_START) !== 0 : c >= 128);
const isIdChar = (c: number) => (c < 128 ? (CLASS[c] & ID_CHAR) !== 0 : c >= 128);
/**
 * The character at i, or 0 past the end. Every test below treats 0 as it would end of text (no
 * class, no operator), and an optimized read past the end would deoptimize the tokenizer.
 */
const at = (t: string, i: number) => (i < t.length ? t.charCodeAt(i) : 0);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isPrefixChar = (c: number) =>
  c === 114 ||
  c === 82 ||
  c === 98 ||
  c === 66 ||
  c === 117 ||
  c === 85 ||
  c === 102 ||
  c === 70 ||
  c === 116 ||
  c === 84;

/** Length of the operator starting at i: 1, 2 (`==`, `+=`, `**`, `->`, `:=`, ...) or 3 (`**=`, `...`). */
function opLength(t: string, i: number, c: number): number {
  const d = at(t, i + 1);
  if (c === 46) return d === 46 && at(t, i + 2) === 46 ? 3 : 1;
  // ** // << >> may take a trailing '='
  if ((c === 42 || c === 47 || c === 60 || c === 62) && d === c) return at(t, i + 2) === 61 ? 3 : 2;
  if (c === 45 && d === 62) return 2;
  if (d === 61 && "=!<>+-*/%&|^@:".indexOf(String.fromCharCode(c)) >= 0) return 2;
  return 1;
}
/** Keywords that cannot continue an expression at column 0: an unclosed bracket before them is a syntax error. */
const RESYNC_KEYWORDS = new Set(["def", "class", "import", "from", "async"]);

/**
 * Token buffers are reused from one file to the next: a TokenStream is only valid until the next
 * call to tokenize(), which is how the scanner uses it (sub-streams for comments are copied).
 */
const pool: { kind: Uint8Array; start: Int32Array; end: Int32Array; lineTok: Int32Array; lineIndent: Int32Array } = {
  kind: new Uint8Array(1 << 16),
  start: new Int32Array(1 << 16),
  end: new Int32Array(1 << 16),
  lineTok: new Int32Array(1 << 14),
  lineIndent: new Int32Array(1 << 14),
};

class Tokenizer {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  lineCount = 0;
  lineTok: Int32Array;
  lineIndent: Int32Array;
  comments: number[] = [];
  warnings: { offset: number; message: string }[] = [];
  private readonly n: number;

  constructor(
    readonly text: string,
    shared: boolean,
  ) {
    this.n = text.length;
    const size = shared ? 0 : 64;
    this.kind = shared ? pool.kind : new Uint8Array(size);
    this.start = shared ? pool.start : new Int32Array(size);
    this.end = shared ? pool.end : new Int32Array(size);
    this.lineTok = shared ? pool.lineTok : new Int32Array(size);
    this.lineIndent = shared ? pool.lineIndent : new Int32Array(size);
    this.shared = shared;
  }
  private readonly shared: boolean;

  private keepPool(): void {
    if (!this.shared) return;
    pool.kind = this.kind;
    pool.start = this.start;
    pool.end = this.end;
    pool.lineTok = this.lineTok;
    pool.lineIndent = this.lineIndent;
  }

  private push(kind: Tok, s: number, e: number): void {
    if (this.count === this.kind.length) {
      const size = this.kind.length * 2 + 64;
      const k = new Uint8Array(size);
      k.set(this.kind);
      this.kind = k;
      const st = new Int32Array(size);
      st.set(this.start);
      this.start = st;
      const en = new Int32Array(size);
      en.set(this.end);
      this.end = en;
    }
    this.kind[this.count] = kind;
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.count++;
  }

  private openLine(indent: number): void {
    if (this.lineCount + 1 >= this.lineTok.length) {
      const size = this.lineTok.length * 2 + 64;
      const a = new Int32Array(size);
      a.set(this.lineTok);
      this.lineTok = a;
      const b = new Int32Array(size);
      b.set(this.lineIndent);
      this.lineIndent = b;
    }
    this.lineTok[this.lineCount] = this.count;
    this.lineIndent[this.lineCount] = indent;
    this.lineCount++;
  }

  run(): TokenStream {
    const t = this.text;
    const n = this.n;
    let i = at(t, 0) === 0xfeff ? 1 : 0;
    let depth = 0;
    const openers: number[] = [];
    let atLineStart = true;
    let lineOpen = false;
    let indent = 0;
    const lfOnly = t.indexOf("\r") < 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (atLineStart) {
        // Measure indentation of a physical line (only meaningful outside brackets).
        indent = 0;
        // As in CPython, indentation split by a backslash continuation is the column of the
        // first backslash, unless that is column 0: then the next line's blanks keep counting.
        let cont = 0;
        while (i < n) {
          const d = t.charCodeAt(i);
          if (d === 32) indent++;
          else if (d === 9) indent = (indent & ~7) + 8;
          else if (d === 12) indent = 0;
          else if (d === 92 && (at(t, i + 1) === 10 || at(t, i + 1) === 13)) {
            if (cont === 0) cont = indent;
            i += at(t, i + 1) === 13 && at(t, i + 2) === 10 ? 3 : 2;
            continue;
          } else break;
          i++;
        }
        if (cont > 0) indent = cont;
        atLineStart = false;
        continue;
      }
      if (c === 10 || c === 13) {
        i += c === 13 && at(t, i + 1) === 10 ? 2 : 1;
        atLineStart = true;
        if (depth === 0) lineOpen = false;
        else if (this.resyncAfterUnclosed(i, openers)) {
          depth = 0;
          openers.length = 0;
          lineOpen = false;
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 12) {
        i++;
        continue;
      }
      if (c === 35) {
        const s = i;
        if (lfOnly) {
          // No carriage return in the file: the comment ends at the next '\n', found natively.
          i = t.indexOf("\n", i);
          if (i < 0) i = n;
        } else {
          while (i < n) {
            const d = t.charCodeAt(i);
            if (d === 10 || d === 13) break;
            i++;
          }
        }
        this.comments.push(s, i);
        continue;
      }
      if (c === 92) {
        // Explicit line joining: backslash-newline continues the logical line.
        const d = at(t, i + 1);
        if (d === 10 || d === 13) {
          i += d === 13 && at(t, i + 2) === 10 ? 3 : 2;
          continue;
        }
        this.warnings.push({ offset: i, message: "unexpected character after line continuation" });
        i++;
        continue;
      }
      if (!lineOpen) {
        this.openLine(depth === 0 ? indent : -1);
        lineOpen = true;
      }
      if (isIdStart(c)) {
        const s = i;
        i++;
        while (i < n && isIdChar(t.charCodeAt(i))) i++;
        const q = at(t, i);
        if ((q === 34 || q === 39) && i - s <= 3 && this.allPrefix(s, i)) {
          i = this.string(s, i);
          this.push(Tok.String, s, i);
        } else this.push(Tok.Name, s, i);
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(at(t, i + 1)))) {
        const s = i;
        i++;
        while (i < n) {
          const d = t.charCodeAt(i);
          if (isIdChar(d) || d === 46) i++;
          else if ((d === 43 || d === 45) && (t.charCodeAt(i - 1) | 32) === 101 && !/[xX]/.test(t.slice(s, i))) i++;
          else break;
        }
        this.push(Tok.Number, s, i);
        continue;
      }
      if (c === 34 || c === 39) {
        const s = i;
        i = this.string(s, i);
        this.push(Tok.String, s, i);
        continue;
      }
      // Operators and delimiters.
      if (c === 40 || c === 91 || c === 123) {
        depth++;
        openers.push(i);
        this.push(Tok.Op, i, i + 1);
        i++;
        continue;
      }
      if (c === 41 || c === 93 || c === 125) {
        if (depth > 0) {
          depth--;
          const open = t.charCodeAt(openers.pop()!);
          // ( ) are 40 41; [ ] 91 93; { } 123 125.
          if (open !== (c === 41 ? 40 : c - 2)) {
            this.warnings.push({
              offset: i,
              message: `closing parenthesis '${t[i]}' does not match opening parenthesis '${String.fromCharCode(open)}'`,
            });
          }
        } else this.warnings.push({ offset: i, message: `unmatched '${t[i]}'` });
        this.push(Tok.Op, i, i + 1);
        i++;
        continue;
      }
      const len = opLength(t, i, c);
      this.push(Tok.Op, i, i + len);
      i += len;
    }
    if (depth > 0) {
      this.warnings.push({
        offset: openers[openers.length - 1],
        message: `'${t[openers[openers.length - 1]]}' was never closed`,
      });
    }
    this.lineTok[this.lineCount] = this.count;
    this.keepPool();
    return this;
  }

  private allPrefix(s: number, e: number): boolean {
    for (let k = s; k < e; k++) if (!isPrefixChar(this.text.charCodeAt(k))) return false;
    return true;
  }

  /**
   * Inside brackets, a new physical line that starts at column 0 with `def`/`class`/`import`/...
   * cannot be part of the bracketed expression: the bracket was never closed. Report it and resync
   * so the rest of the file is still read. `from` and `async` can continue an expression
   * (`yield from`, `async for`), so they count only as `from ... import` and `async def`; a
   * decorator's `@` is a matrix product there, so decorators resync on their `def`/`class`.
   */
  private resyncAfterUnclosed(i: number, openers: number[]): boolean {
    const t = this.text;
    if (!isIdStart(at(t, i))) return false;
    let j = i;
    while (j < this.n && isIdChar(t.charCodeAt(j))) j++;
    const word = t.slice(i, j);
    const next = at(t, j);
    if (!RESYNC_KEYWORDS.has(word) || (next !== 32 && next !== 9)) return false;
    if (word === "from" || word === "async") {
      let e = j;
      while (e < this.n && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13) e++;
      const rest = t.slice(j, e);
      if (word === "from" ? !/^\s+\.*[\w.\s]*\bimport\s/.test(rest) : !/^\s+def\s/.test(rest)) return false;
    }
    this.warnings.push({
      offset: openers[openers.length - 1],
      message: `'${t[openers[openers.length - 1]]}' was never closed`,
    });
    return true;
  }

  /** Scans a string literal whose prefix starts at s and quote at q; returns the offset after it. */
  string(s: number, q: number): number {
    const t = this.text;
    // Raw or not, a backslash keeps the next character from ending the literal.
    let f = false;
    for (let k = s; k < q; k++) {
      const c = t.charCodeAt(k) | 32;
      if (c === 102 || c === 116) f = true;
    }
    const quote = t.charCodeAt(q);
    const triple = at(t, q + 1) === quote && at(t, q + 2) === quote;
    let i = q + (triple ? 3 : 1);
    const n = this.n;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 92) {
        // An escaped CRLF is one line break (a backslash-continued string in a CRLF file).
        i += at(t, i + 1) === 13 && at(t, i + 2) === 10 ? 3 : 2;
        continue;
      }
      if (c === quote) {
        if (!triple) return i + 1;
        if (at(t, i + 1) === quote && at(t, i + 2) === quote) return i + 3;
        i++;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) {
        this.warnings.push({ offset: s, message: "unterminated string literal" });
        return i;
      }
      if (f && c === 123) {
        if (at(t, i + 1) === 123) {
          i += 2;
          continue;
        }
        i = this.replacementField(i + 1);
        continue;
      }
      i++;
    }
    this.warnings.push({
      offset: s,
      message: triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
    });
    return n;
  }

  /** An f-string `{expr!r:spec}` field starting after `{`; returns the offset after its `}`. */
  private replacementField(i: number): number {
    const t = this.text;
    const n = this.n;
    let depth = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34 || c === 39) {
        let p = i;
        while (p > 0 && isPrefixChar(t.charCodeAt(p - 1)) && i - p < 3) p--;
        if (p > 0 && isIdChar(t.charCodeAt(p - 1))) p = i;
        i = this.string(p, i);
        continue;
      }
      if (c === 35) {
        // PEP 701: a comment inside a multi-line replacement field runs to the end of the line.
        while (i < n && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93) depth--;
      else if (c === 125) {
        if (depth === 0) return i + 1;
        depth--;
      } else if (c === 58 && depth === 0 && at(t, i + 1) !== 61) {
        return this.formatSpec(i + 1);
      }
      i++;
    }
    return n;
  }

  /** The format spec after ':' in a replacement field: literal text with nested fields. */
  private formatSpec(i: number): number {
    const t = this.text;
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (c === 123) {
        i = this.replacementField(i + 1);
        continue;
      }
      if (c === 125) return i + 1;
      i++;
    }
    return this.n;
  }
}

/** Tokenizes a file. The result shares buffers with the next `tokenize` call unless `own` is set. */
export function tokenize(text: string, own = false): TokenStream {
  if (!trained) train();
  return new Tokenizer(text, !own).run();
}

/**
 * Every branch of the tokenizer, so the interpreter has seen each one before the optimizing
 * compiler first compiles it: a branch it never saw is compiled as a deoptimization, and on a
 * cold `check` the first files would then throw the tokenizer's optimized code away several times
 * (each recompile of its main loop takes 100-250 ms of a core). Not a test of the tokenizer.
 */
const TRAINING = [
  "\ufeff# c\nimport a.b as c\nfrom . import (d, e)\n",
  "class K(B, metaclass=M):\n\tx: int = 0x1F + 1e-5 + .5j + 1_0\n  \f  y = r'\\'' + b\"\\\\\" + '''t\n'''\n",
  'def f(*a, **k) -> None:\n    return f"{a!r:>{k}} {{}} {a[\'x\']:{\'y\'}} {a # c\n}" + rb"" + t"{a=}"\n',
  "x = [1,\n  2] ; y = {a: b} @ c // d ** e >>= f <<= g != h -> ... :=\n\\\n  z = 1 \\\n + 2 \\ \n",
  's = \'open\nt = """open\r\nq = (1]\n)\nw = f(\nasync def g(): pass\nv = [\nfrom x import y\nclass C: pass\n',
  "a = 1\r\nb = 'x\\\r\n' # c\r\n\tif a:\r\n\t\tb\r\n@d\r\nu = (\r\ndef h(): pass\r\nz = 1 +",
  "",
  "h = [\n",
  // Replacement fields with brackets, prefixed strings and specs, often enough to be recorded;
  // then more tokens and lines than an own stream's first buffers hold.
  "g = f'{(a)} {[b][0]} {x:{y}} {r\"q\"} {f(a)[0]:>3} {d[\"k\"]!s} { {1: 2}[1]}' + '''a 'b' c'''\n".repeat(8),
  "a = b\n".repeat(70),
];
/** Trained on the first call, not at import: a process that imports the tokenizer and never tokenizes pays nothing. */
let trained = false;

function train(): void {
  trained = true;
  for (let round = 0; round < 16; round++) for (const text of TRAINING) tokenize(text, round % 2 === 0);
}

/** Source text with blanks and backslash continuations removed: `pkg . models.\\\n  Base` → `pkg.models.Base`. */
export function squash(source: string): string {
  return source.replace(/\\\r?\n|\s+/g, "");
}

/** The Python value of a plain string literal token (prefix and quotes removed, simple escapes decoded). */
export function stringValue(literal: string): string | null {
  let p = 0;
  while (p < literal.length && literal[p] !== '"' && literal[p] !== "'") p++;
  const prefix = literal.slice(0, p).toLowerCase();
  if (prefix.includes("f") || prefix.includes("t") || prefix.includes("b")) return null;
  const q = literal[p];
  const triple = literal.startsWith(q + q + q, p);
  const body = literal.slice(p + (triple ? 3 : 1), literal.length - (triple ? 3 : 1));
  if (prefix.includes("r") || !body.includes("\\")) return body;
  return body.replace(/\\(\r\n|\n|.)/g, (_, ch: string) =>
    ch === "n"
      ? "\n"
      : ch === "t"
        ? "\t"
        : ch === "\n" || ch === "\r\n"
          ? ""
          : ch === "\\" || ch === "'" || ch === '"'
            ? ch
            : "\\" + ch,
  );
}
