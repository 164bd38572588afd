/**
 * The fact scanner: one pass of the tokenizer, then one pass over logical lines that tracks the
 * block structure (def/class/if TYPE_CHECKING/try/other conditionals) by indentation, and one
 * pass over tokens for calls and attribute chains. Produces ModuleFacts.
 */
import { LineMap } from "../core/text.js";
import type {
  AllFact,
  AttributeRef,
  Binding,
  BindingKind,
  ClassFact,
  ImportContext,
  ImportFact,
  ModuleFacts,
  StringRef,
} from "./facts.js";
import { Tok, squash, tokenize, type TokenStream } from "./tokenizer.js";
import { parseImport } from "./scan-imports.js";
import { readAll, type AllUpdate } from "./scan-all.js";
import { scanCalls, shapeOf } from "./scan-calls.js";
import { mentionsTortoise, scanTortoiseModules } from "./scan-tortoise.js";
import { LayoutChecker } from "./scan-layout.js";

type BlockKind = "def" | "class" | "tc" | "cond" | "try" | "match";
interface Block {
  indent: number;
  kind: BlockKind;
  /** For try blocks: imports inside the body, marked optional if a handler catches ImportError. */
  imports?: number[];
}

const COMPOUND = new Set([
  "if",
  "elif",
  "else",
  "try",
  "except",
  "finally",
  "for",
  "while",
  "with",
  "def",
  "class",
  "async",
  "match",
  "case",
]);
/** Keywords that always start a compound statement (unlike the soft keywords match/case). */
const HARD_COMPOUND = new Set([
  "if",
  "elif",
  "else",
  "try",
  "except",
  "finally",
  "for",
  "while",
  "with",
  "def",
  "class",
  "async",
]);
/** COMPOUND by a token's length and first character: a line's first word is matched without cutting it out. */
const COMPOUND_BY_SHAPE = new Map<number, string[]>();
for (const w of COMPOUND) {
  const shape = shapeOf(w, 0, w.length);
  COMPOUND_BY_SHAPE.set(shape, [...(COMPOUND_BY_SHAPE.get(shape) ?? []), w]);
}
const NO_CONTEXT: ImportContext = {
  function: false,
  class: false,
  typeChecking: false,
  tryImportError: false,
  conditional: false,
};
const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

/** Helpers over one token stream. */
export class Cursor {
  constructor(readonly ts: TokenStream) {}
  text(i: number): string {
    return this.ts.text.slice(this.ts.start[i], this.ts.end[i]);
  }
  is(i: number, s: string): boolean {
    const ts = this.ts;
    // The token buffers are pooled: past `count` they hold the previous file's tokens.
    if (i < 0 || i >= ts.count) return false;
    const len = ts.end[i] - ts.start[i];
    return len === s.length && ts.text.startsWith(s, ts.start[i]);
  }
  isOp(i: number, s: string): boolean {
    const ts = this.ts;
    if (i < 0 || i >= ts.count || ts.kind[i] !== Tok.Op) return false;
    // Most questions are about one-character operators (`.`, `(`, `,`): no substring compare.
    if (s.length === 1) return ts.end[i] - ts.start[i] === 1 && ts.text.charCodeAt(ts.start[i]) === s.charCodeAt(0);
    return this.is(i, s);
  }
  isName(i: number, s?: string): boolean {
    return i >= 0 && i < this.ts.count && this.ts.kind[i] === Tok.Name && (s === undefined || this.is(i, s));
  }
  /** Index of the first token in [a, b) at bracket depth 0 that is the op `s`, or -1. */
  findTop(a: number, b: number, s: string): number {
    const ts = this.ts;
    // Asked of every statement for `;`, `=` or `:`: a one-character op is compared by its code.
    const one = s.length === 1 ? s.charCodeAt(0) : -1;
    let depth = 0;
    for (let i = a; i < b; i++) {
      if (ts.kind[i] !== Tok.Op) continue;
      const at = ts.start[i];
      const c = ts.text.charCodeAt(at);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth--;
      else if (depth === 0 && (one >= 0 ? c === one && ts.end[i] === at + 1 : this.is(i, s))) return i;
    }
    return -1;
  }
  /** Splits [a, b) at depth-0 occurrences of op `s`. */
  splitTop(a: number, b: number, s: string): [number, number][] {
    const parts: [number, number][] = [];
    let from = a;
    for (;;) {
      const k = this.findTop(from, b, s);
      if (k < 0) break;
      parts.push([from, k]);
      from = k + 1;
    }
    parts.push([from, b]);
    return parts;
  }
}

