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

export interface CallGraph {
  functions: FunctionNode[];
  /** Functions that call a name. */
  callers: Map<string, FunctionNode[]>;
}

const STRING_OR_COMMENT = /[rRbBuUfF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|#[^\n]*/g;
const DEF = /^([ \t]*)(?:async[ \t]+)?(def|class)[ \t]+([A-Za-z_]\w*)/;
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;
const NOT_CALLS = new Set(["if", "elif", "while", "for", "return", "and", "or", "not", "in", "is", "def", "class", "lambda", "with", "assert", "yield", "await", "print", "except", "del", "raise", "import", "from"]);
const ROUTE = /^\s*@[\w.]*?\b(\w+)\.(route|get|post|put|patch|delete|head|options|websocket|api_route)\s*\(\s*(?:rule\s*=\s*|path\s*=\s*)?[rbuf]?(['"])(.*?)\3(.*)$/;
const COMMAND = /^\s*@[\w.]*?\b(command|group)\s*\(\s*(?:(?:name\s*=\s*)?['"]([^'"]*)['"])?/;

/** Blanks strings and comments character by character, keeping line breaks and offsets. */
function blank(text: string): string {
  return text.replace(STRING_OR_COMMENT, (m) => m.replace(/[^\n]/g, " "));
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
    while (stack.length && indent <= stack[stack.length - 1].indent && !/^\s*[)\]}]/.test(line)) stack.pop();
    const deco = /^\s*@/.test(line);
    if (deco) {
      const entry = entryOf(raw[i]);
      if (entry) pending.push(entry);
      continue;
    }
    const d = DEF.exec(line);
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
    const fn = [...stack].reverse().find((s) => s.fn)?.fn;
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
  return m[1].split(",").map((s) => s.trim().replace(/^['"]|['"]$/g, "").toUpperCase()).filter(Boolean).join("|");
}

export function buildCallGraph(files: { path: string; text: string }[]): CallGraph {
  const functions = files.flatMap((f) => functionsOf(f.path, f.text));
  const callers = new Map<string, FunctionNode[]>();
  for (const fn of functions) for (const c of fn.calls) {
    const list = callers.get(c);
    if (list) list.push(fn);
    else callers.set(c, [fn]);
  }
  return { functions, callers };
}

/** Routes and commands that reach the function named `name` (itself included), nearest first. */
export function entriesReaching(graph: CallGraph, start: FunctionNode | undefined, name: string, maxDepth = 8): string[] {
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
      if (!seenNames.has(fn.name)) { seenNames.add(fn.name); nextNames.push(fn.name); }
    }
    // Each name is expanded once: a popular name (get, run) is not walked again at every depth.
    const expand = [...names, ...nextNames];
    frontier = [];
    for (const n of expand) for (const f of graph.callers.get(n) ?? []) if (!seenFns.has(f)) frontier.push(f);
    names = [];
    if (!frontier.length) break;
  }
  return found;
}
