/**
 * Which HTTP route or CLI command reaches a function: a call graph by name over every file of the
 * project, read lexically (strings and comments blanked, functions segmented by indentation)
 * because it must cover thousands of files in well under a second. Calls are matched by the
 * called name (`db.get_user(...)` calls every function named `get_user`): an over-approximation,
 * said so in the docs, which for "who can reach this query" errs on the side of listing a route.
 */
export interface FunctionNode {
  path: string;
  /** `Class.method` or `function` (nested functions by their own name). */
  qualname: string;
  name: string;
  line: number;
  /** Routes (`GET /api/x`) and commands (`command sync`) that decorate this function. */
  entries: string[];
  calls: Set<string>;
}

const STRING_OR_COMMENT =
  /[rRbBuUfF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|#[^\n]*/g;
const DEF = /^([ \t]*)(?:async[ \t]+)?(def|class)[ \t]+([A-Za-z_]\w*)/;
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;
const NOT_CALLS = new Set([
  "if",
  "elif",
  "while",
  "for",
  "return",
  "and",
  "or",
  "not",
  "in",
  "is",
  "def",
  "class",
  "lambda",
  "with",
  "assert",
  "yield",
  "await",
  "print",
  "except",
  "del",
  "raise",
  "import",
  "from",
]);
const ROUTE =
  /^\s*@[\w.]*?\b(\w+)\.(route|get|post|put|patch|delete|head|options|websocket|api_route)\s*\(\s*(?:rule\s*=\s*|path\s*=\s*)?[rbuf]?(['"])(.*?)\3(.*)$/;
const COMMAND = /^\s*@[\w.]*?\b(command|group)\s*\(\s*(?:(?:name\s*=\s*)?['"]([^'"]*)['"])?/;

/** Blanks strings and comments character by character, keeping line breaks and offsets. */
function blank(text: string): string {
  return text.replace(STRING_OR_COMMENT, (m) => (m.includes("\n") ? m.replace(/[^\n]/g, " ") : " ".repeat(m.length)));
}

export function functionsOf(path: string, text: string): FunctionNode[] {
  const raw = text.split(/\r?\n/);
  const lines = blank(text).split(/\r?\n/);
  const out: FunctionNode[] = [];
  const stack: { indent: number; name: string; fn?: FunctionNode }[] = [];
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    // The first character after the indent (\s and trimStart() strip the same characters).
    const first = line[indent];
    const closes = first === ")" || first === "]" || first === "}";
    while (stack.length && indent <= stack[stack.length - 1].indent && !closes) stack.pop();
    if (first === "@") {
      const entry = entryOf(raw[i]);
      if (entry) pending.push(entry);
      continue;
    }
    const d = first === "d" || first === "c" || first === "a" ? DEF.exec(line) : null;
    if (d) {
      const owner = stack.length ? stack[stack.length - 1] : undefined;
      if (d[2] === "class") stack.push({ indent: d[1].length, name: d[3] });
      else {
        const qual = owner && !owner.fn ? `${owner.name}.${d[3]}` : d[3];
        const fn: FunctionNode = { path, qualname: qual, name: d[3], line: i + 1, entries: pending, calls: new Set() };
        out.push(fn);
        stack.push({ indent: d[1].length, name: d[3], fn });
      }
      pending = [];
      continue;
    }
    pending = [];
    if (!line.includes("(")) continue;
    let fn: FunctionNode | undefined;
    for (let k = stack.length - 1; k >= 0 && !fn; k--) fn = stack[k].fn;
    if (!fn) continue;
    for (const m of line.matchAll(CALL)) if (!NOT_CALLS.has(m[1])) fn.calls.add(m[1]);
  }
  return out;
}

function entryOf(line: string): string | undefined {
  const r = ROUTE.exec(line);
  if (r) {
    const verb = r[2] === "route" || r[2] === "api_route" ? methodsOf(r[5]) : r[2].toUpperCase();
    return `${verb} ${r[4]}`;
  }
  const c = COMMAND.exec(line);
  if (c) return `command ${c[2] ?? ""}`.trim();
  return undefined;
}

function methodsOf(rest: string): string {
  const m = /methods\s*=\s*[[(]([^\])]*)/.exec(rest);
  if (!m) return "GET";
  return m[1]
    .split(",")
    .map((s) =>
      s
        .trim()
        .replace(/^['"]|['"]$/g, "")
        .toUpperCase(),
    )
    .filter(Boolean)
    .join("|");
}

/**
 * The names written before a `(` (what `/([A-Za-z_]\w*)[ \t]*\(/g` matches, in the same order),
 * found from each `(` backwards: the regular expression tried a match at every character of the
 * project's text and took a third of the call graph's time.
 */
export function* calledNames(text: string): Generator<string> {
  for (let p = text.indexOf("("); p >= 0; p = text.indexOf("(", p + 1)) {
    let j = p - 1;
    for (let c = text.charCodeAt(j); c === 32 || c === 9; c = text.charCodeAt(--j));
    const end = j + 1;
    while (j >= 0 && isWordCode(text.charCodeAt(j))) j--;
    let start = j + 1;
    // A name starts at a letter or underscore: the digits before it are not part of it.
    while (start < end && text.charCodeAt(start) <= 57) start++;
    if (start < end) yield text.slice(start, end);
  }
}

/** `\w` without the `u` flag: ASCII letters, digits and the underscore. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * The call graph, built on demand: one pass over every file finds which files call which names,
 * and only the files that call a name someone asks about are segmented into functions. An
 * inventory asks about the few hundred functions around SQL sites, not the whole project.
 */
export class CallGraph {
  private fns = new Map<number, FunctionNode[]>();
  private callerCache = new Map<string, FunctionNode[]>();
  private calling?: Map<string, number[]>;
  constructor(private readonly files: readonly { path: string; text: string }[]) {}

  /** The functions of one file (by path), segmented on first use. */
  functionsIn(path: string): FunctionNode[] {
    const i = this.files.findIndex((f) => f.path === path);
    return i < 0 ? [] : this.segment(i);
  }

  /** How many files call the name (no file is segmented to answer). */
  filesCalling(name: string): number {
    return this.index().get(name)?.length ?? 0;
  }

  callers(name: string): FunctionNode[] {
    let list = this.callerCache.get(name);
    if (!list) {
      list = (this.index().get(name) ?? []).flatMap((i) => this.segment(i).filter((f) => f.calls.has(name)));
      this.callerCache.set(name, list);
    }
    return list;
  }

  private segment(i: number): FunctionNode[] {
    let list = this.fns.get(i);
    if (!list) {
      list = functionsOf(this.files[i].path, this.files[i].text);
      this.fns.set(i, list);
    }
    return list;
  }

  private index(): Map<string, number[]> {
    if (this.calling) return this.calling;
    const calling = new Map<string, number[]>();
    this.files.forEach((f, i) => {
      for (const name of calledNames(f.text)) {
        const list = calling.get(name);
        if (!list) calling.set(name, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    this.calling = calling;
    return calling;
  }
}

const CROWDED = 50;

/** Routes and commands that reach the function named `name` (itself included), nearest first. */
export function entriesReaching(
  graph: CallGraph,
  start: FunctionNode | undefined,
  name: string,
  maxDepth = 8,
): string[] {
  const found: string[] = [];
  const seenFns = new Set<FunctionNode>();
  const seenNames = new Set<string>([name]);
  let frontier: FunctionNode[] = start ? [start] : [];
  let names = [name];
  for (let depth = 0; depth <= maxDepth; depth++) {
    const nextNames: string[] = [];
    for (const fn of frontier) {
      if (seenFns.has(fn)) continue;
      seenFns.add(fn);
      for (const e of fn.entries) if (!found.includes(e)) found.push(e);
      if (!seenNames.has(fn.name)) {
        seenNames.add(fn.name);
        nextNames.push(fn.name);
      }
    }
    // Each name is expanded once: a popular name (get, run) is not walked again at every depth.
    frontier = [];
    for (const n of [...names, ...nextNames]) {
      // A name called from many files (get, run, close) joins unrelated code by name only.
      if (n !== name && graph.filesCalling(n) > CROWDED) continue;
      for (const f of graph.callers(n)) if (!seenFns.has(f)) frontier.push(f);
    }
    names = [];
    if (!frontier.length) break;
  }
  return found;
}