class ModuleScanner {
  private readonly cur: Cursor;
  private readonly stack: Block[] = [];
  private readonly recentTry = new Map<number, Block>();
  readonly imports: ImportFact[] = [];
  readonly bindings: Binding[] = [];
  readonly classes: ClassFact[] = [];
  private readonly allUpdates: AllUpdate[] = [];
  hasGetattr = false;
  /** Names bound somewhere other than by an import (any scope): attribute reads on them are not module reads. */
  readonly rebound = new Set<string>();
  /**
   * Tokens of def parameters, which also rebind their names: kept as indices, since only the few
   * that spell an imported name matter and most files' parameters would otherwise each cost a substring.
   */
  readonly parameterTokens: number[] = [];
  private decoratorStart = -1;
  /** Set by statement(): the line is a header whose block starts on the next line. */
  private opensBlock = false;
  readonly lines: LineMap;

  constructor(private readonly ts: TokenStream) {
    this.cur = new Cursor(ts);
    this.lines = new LineMap(ts.text);
  }

  run(): void {
    const ts = this.ts;
    const layout = new LayoutChecker((offset, message) => this.syntaxWarnings.push({ offset, message }));
    for (let li = 0; li < ts.lineCount; li++) {
      const a = ts.lineTok[li];
      const b = ts.lineTok[li + 1];
      if (a === b) continue;
      const indent = ts.lineIndent[li];
      this.popTo(indent);
      this.opensBlock = false;
      this.statement(a, b, indent);
      if (indent >= 0) layout.line(indent, ts.start[a], this.opensBlock);
    }
    layout.end();
  }

  /** Problems found above the tokens (layout, headers, imports); the tokenizer keeps its own. */
  readonly syntaxWarnings: { offset: number; message: string }[] = [];

  /** The tokenizer already reported a problem on these tokens (an unclosed bracket): one warning is enough. */
  private tokenWarningIn(a: number, b: number): boolean {
    const from = this.ts.start[a];
    const to = this.ts.end[b - 1];
    return this.ts.warnings.some((w) => w.offset >= from && w.offset <= to);
  }

  private warn(tok: number, message: string): void {
    this.syntaxWarnings.push({ offset: this.ts.start[tok], message });
  }

  private popTo(indent: number): void {
    while (this.stack.length && indent <= this.stack[this.stack.length - 1].indent) {
      const top = this.stack.pop()!;
      if (top.kind === "try") this.recentTry.set(top.indent, top);
    }
  }

  private context(): ImportContext {
    const c: ImportContext = {
      function: false,
      class: false,
      typeChecking: false,
      tryImportError: false,
      conditional: false,
    };
    for (const b of this.stack) {
      if (b.kind === "def") c.function = true;
      else if (b.kind === "class") c.class = true;
      else if (b.kind === "tc") c.typeChecking = true;
      else c.conditional = true;
    }
    return c;
  }

  private get atModuleScope(): boolean {
    return this.stack.every((b) => b.kind !== "def" && b.kind !== "class");
  }

