/**
 * Raw SQL call sites of one Python file, found on its tree-sitter tree: DB-API `execute` /
 * `executemany` / `executescript` (sqlite3, psycopg2, psycopg 3, PyMySQL, mysqlclient, Django's
 * cursor), asyncpg's `execute` / `fetch*`, SQLAlchemy `text()` and `exec_driver_sql()`, and
 * Django's `Manager.raw()`.
 */
import type { SyntaxNode, Tree } from "../python/parser.js";
import { evaluateSql, type Lookup, type SqlText } from "./sql-text.js";

export type Driver = "sqlite3" | "psycopg2" | "psycopg" | "asyncpg" | "pymysql" | "mysqldb" | "sqlalchemy" | "django" | "dbapi";

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

/** A cheap test that a file can contain a site at all: most files of a project are never parsed. */
export const MAY_HAVE_SQL = /\.(?:execute|executemany|executescript|exec_driver_sql|raw|fetch|fetchrow|fetchval)\s*\(|\btext\s*\(/;

export function findSites(tree: Tree, drivers: Set<Driver>): RawSite[] {
  const out: RawSite[] = [];
  const driver = pickDriver(drivers);
  const visit = (node: SyntaxNode) => {
    if (node.type === "call") {
      const site = siteOf(node, drivers, driver);
      if (site) out.push(site);
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(tree.rootNode);
  return out;
}

function pickDriver(drivers: Set<Driver>): Driver {
  for (const d of ["sqlite3", "psycopg2", "psycopg", "asyncpg", "pymysql", "mysqldb", "django", "sqlalchemy"] as Driver[]) if (drivers.has(d)) return d;
  return "dbapi";
}

function siteOf(call: SyntaxNode, drivers: Set<Driver>, fileDriver: Driver): RawSite | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args || args.type !== "argument_list") return undefined;
  const positional = args.namedChildren.filter((a) => a.type !== "keyword_argument" && a.type !== "comment");
  const first = positional[0];
  if (!first) return undefined;
  const name = fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : fn.type === "identifier" ? fn.text : "";
  const receiver = fn.type === "attribute" ? fn.childForFieldName("object")!.text : "";
  let driver: Driver;
  if (name === "text" && drivers.has("sqlalchemy") && (fn.type === "identifier" || /^(sa|sqlalchemy|sql|expression)$/.test(receiver))) driver = "sqlalchemy";
  else if (name === "exec_driver_sql" && fn.type === "attribute") driver = "sqlalchemy";
  else if (name === "raw" && fn.type === "attribute" && drivers.has("django") && /objects$|_default_manager$/.test(receiver)) driver = "django";
  else if (fn.type === "attribute" && (DBAPI_METHODS.has(name) || (drivers.has("asyncpg") && ASYNCPG_METHODS.has(name)))) {
    // A statement object (select(...), text(...)) is not raw SQL here; text() is its own site.
    if (first.type === "call" && !isFormatCall(first)) return undefined;
    if (!isSqlLike(first) && !/cur|conn|db|session|engine|transaction/i.test(receiver)) return undefined;
    driver = drivers.has("asyncpg") && ASYNCPG_METHODS.has(name) && !drivers.has("psycopg2") && !drivers.has("sqlite3") ? "asyncpg" : fileDriver;
  } else return undefined;
  const scope = enclosingFunction(call);
  const lookup = lookupIn(scope ?? call.tree.rootNode, call.tree.rootNode);
  const sql = evaluateSql(first, lookup);
  // execute(name) where the name is a select()/text() statement: not a raw SQL site.
  if (first.type === "identifier" && sql.text === undefined) {
    const bound = lookup(first.text, first.startIndex);
    if (bound && bound !== "rebound" && bound.type === "call" && !isFormatCall(bound)) return undefined;
  }
  const qual = scope ? qualifiedName(scope) : "";
  return {
    offset: call.startIndex, argOffset: first.startIndex, call: name, driver, function: qual,
    functionName: scope?.childForFieldName("name")?.text ?? "", sql, argNode: first, paramsNode: positional[1], callNode: call,
  };
}

function isFormatCall(n: SyntaxNode): boolean {
  const f = n.childForFieldName("function");
  return f?.type === "attribute" && f.childForFieldName("attribute")?.text === "format";
}

function isSqlLike(n: SyntaxNode): boolean {
  return n.type === "string" || n.type === "concatenated_string" || n.type === "binary_operator" || n.type === "identifier" || n.type === "parenthesized_expression";
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
  const visit = (n: SyntaxNode) => {
    if (n !== scope && (n.type === "function_definition" || n.type === "class_definition")) return;
    if (n.type === "assignment" && n.childForFieldName("left")?.text === name && n.startIndex < before) {
      const right = n.childForFieldName("right");
      if (right) last = right;
    }
    if (n.type === "augmented_assignment" && n.childForFieldName("left")?.text === name && n.startIndex < before) rebound = true;
    for (const c of n.namedChildren) visit(c);
  };
  visit(scope);
  return { last, rebound };
}
