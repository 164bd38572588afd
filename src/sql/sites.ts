/**
 * Raw SQL call sites of one Python file, found on its tree-sitter tree: DB-API `execute` /
 * `executemany` / `executescript` (sqlite3, psycopg2, psycopg 3, PyMySQL, mysqlclient, Django's
 * cursor), asyncpg's `execute` / `fetch*`, SQLAlchemy `text()` and `exec_driver_sql()`, and
 * Django's `Manager.raw()`.
 */
import type { SyntaxNode, Tree } from "../python/parser.js";
import { kindByKeyword } from "./sql-parse.js";
import { evaluateSql, type Lookup, type SqlText } from "./sql-text.js";

export type Driver =
  | "sqlite3"
  | "psycopg2"
  | "psycopg"
  | "asyncpg"
  | "pymysql"
  | "mysqldb"
  | "sqlalchemy"
  | "django"
  | "dbapi";

export interface RawSite {
  /** Offset of the call. */
  offset: number;
  /** Offset of the SQL argument. */
  argOffset: number;
  /** The method or function called: execute, executemany, text, raw, fetch, ... */
  call: string;
  driver: Driver;
  /** Enclosing function, `Class.method`, or "" at module level. */
  function: string;
  /** Name of the enclosing function alone (for the call graph). */
  functionName: string;
  sql: SqlText;
  /** The SQL argument node and the parameters node (for the converter). */
  argNode: SyntaxNode;
  paramsNode?: SyntaxNode;
  callNode: SyntaxNode;
}

const DBAPI_METHODS = new Set(["execute", "executemany", "executescript"]);
const ASYNCPG_METHODS = new Set(["fetch", "fetchrow", "fetchval", "execute", "executemany"]);

/** The drivers a file imports, by its import statements. */
export function driversOf(text: string): Set<Driver> {
  const out = new Set<Driver>();
  const imports = text.match(/^[ \t]*(?:import|from)[ \t]+[\w.]+/gm) ?? [];
  for (const line of imports) {
    const mod = line.trim().split(/\s+/)[1].split(".")[0];
    if (mod === "sqlite3" || mod === "aiosqlite") out.add("sqlite3");
    else if (mod === "psycopg2") out.add("psycopg2");
    else if (mod === "psycopg" || mod === "psycopg_pool") out.add("psycopg");
    else if (mod === "asyncpg") out.add("asyncpg");
    else if (mod === "pymysql" || mod === "aiomysql") out.add("pymysql");
    else if (mod === "MySQLdb") out.add("mysqldb");
    else if (mod === "sqlalchemy" || mod === "sqlmodel" || mod === "flask_sqlalchemy") out.add("sqlalchemy");
    else if (mod === "django") out.add("django");
  }
  return out;
}