  private statement(a: number, b: number, indent: number): void {
    const cur = this.cur;
    if (cur.isOp(a, "@")) {
      if (this.decoratorStart < 0) this.decoratorStart = this.ts.start[a];
      // PEP 614: a decorator is any expression, `@(d := make())` included.
      if (this.atModuleScope) this.walruses(a, b, this.stack.length > 0);
      return;
    }
    const first = this.compoundKeyword(a);
    if (first !== "") {
      const colon = this.headerColon(a, b, first);
      if (colon >= 0) {
        this.opensBlock = colon === b - 1;
        if (this.atModuleScope) this.walruses(a, colon, this.stack.length > 0 || first === "elif");
        this.header(a, colon, indent, first);
        if (colon + 1 < b) this.simpleStatements(colon + 1, b);
        this.decoratorStart = -1;
        return;
      }
      if (HARD_COMPOUND.has(first) && !(first === "async" && !cur.isName(a + 1)) && !this.tokenWarningIn(a, b))
        this.warn(b - 1, "expected ':'");
    }
    this.decoratorStart = -1;
    this.simpleStatements(a, b);
  }

  /** The COMPOUND keyword token i is, or "": no substring is cut out for a line's first word. */
  private compoundKeyword(i: number): string {
    const ts = this.ts;
    if (ts.kind[i] !== Tok.Name) return "";
    const at = ts.start[i];
    const words = COMPOUND_BY_SHAPE.get(shapeOf(ts.text, at, ts.end[i]));
    if (words === undefined) return "";
    for (const w of words) if (ts.text.startsWith(w, at)) return w;
    return "";
  }

  /**
   * The colon ending a compound statement's header, or -1. `match` and `case` are soft keywords:
   * `case` heads a clause only directly inside a match block, and a match header ends with its
   * colon and does not start like an assignment or attribute (`match = lambda: 1`, `match.x: int`).
   */
  private headerColon(a: number, b: number, first: string): number {
    if (first === "case" && this.stack[this.stack.length - 1]?.kind !== "match") return -1;
    const colon = this.cur.findTop(a, b, ":");
    if (colon < 0) return -1;
    if (first === "match" && (colon !== b - 1 || this.notMatchSubject(a + 1))) return -1;
    return colon;
  }

  /** The token after `match` cannot start a subject: `=`, `.`, `:`, `,`, a closer, or an augmented assignment. */
  private notMatchSubject(i: number): boolean {
    if (this.ts.kind[i] !== Tok.Op) return false;
    const t = this.ts.text;
    const s = this.ts.start[i];
    const c = t.charCodeAt(s);
    return (
      c === 46 ||
      c === 58 ||
      c === 44 ||
      c === 41 ||
      c === 93 ||
      c === 125 ||
      (c === 61 && this.ts.end[i] === s + 1) ||
      (this.ts.end[i] - s >= 2 &&
        t.charCodeAt(this.ts.end[i] - 1) === 61 &&
        c !== 61 &&
        c !== 33 &&
        c !== 60 &&
        c !== 62)
    );
  }

  private header(a: number, colon: number, indent: number, first: string): void {
    const cur = this.cur;
    let kw = first;
    let k = a;
    if (kw === "async") {
      k = a + 1;
      kw = cur.text(k);
    }
    let kind: BlockKind = "cond";
    if (kw === "def") {
      kind = "def";
      this.parameters(k + 2, colon);
      if (this.atModuleScope) {
        const name = cur.text(k + 1);
        this.bind(name, "def", k + 1, this.decoratorStart >= 0 ? this.decoratorStart : this.ts.start[a]);
        if (name === "__getattr__" && this.stack.length === 0) this.hasGetattr = true;
      }
    } else if (kw === "class") {
      kind = "class";
      if (this.atModuleScope) this.classHeader(a, k, colon);
    } else if (kw === "if" && this.isTypeChecking(k + 1, colon)) {
      kind = "tc";
    } else if (kw === "try") {
      this.stack.push({ indent, kind: "try", imports: [] });
      return;
    } else if (kw === "except") {
      const t = this.recentTry.get(indent);
      const clause = this.ts.text.slice(this.ts.start[a], this.ts.start[colon]);
      if (t && (colon === k + 1 || IMPORT_ERRORS.test(clause))) {
        for (const i of t.imports!) this.imports[i].context.tryImportError = true;
      }
    } else if (kw === "match") {
      kind = "match";
    } else if ((kw === "for" || kw === "with") && this.atModuleScope) {
      // Pushed first: the targets are bound under the for/with, like its body.
      this.stack.push({ indent, kind });
      this.loopTargets(kw, k + 1, colon);
      return;
    }
    this.stack.push({ indent, kind });
  }

