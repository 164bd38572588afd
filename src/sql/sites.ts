/**
 * Raw SQL call sites of one Python file, found on its tree-sitter tree: DB-API `execute` /
 * `executemany` / `executescript` (sqlite3, psycopg2, psycopg 3, PyMySQL, mysqlclient, Django's
 * cursor), asyncpg's `execute` / `fetch*`, SQLAlchemy `text()` and `exec_driver_sql()`, and
 * Django's `Manager.raw()`.
 */
import type { SyntaxNode, Tree } from "../python/parser.js";
import { kindByKeyword } from "./sql-parse.js";
import { argumentKind, CONSTRUCTOR } from "./argument-kind.js";
import { lookupIn } from "./bindings.js";
import { evaluateSql, type SqlText } from "./sql-text.js";

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
  /(?:\.(?<method>execute|executemany|executescript|exec_driver_sql|raw|fetch|fetchrow|fetchval)|(?<text>(?:^|[^.\w]|\b(?:sa|sqlalchemy|sql|expression)\.)text))[ \t]*\((?:\s*\()*\s*(?:(?<str>[rbfuRBFU]{0,2}['"])|(?<inner>(?:sa\.|sqlalchemy\.)?text\s*\()|(?<name>[A-Za-z_]\w*)\s*(?<after>[,)%+]|\.format\b|\[)|(?<callee>[A-Za-z_][\w.]*)\s*\(|(?<other>[^\s)]))/g;
const DBAPI_IMPORT =
  /^[ \t]*(?:import|from)[ \t]+(?:sqlite3|aiosqlite|psycopg2?|psycopg_pool|asyncpg|pymysql|aiomysql|MySQLdb|django)\b/m;
const SQLALCHEMY_IMPORT = /^[ \t]*(?:import|from)[ \t]+(?:sqlalchemy|sqlmodel|flask_sqlalchemy)\b/m;

/**
 * A cheap test that a file can contain a site at all, so that most files are never parsed: one of
 * the calls with a first argument that can be SQL text. It keeps every file `findSites` takes a
 * site from (prefilter.test.ts holds one file per kind): a string, text(...), a concatenation or
 * `.format()`; any argument in a file that imports a DB-API driver or no driver at all, or on a
 * cursor (where `siteOf` takes what it cannot tell for text); in SQLAlchemy code only a name the
 * file binds to something other than a statement, a call of a function of the file, or a
 * conditional or list with a string in it. For a DB-API method, also a receiver that looks like a
 * connection. Parentheses around the argument are looked through, as `siteOf` looks through them:
 * `execute((sa.update(t).values(...)))` passes a statement object, and so does
 * `conn.execute(query)` with `query = select(...)`; neither is `sa.text("now()")` (a server
 * default, a where() fragment) a site: `siteOf` drops text() of a literal that starts with no
 * statement keyword and has nothing formatted into it.
 */
export function mayHaveSql(text: string): boolean {
  // Most files name none of the calls: a regex with literal heads rules them out about ten times
  // faster than CANDIDATE, whose `text` branch is tried at every position of the file.
  if (!NAMES_A_CALL.test(text)) return false;
  let dbapi: boolean | undefined;
  let noDriver: boolean | undefined;
  // A file passes the same name to many calls (`conn.execute(query)`): each is read in the file once.
  const known = new Map<string, boolean>();
  const once = (key: string, test: () => boolean) => {
    let r = known.get(key);
    if (r === undefined) known.set(key, (r = test()));
    return r;
  };
  for (const m of text.matchAll(CANDIDATE)) {
    const g = m.groups!;
    const at = m.index!;
    if (g.str) {
      if (!g.text) return true;
      const literal = plainLiteral(text, at + m[0].length - g.str.length);
      if (literal === undefined || kindByKeyword(literal) !== "other") return true;
      continue;
    }
    if (g.inner) return true;
    // A concatenation or formatting is text whatever it is passed to.
    if (g.name && /^[%+.]/.test(g.after)) return true;
    if (g.method === "exec_driver_sql") return true;
    // `self.execute(x)` of the file's own wrapper takes only what is known to be text, whatever
    // the driver: the tests on the file's imports and on the receiver are not for it.
    const other = !!g.method && !DRIVER_ONLY.has(g.method) && !connectionLike(text, at);
    const wrapper = other && isSelfCall(text, at) && once(`def ${g.method}(self`, () => definesMethod(text, g.method));
    if (other && !wrapper) continue;
    if (!wrapper) {
      dbapi ??= DBAPI_IMPORT.test(text);
      if (dbapi) return true;
      if (g.method === "raw") continue;
      noDriver ??= !SQLALCHEMY_IMPORT.test(text);
      if ((g.method && noDriver) || (g.method && cursorLike(text, at))) return true;
    }
    if (g.name && once(g.name, () => mayBeText(text, g.name))) return true;
    if (g.callee && once(`${g.callee}(`, () => helperCall(text, g.callee))) return true;
    if (g.other && /\sif\s|['"]/.test(text.slice(at + m[0].length - 1, text.indexOf("\n", at + m[0].length))))
      return true;
  }
  return false;
}

/** What every CANDIDATE match holds: one of its methods after a dot, or `text(`. */
const NAMES_A_CALL = /\.(?:execute|exec_driver_sql|raw|fetch)|text[ \t]*\(/;

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

/** Whether the call at `at` is on `self` (`self.execute(`). */
function isSelfCall(text: string, at: number): boolean {
  return /(?:^|[^\w.])self$/.test(text.slice(Math.max(0, at - 6), at));
}

/** Whether the file defines a method `method(self, ...)` of its own (a wrapper `self.execute(` calls). */
function definesMethod(text: string, method: string): boolean {
  return new RegExp(`\\bdef\\s+${method}\\s*\\(\\s*self\\b`).test(text);
}

/** Whether the receiver may be a cursor (`cur`, `conn.cursor()`); one that cannot be read may be. */
function cursorLike(text: string, at: number): boolean {
  const before = /[\w.]*(?:\([^()\n]*\))?$/.exec(text.slice(Math.max(0, at - 200), at))![0];
  return !before || CURSOR_LIKE.test(receiverName(before));
}

/**
 * Whether the file binds the name to what may be SQL text: a string, text(), a list of strings,
 * a concatenation or formatting, a conditional, another name, or a call of a function of the file
 * (which `siteOf` follows to its `return`); or the name is a parameter annotated `str`. Any
 * binding in the file is taken for the one `siteOf` reads (the last before the call).
 */
function mayBeText(text: string, name: string): boolean {
  for (const m of text.matchAll(new RegExp(`\\b${name}\\s*(?:\\+=|=(?!=)|:[^=\\n]*=(?!=))`, "g"))) {
    if (m[0].endsWith("+=")) return true;
    // The first line of the value, past the brackets it opens with (`q = (\n    sa.select(...)`).
    const head = text.slice(m.index! + m[0].length, m.index! + m[0].length + 300).replace(/^[\s([]*/, "");
    const line = head.slice(0, (head.indexOf("\n") + 1 || head.length + 1) - 1);
    if (TEXT_VALUE.test(line)) return true;
    const callee = /^(?:self\.|cls\.)?([A-Za-z_]\w*)\s*\(/.exec(line);
    if (callee && definedHere(text, callee[1])) return true;
  }
  return new RegExp(`\\b${name}\\s*:\\s*[^=\\n,)]*\\bstr\\b`).test(text);
}

/** The first line of a value that may be text: a string, text(), another name, a conditional, `+`, `%` or `.format()`. */
const TEXT_VALUE =
  /^(?:[rbfuRBFU]{0,2}['"]|(?:sa\.|sqlalchemy\.)?text\s*\(|[A-Za-z_]\w*\s*$)|\sif\s|[+%]|\.format\s*\(/;

/**
 * Whether `siteOf` can follow the call into a function of the file: a plain name, or a method
 * called on `self`, `cls` or a class of the file (`sa.update(t)` is not one, even in a file with
 * an `update` of its own); also a method other than a statement constructor (`t.insert()`) of a
 * name that may be text (`query.strip()`), which `argumentKind` reads through its object.
 */
function helperCall(text: string, callee: string): boolean {
  const dot = callee.lastIndexOf(".");
  if (dot < 0) return definedHere(text, callee);
  const object = callee.slice(0, dot);
  if (object.includes(".")) return false;
  if (object === "self" || object === "cls" || new RegExp(`\\bclass\\s+${object}\\b`).test(text))
    return definedHere(text, callee);
  // `t.insert()`, `sa.select(...)`: a statement whatever its object is.
  return !CONSTRUCTOR.test(callee.slice(dot + 1)) && mayBeText(text, object);
}

/** Whether the file defines a function of the last name of the callee (`build`, `self.build`). */
function definedHere(text: string, callee: string): boolean {
  return new RegExp(`\\bdef\\s+${callee.slice(callee.lastIndexOf(".") + 1)}\\s*\\(`).test(text);
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
  const scope = enclosingFunction(call);
  const lookup = lookupIn(scope ?? call.tree.rootNode, call.tree.rootNode);
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
    // Anything but literal text is SQL only on something that looks like a connection.
    // `self.execute(sql)` in a class with an `execute` of its own (a wrapper of the connection)
    // passes SQL on; only what is known to be text is taken there, not whatever it is given.
    const wrapper = receiver === "self" && ownMethod(call, name);
    if (!isLiteralText(first) && !wrapper && !CONNECTION_LIKE.test(receiverName(receiver))) return undefined;
    // What cannot be told is text where only text can be passed (a DB-API cursor) and in a file
    // that uses a DB-API driver or imports none; in SQLAlchemy code it is a statement object.
    const assume = wrapper
      ? "other"
      : CURSOR_LIKE.test(receiverName(receiver)) || fileDriver !== "sqlalchemy"
        ? "text"
        : "statement";
    if (argumentKind(first, lookup, assume) !== "text") return undefined;
    driver =
      drivers.has("asyncpg") && ASYNCPG_METHODS.has(name) && !drivers.has("psycopg2") && !drivers.has("sqlite3")
        ? "asyncpg"
        : fileDriver;
  } else return undefined;
  const sql = evaluateSql(first, lookup);
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

const CONNECTION_LIKE =
  /(^|[._])(cur|cursor|con|conn|connection|db|database|session|engine|tx|transaction|pool|connect)\d*$/i;
/** A receiver that can only be a DB-API cursor, which takes SQL text and nothing else. */
const CURSOR_LIKE = /(^|[._])(cur|cursor)$/i;

/** Whether the class around the call defines a method of this name. */
function ownMethod(call: SyntaxNode, name: string): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== "class_definition") continue;
    return !!p.childForFieldName("body")?.namedChildren.some((c) => {
      const def = c.type === "decorated_definition" ? c.childForFieldName("definition") : c;
      return def?.type === "function_definition" && def.childForFieldName("name")?.text === name;
    });
  }
  return false;
}

/** The receiver's name, also of a call that returns it: `get_db().execute`, `conn.cursor().execute`. */
function receiverName(receiver: string): string {
  return receiver.replace(/\([^()]*\)$/, "");
}

/** SQL text whatever the receiver: a string, a concatenation or formatting, `.format()`. */
function isLiteralText(n: SyntaxNode): boolean {
  return n.type === "string" || n.type === "concatenated_string" || n.type === "binary_operator" || isFormatCall(n);
}

function unparen(n: SyntaxNode | "rebound" | undefined): SyntaxNode | "rebound" | undefined {
  while (n && n !== "rebound" && n.type === "parenthesized_expression" && n.namedChildren.length === 1)
    n = n.namedChildren[0];
  return n;
}

function isFormatCall(n: SyntaxNode): boolean {
  const f = n.childForFieldName("function");
  return f?.type === "attribute" && f.childForFieldName("attribute")?.text === "format";
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