const CANDIDATE =
  /(?:\.(?<method>execute|executemany|executescript|exec_driver_sql|raw|fetch|fetchrow|fetchval)|(?<text>(?:^|[^.\w]|\b(?:sa|sqlalchemy|sql|expression)\.)text))[ \t]*\((?:\s*\()*\s*(?:(?<str>[rbfuRBFU]{0,2}['"])|(?<inner>(?:sa\.|sqlalchemy\.)?text\s*\()|(?<name>[A-Za-z_]\w*)\s*(?<after>[,)%+]|\.format\b|\[)|[A-Za-z_][\w.]*\s*(?:[,)%+]|\.format\b|\[))/g;
const DBAPI_IMPORT =
  /^[ \t]*(?:import|from)[ \t]+(?:sqlite3|aiosqlite|psycopg2?|psycopg_pool|asyncpg|pymysql|aiomysql|MySQLdb|django)\b/m;

/**
 * A cheap test that a file can contain a site at all, so that most files are never parsed: one of
 * the calls with a first argument that can be SQL text: a string, text(...), or a name that is
 * bound to a string, text() or a conditional in the file (any name in files that import a DB-API
 * driver), and for a DB-API method, on a receiver that looks like a connection.
 * Parentheses around the argument are looked through, as `siteOf` looks through them:
 * `execute((sa.update(t).values(...)))` passes a statement object. `conn.execute(query)` with
 * `query = select(...)` in SQLAlchemy code is not raw SQL, and neither is `sa.text("now()")` (a
 * server default, a where() fragment): `siteOf` drops text() of a literal that starts with no
 * statement keyword and has nothing formatted into it.
 */
export function mayHaveSql(text: string): boolean {
  let dbapi: boolean | undefined;
  for (const m of text.matchAll(CANDIDATE)) {
    const g = m.groups!;
    if (g.str) {
      if (!g.text) return true;
      const literal = plainLiteral(text, m.index! + m[0].length - g.str.length);
      if (literal === undefined || kindByKeyword(literal) !== "other") return true;
      continue;
    }
    if (g.inner) return true;
    // A bare name passed to a DB-API method is SQL only on something that looks like a connection.
    if (g.name && /[,)]/.test(g.after) && g.method && !DRIVER_ONLY.has(g.method) && !connectionLike(text, m.index!))
      continue;
    dbapi ??= DBAPI_IMPORT.test(text);
    if (dbapi) return true;
    if (g.name && mayBeText(text, g.name)) return true;
  }
  return false;
}

/** The calls whose first argument `siteOf` takes as SQL on any receiver. */
const DRIVER_ONLY = new Set(["exec_driver_sql", "raw"]);

/**
 * Whether the receiver of the call at `at` (`db_conn` in `self.db_conn.execute(`) passes
 * `siteOf`'s connection test. Only a dotted name right before the dot is read; another receiver
 * (a call, a subscript, one split over lines) is taken as one that may pass.
 */
function connectionLike(text: string, at: number): boolean {
  const before = /[\w.]*$/.exec(text.slice(Math.max(0, at - 200), at))![0];
  return !before || CONNECTION_LIKE.test(before);
}

/**
 * Whether the file binds the name to what may be SQL text: a string, text(), or a conditional
 * (`q = a() if f else b`, which `siteOf` keeps as text built at run time). Any binding in the
 * file is taken for the one `siteOf` reads (the last before the call). Still an approximation: a
 * name bound only to other expressions (`q = a + b`) in a file that imports no DB-API driver is
 * not taken.
 */
function mayBeText(text: string, name: string): boolean {
  return new RegExp(
    `\\b${name}\\s*(?:\\+?=|:[^=\\n]*=)\\s*(?:(?:\\(\\s*)?(?:[rbfuRBFU]{0,2}['"]|(?:sa\\.|sqlalchemy\\.)?text\\s*\\()|[^=\\n][^\\n]*\\sif\\s[^\\n]*\\selse\\s)`,
  ).test(text);
}

/**
 * The content of the string literal at `at` when it is the whole argument, so that its value is
 * its text: no f-prefix, no backslash, closed on its line (or a triple-quoted one), and followed
 * by `,` or `)`. Else undefined: it may be formatted, joined or unescaped into other text.
 */
function plainLiteral(text: string, at: number): string | undefined {
  const m = /^[rbuRBU]{0,2}('''|"""|'|")/.exec(text.slice(at, at + 5));
  if (!m) return undefined;
  const start = at + m[0].length;
  const end = text.indexOf(m[1], start);
  if (end < 0) return undefined;
  const content = text.slice(start, end);
  if (content.includes("\\") || (m[1].length === 1 && content.includes("\n"))) return undefined;
  return /^\s*[,)]/.test(text.slice(end + m[1].length, end + m[1].length + 100)) ? content : undefined;
}

const CALLED_NAME = /\b(?:execute|executemany|executescript|exec_driver_sql|raw|fetch|fetchrow|fetchval|text)[ \t]*\(/g;

export function findSites(tree: Tree, drivers: Set<Driver>): RawSite[] {
  const out: RawSite[] = [];
  const driver = pickDriver(drivers);
  const text = tree.rootNode.text;
  // The candidate calls are found in the text and looked up in the tree by offset: visiting every
  // node from JavaScript (each crossing into the native binding) costs more than the parse itself.
  for (const m of text.matchAll(CALLED_NAME)) {
    let node: SyntaxNode | null = tree.rootNode.descendantForIndex(m.index!);
    while (node && node.type !== "call") node = node.parent;
    const fn = node?.childForFieldName("function");
    const nameEnd = m.index! + m[0].replace(/[ \t]*\($/, "").length;
    if (!node || !fn || fn.endIndex !== nameEnd) continue;
    const site = siteOf(node, drivers, driver);
    if (site) out.push(site);
  }
  return out;
}

function pickDriver(drivers: Set<Driver>): Driver {
  for (const d of [
    "sqlite3",
    "psycopg2",
    "psycopg",
    "asyncpg",
    "pymysql",
    "mysqldb",
    "django",
    "sqlalchemy",
  ] as Driver[])
    if (drivers.has(d)) return d;
  return "dbapi";
}

function siteOf(call: SyntaxNode, drivers: Set<Driver>, fileDriver: Driver): RawSite | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args || args.type !== "argument_list") return undefined;
  const positional = args.namedChildren.filter((a) => a.type !== "keyword_argument" && a.type !== "comment");
  const first = unparen(positional[0]) as SyntaxNode | undefined;
  if (!first) return undefined;
  const name =
    fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : fn.type === "identifier" ? fn.text : "";
  const receiver = fn.type === "attribute" ? fn.childForFieldName("object")!.text : "";
  let driver: Driver;
  if (
    name === "text" &&
    drivers.has("sqlalchemy") &&
    (fn.type === "identifier" || /^(sa|sqlalchemy|sql|expression)$/.test(receiver))
  )
    driver = "sqlalchemy";
  else if (name === "exec_driver_sql" && fn.type === "attribute") driver = "sqlalchemy";
  else if (
    name === "raw" &&
    fn.type === "attribute" &&
    drivers.has("django") &&
    /objects$|_default_manager$/.test(receiver)
  )
    driver = "django";
  else if (
    fn.type === "attribute" &&
    (DBAPI_METHODS.has(name) || (drivers.has("asyncpg") && ASYNCPG_METHODS.has(name)))
  ) {
    // A statement object (select(...), text(...)) is not raw SQL here; text() is its own site.
    if (first.type === "call" && !isFormatCall(first)) return undefined;
    if (!isSqlLike(first)) return undefined;
    // A bare name passed to execute() is SQL only on something that looks like a connection.
    if (first.type === "identifier" && !CONNECTION_LIKE.test(receiver)) return undefined;
    driver =
      drivers.has("asyncpg") && ASYNCPG_METHODS.has(name) && !drivers.has("psycopg2") && !drivers.has("sqlite3")
        ? "asyncpg"
        : fileDriver;
  } else return undefined;
  const scope = enclosingFunction(call);
  const lookup = lookupIn(scope ?? call.tree.rootNode, call.tree.rootNode);
  const sql = evaluateSql(first, lookup);
  // execute(name) where the name is a select()/text() statement: not a raw SQL site.
  if (first.type === "identifier" && sql.text === undefined) {
    const bound = unparen(lookup(first.text, first.startIndex));
    if (
      bound &&
      bound !== "rebound" &&
      bound.type === "call" &&
      !isFormatCall(bound) &&
      !/(^|\.)text$/.test(bound.childForFieldName("function")?.text ?? "")
    )
      return undefined;
    // In SQLAlchemy code a statement passed in as a parameter is a statement object, not text.
    if (!bound && driver === "sqlalchemy") return undefined;
  }
  // text("now()") as a server_default or a where() fragment is an SQL expression, not a statement:
  // a site only when a value is formatted into it.
  if (driver === "sqlalchemy" && name === "text" && kindByKeyword(sql.parts) === "other" && !sql.injections.length)
    return undefined;
  const qual = scope ? qualifiedName(scope) : "";
  return {
    offset: call.startIndex,
    argOffset: first.startIndex,
    call: name,
    driver,
    function: qual,
    functionName: scope?.childForFieldName("name")?.text ?? "",
    sql,
    argNode: first,
    paramsNode: positional[1],
    callNode: call,
  };
}

const CONNECTION_LIKE = /(^|[._])(cur|cursor|conn|connection|db|database|session|engine|tx|transaction|pool)$/i;

function unparen(n: SyntaxNode | "rebound" | undefined): SyntaxNode | "rebound" | undefined {
  while (n && n !== "rebound" && n.type === "parenthesized_expression" && n.namedChildren.length === 1)
    n = n.namedChildren[0];
  return n;
}

function isFormatCall(n: SyntaxNode): boolean {
  const f = n.childForFieldName("function");
  return f?.type === "attribute" && f.childForFieldName("attribute")?.text === "format";
}

function isSqlLike(n: SyntaxNode): boolean {
  return (
    n.type === "string" ||
    n.type === "concatenated_string" ||
    n.type === "binary_operator" ||
    n.type === "identifier" ||
    isFormatCall(n)
  );
}

export function enclosingFunction(n: SyntaxNode): SyntaxNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === "function_definition") return p;
  return undefined;
}

export function qualifiedName(fn: SyntaxNode): string {
  const names = [fn.childForFieldName("name")!.text];
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === "class_definition") names.unshift(p.childForFieldName("name")!.text);
    if (p.type === "function_definition") break;
  }
  return names.join(".");
}

/**
 * Bindings of a name: the last plain assignment before the point in the function, else a module
 * assignment. A name also extended by `+=` is "rebound": built at run time.
 */
export function lookupIn(scope: SyntaxNode, module: SyntaxNode): Lookup {
  return (name, before) => {
    for (const s of scope === module ? [module] : [scope, module]) {
      const found = bindingsOf(s, name, s === module && scope !== module ? Infinity : before);
      if (found.rebound) return "rebound";
      if (found.last) return found.last;
    }
    return undefined;
  };
}

function bindingsOf(scope: SyntaxNode, name: string, before: number): { last?: SyntaxNode; rebound: boolean } {
  let last: SyntaxNode | undefined;
  let rebound = false;
  for (const n of scope.descendantsOfType(["assignment", "augmented_assignment"])) {
    if (n.startIndex >= before || !ownScope(n, scope)) continue;
    const left = n.childForFieldName("left");
    if (left?.type !== "identifier" || left.text !== name) continue;
    if (n.type === "augmented_assignment") rebound = true;
    else last = n.childForFieldName("right") ?? last;
  }
  return { last, rebound };
}

/** The binding is in this scope itself, not in a function or class nested in it. */
function ownScope(n: SyntaxNode, scope: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== scope.id; p = p.parent)
    if (p.type === "function_definition" || p.type === "class_definition") return false;
  return true;
}