  /** Parameter names of a def header: they shadow imported names inside the body. */
  private parameters(open: number, colon: number): void {
    const cur = this.cur;
    let depth = 0;
    for (let i = open; i < colon; i++) {
      if (cur.ts.kind[i] === Tok.Op) {
        const c = cur.ts.text.charCodeAt(cur.ts.start[i]);
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (c === 41 || c === 93 || c === 125) depth--;
        continue;
      }
      if (depth !== 1 || !cur.isName(i)) continue;
      const prev = i - 1;
      if (cur.isOp(prev, "(") || cur.isOp(prev, ",") || cur.isOp(prev, "*") || cur.isOp(prev, "**"))
        this.parameterTokens.push(i);
    }
  }

  private isTypeChecking(a: number, b: number): boolean {
    const cur = this.cur;
    if (b - a === 1) return cur.is(a, "TYPE_CHECKING");
    return b - a === 3 && cur.isOp(a + 1, ".") && cur.is(a + 2, "TYPE_CHECKING");
  }

  private classHeader(a: number, k: number, colon: number): void {
    const cur = this.cur;
    const nameTok = k + 1;
    const name = cur.text(nameTok);
    const start = this.decoratorStart >= 0 ? this.decoratorStart : this.ts.start[a];
    this.bind(name, "class", nameTok, start);
    const bases: string[] = [];
    const keywords: Record<string, string> = {};
    let p = nameTok + 1;
    if (cur.isOp(p, "[")) p = this.skipBracket(p);
    if (cur.isOp(p, "(")) {
      const close = this.skipBracket(p) - 1;
      for (const [s, e] of cur.splitTop(p + 1, close, ",")) {
        if (s >= e) continue;
        const eq = cur.findTop(s, e, "=");
        const src = squash(this.ts.text.slice(this.ts.start[s], this.ts.end[e - 1]));
        if (eq === s + 1 && cur.isName(s)) keywords[cur.text(s)] = src.slice(src.indexOf("=") + 1);
        else bases.push(src);
      }
    }
    const pos = this.lines.position(this.ts.start[nameTok]);
    this.classes.push({ name, bases, keywords, ...pos, start, end: this.ts.end[colon] });
  }

  /** Index after the bracket group opening at i. */
  private skipBracket(i: number): number {
    let depth = 0;
    const ts = this.ts;
    for (let j = i; j < ts.count; j++) {
      if (ts.kind[j] !== Tok.Op) continue;
      const c = ts.text.charCodeAt(ts.start[j]);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) if (--depth === 0) return j + 1;
    }
    return ts.count;
  }

  private loopTargets(kw: string, a: number, colon: number): void {
    const cur = this.cur;
    if (kw === "for") {
      const inTok = this.findName(a, colon, "in");
      if (inTok > a) this.targetList(a, inTok, "for");
      return;
    }
    // `with (a as b, c as d):` (3.10): the items are inside one bracket group.
    if (cur.isOp(a, "(") && this.skipBracket(a) === colon) {
      a++;
      colon--;
    }
    for (const [s, e] of cur.splitTop(a, colon, ",")) {
      const as = this.findName(s, e, "as");
      if (as >= 0) this.targetList(as + 1, e, "with");
    }
  }

  private findName(a: number, b: number, name: string): number {
    let depth = 0;
    for (let i = a; i < b; i++) {
      if (this.ts.kind[i] === Tok.Op) {
        const c = this.ts.text.charCodeAt(this.ts.start[i]);
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (c === 41 || c === 93 || c === 125) depth--;
      } else if (depth === 0 && this.cur.isName(i, name)) return i;
    }
    return -1;
  }

  /** The parts of `a; b` in turn, found without building a list of them (every line comes here). */
  private simpleStatements(a: number, b: number): void {
    let from = a;
    for (let k = this.cur.findTop(a, b, ";"); k >= 0; k = this.cur.findTop(from, b, ";")) {
      if (from < k) this.simple(from, k);
      from = k + 1;
    }
    if (from < b) this.simple(from, b);
  }

  private simple(a: number, b: number): void {
    const cur = this.cur;
    if (
      cur.isName(a, "import") ||
      cur.isName(a, "from") ||
      (a + 1 < b && cur.isName(a, "lazy") && (cur.isName(a + 1, "import") || cur.isName(a + 1, "from")))
    ) {
      const imp = parseImport(cur, a, b, this.context(), this.lines, false);
      if (!imp) {
        if (!this.tokenWarningIn(a, b)) this.warn(a, "invalid import statement");
        return;
      }
      const index = this.imports.length;
      this.imports.push(imp);
      for (const blk of this.stack) if (blk.kind === "try") blk.imports!.push(index);
      if (this.atModuleScope) this.importBindings(imp, index);
      return;
    }
    if (!this.atModuleScope) return;
    if (cur.isName(a, "__all__")) {
      const u = readAll(cur, a, b, this.lines);
      if (u) this.allUpdates.push(u);
    }
    if (cur.isName(a, "type") && cur.isName(a + 1) && (cur.isOp(a + 2, "=") || cur.isOp(a + 2, "["))) {
      this.bind(cur.text(a + 1), "type", a + 1, this.ts.start[a]);
      return;
    }
    this.assignment(a, b);
    this.walruses(a, b, this.stack.length > 0);
  }

  private assignment(a: number, b: number): void {
    const cur = this.cur;
    // `f = lambda x=1: x`: the `=` of a lambda's defaults assign nothing.
    const lambda = this.findName(a, b, "lambda");
    const end = lambda < 0 ? b : lambda;
    let eq = cur.findTop(a, end, "=");
    if (eq < 0) {
      // `name: T` declares a module attribute for type checkers (assigned later via `global`).
      if (cur.isName(a) && cur.isOp(a + 1, ":")) this.bind(cur.text(a), "annassign", a, this.ts.start[a]);
      return;
    }
    const start = this.ts.start[a];
    // Every part before an `=` is a target (`a = b = value`); walked in place, not split into a list.
    for (let s = a; eq >= 0; s = eq + 1, eq = cur.findTop(s, end, "=")) {
      const colon = s === a ? cur.findTop(s, eq, ":") : -1;
      if (colon > s) {
        if (colon === s + 1 && cur.isName(s)) this.bind(cur.text(s), "annassign", s, start);
        continue;
      }
      this.targetList(s, eq, "assign", start);
    }
  }

  /**
   * Binds the plain names of a target list: `a`, `a, b`, `(a, [b, *c])`; ignores `x.y`, `x[0]`
   * and every name read inside a call or subscript (`d[f(k)] = v` binds nothing).
   */
  private targetList(a: number, b: number, kind: BindingKind, start = this.ts.start[a]): void {
    const cur = this.cur;
    const ts = this.ts;
    let depth = 0;
    // Depth at which a call/subscript bracket opened, -1 outside one.
    let trailerAt = -1;
    for (let i = a; i < b; i++) {
      if (ts.kind[i] === Tok.Op) {
        const c = ts.text.charCodeAt(ts.start[i]);
        if (c === 40 || c === 91 || c === 123) {
          if (trailerAt < 0 && (c === 123 || this.isTrailer(a, i))) trailerAt = depth;
          depth++;
        } else if ((c === 41 || c === 93 || c === 125) && --depth === trailerAt) trailerAt = -1;
        continue;
      }
      if (trailerAt >= 0 || ts.kind[i] !== Tok.Name) continue;
      const prev = i > a ? i - 1 : -1;
      const next = i + 1 < b ? i + 1 : -1;
      if (prev >= 0 && (cur.isOp(prev, ".") || ts.kind[prev] === Tok.Name)) continue;
      if (next >= 0 && (cur.isOp(next, ".") || cur.isOp(next, "[") || cur.isOp(next, "("))) continue;
      this.bind(cur.text(i), kind, i, start);
    }
  }

  /** A bracket right after a name, literal or closing bracket is a call or subscript, not a target group. */
  private isTrailer(a: number, open: number): boolean {
    if (open === a) return false;
    const k = this.ts.kind[open - 1];
    return k !== Tok.Op || this.cur.isOp(open - 1, ")") || this.cur.isOp(open - 1, "]") || this.cur.isOp(open - 1, "}");
  }

  /** `name := value` in a module-level statement binds `name` in the module, unless inside a lambda. */
  private walruses(a: number, b: number, conditional: boolean): void {
    const ts = this.ts;
    let depth = 0;
    let lambdaAt = -1;
    for (let i = a; i < b; i++) {
      const k = ts.kind[i];
      if (k === Tok.Name) {
        if (lambdaAt < 0 && this.cur.is(i, "lambda")) lambdaAt = depth;
        continue;
      }
      if (k !== Tok.Op) continue;
      const s = ts.start[i];
      const c = ts.text.charCodeAt(s);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (--depth < lambdaAt) lambdaAt = -1;
      } else if (
        c === 58 &&
        lambdaAt < 0 &&
        ts.end[i] === s + 2 &&
        ts.text.charCodeAt(s + 1) === 61 &&
        i > a &&
        ts.kind[i - 1] === Tok.Name
      ) {
        this.bind(this.cur.text(i - 1), "other", i - 1, ts.start[i - 1], conditional);
      }
    }
  }

  private importBindings(imp: ImportFact, index: number): void {
    const typeOnly = imp.context.typeChecking;
    for (const n of imp.names) {
      const name = n.alias ?? (imp.kind === "import" ? n.name.split(".")[0] : n.name);
      // Literals, not spreads, every key in one order (absent ones undefined, which JSON drops):
      // one object shape for every binding, so the code reading them is compiled once.
      const b: Binding = {
        name,
        kind: "import",
        line: n.line,
        column: n.column,
        start: imp.start,
        end: imp.end,
        conditional: this.stack.length > 0,
        importIndex: index,
        typeOnly: typeOnly ? true : undefined,
      };
      this.bindings.push(b);
    }
  }

  private bind(name: string, kind: BindingKind, tok: number, start: number, conditional = this.stack.length > 0): void {
    const at = this.ts.start[tok];
    const line = this.lines.line(at);
    const b: Binding = {
      name,
      kind,
      line,
      column: this.lines.column(at, line),
      start,
      end: this.ts.end[tok],
      conditional,
      importIndex: undefined,
      typeOnly: this.stack.some((s) => s.kind === "tc") ? true : undefined,
    };
    this.bindings.push(b);
  }

  all(): AllFact | null {
    if (this.allUpdates.length === 0) return null;
    const first = this.allUpdates[0];
    const fact: AllFact = {
      names: [],
      spreads: [],
      dynamic: false,
      line: first.line,
      column: first.column,
      entries: [],
    };
    for (const u of this.allUpdates) {
      if (u.op === "assign") {
        fact.names = [];
        fact.spreads = [];
        fact.entries = [];
        fact.dynamic = false;
      }
      fact.dynamic ||= u.dynamic;
      for (const e of u.entries) {
        if (u.op === "remove") {
          fact.names = fact.names.filter((x) => x !== e.name);
          fact.entries = fact.entries.filter((x) => x.name !== e.name);
        } else {
          fact.names.push(e.name);
          fact.entries.push(e);
        }
      }
      fact.spreads.push(...u.spreads);
    }
    return fact;
  }

  commentedImports(): ImportFact[] {
    const out: ImportFact[] = [];
    const c = this.ts.comments;
    const text = this.ts.text;
    for (let k = 0; k < c.length; k += 2) {
      const body = text.slice(c[k] + 1, c[k + 1]);
      const m = /^\s*(?=(?:lazy\s+)?(?:from\s|import\s))/.exec(body);
      if (!m) continue;
      const offset = c[k] + 1 + m[0].length;
      const sub = tokenize(text.slice(offset, c[k + 1]), true);
      if (sub.count === 0 || sub.warnings.length) continue;
      const imp = parseImport(new Cursor(sub), 0, sub.count, NO_CONTEXT, null, true);
      if (!imp) continue;
      out.push(shiftImport(imp, offset, this.lines));
    }
    return out;
  }
}

function shiftImport(imp: ImportFact, offset: number, lines: LineMap): ImportFact {
  const pos = lines.position(imp.start + offset);
  return {
    ...imp,
    start: imp.start + offset,
    end: imp.end + offset,
    moduleStart: imp.moduleStart + offset,
    moduleEnd: imp.moduleEnd + offset,
    names: imp.names.map((n) => ({
      ...n,
      start: n.start + offset,
      end: n.end + offset,
      ...lines.position(n.start + offset),
    })),
    line: pos.line,
    column: pos.column,
  };
}

/** Scans one Python file's text into ModuleFacts. Never throws on bad syntax. */
export function scanModule(text: string): ModuleFacts {
  const ts = tokenize(text);
  const m = new ModuleScanner(ts);
  m.run();
  const imports = [...m.imports, ...m.commentedImports()];
  const lines = m.lines;
  const importBound = new Set<string>();
  for (const imp of m.imports)
    for (const n of imp.names) importBound.add(n.alias ?? (imp.kind === "import" ? n.name.split(".")[0] : n.name));
  for (const b of m.bindings) if (b.kind !== "import") m.rebound.add(b.name);
  const calls = scanCalls(
    new Cursor(ts),
    lines,
    importBound,
    importsFramework(m.imports),
    m.imports,
    m.rebound,
    m.parameterTokens,
  );
  if (mentionsTortoise(text)) {
    calls.stringRefs.push(...scanTortoiseModules(new Cursor(ts), lines));
    calls.stringRefs.sort((x, y) => x.start - y.start);
  }
  return {
    imports,
    bindings: m.bindings,
    classes: m.classes,
    all: m.all(),
    hasGetattr: m.hasGetattr,
    stringRefs: calls.stringRefs as StringRef[],
    attributeRefs: calls.attributeRefs as AttributeRef[],
    warnings: syntaxWarnings(ts, m),
  };
}

/** The tokenizer's and the scanner's warnings, in file order, with their positions. */
function syntaxWarnings(ts: TokenStream, m: ModuleScanner): ModuleFacts["warnings"] {
  return [...ts.warnings, ...m.syntaxWarnings]
    .sort((x, y) => x.offset - y.offset)
    .map((w) => ({ ...m.lines.position(w.offset), message: w.message }));
}

/**
 * What name resolution reads of a file (imports, bindings, `__all__`, `__getattr__`), without the
 * string and attribute references the full scan also collects: a reader that only resolves names
 * (the ORM extractor) scans at a fraction of the cost. Never throws on bad syntax.
 */
export function scanNames(text: string): ModuleFacts {
  const ts = tokenize(text);
  const m = new ModuleScanner(ts);
  m.run();
  // The same syntax warnings as the full scan (a reader of models reports them as RM100).
  return {
    imports: m.imports,
    bindings: m.bindings,
    classes: m.classes,
    all: m.all(),
    hasGetattr: m.hasGetattr,
    stringRefs: [],
    attributeRefs: [],
    warnings: syntaxWarnings(ts, m),
  };
}

/** Which ORM a file imports: decides whether a bare `ForeignKey("a.b")` names a column or a model. */
function importsFramework(imports: ImportFact[]): "django" | "tortoise" | "sqlalchemy" | null {
  let found: "django" | "tortoise" | "sqlalchemy" | null = null;
  for (const imp of imports) {
    const mods = imp.kind === "from" ? [imp.module] : imp.names.map((n) => n.name);
    for (const mod of mods) {
      if (mod.startsWith("django")) return "django";
      if (mod.startsWith("tortoise")) return "tortoise";
      if (mod.startsWith("sqlalchemy") || mod.startsWith("sqlmodel") || mod.startsWith("flask_sqlalchemy"))
        found = "sqlalchemy";
    }
  }
  return found;
}
