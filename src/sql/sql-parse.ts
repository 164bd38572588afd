/**
 * One parsed SQL statement, from the real parser of its dialect: node-sql-parser for SQLite and
 * MySQL (and, for PostgreSQL, the AST the translator reads), libpg-query's WebAssembly build of
 * PostgreSQL's own grammar as the judge of PostgreSQL text. docs/commands/sql.md says why.
 */
import { createRequire } from "node:module";
import { dialectSpec } from "../db/dialect.js";
import { normalizePlaceholders, type ParamStyle } from "./placeholders.js";

const require = createRequire(import.meta.url);

export type { Dialect } from "../db/dialect.js";
import type { Dialect } from "../db/dialect.js";
export type StatementKind =
  | "select"
  | "insert"
  | "update"
  | "delete"
  | "replace"
  | "ddl"
  | "pragma"
  | "transaction"
  | "command"
  | "other";

export interface ParsedSql {
  ok: boolean;
  /** The parser's message when it rejected the text. */
  error?: string;
  kind: StatementKind;
  /** Tables the statement reads or writes, lower-cased as written (no schema). */
  tables: string[];
  /** `table.column` where the parser could tell the table, `?.column` otherwise. */
  columns: string[];
  style: ParamStyle;
  /** Placeholder names in order (`p1`, `p2`, ... for positional styles). */
  params: string[];
  /** node-sql-parser's AST of the normalized text (what the translator reads), when it has one. */
  ast?: any;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyParser = {
  astify(sql: string, opt: object): any;
  tableList(sql: string, opt: object): string[];
  columnList(sql: string, opt: object): string[];
};
const nsp = new Map<string, AnyParser>();
/**
 * node-sql-parser's build of one grammar (a tenth of the all-grammars bundle, whose loading was a
 * fifth of an inventory's time): the grammars are the same, one module per database asked for.
 */
function sqlParser(database: string): AnyParser {
  let p = nsp.get(database);
  if (!p) {
    p = new (require(`node-sql-parser/build/${database}`).Parser)() as AnyParser;
    nsp.set(database, p);
  }
  return p;
}

let pg: { parseSync(sql: string): any } | undefined;
/** Loads the PostgreSQL parser (a WebAssembly module, ~50 ms). */
async function loadPostgresParser(): Promise<void> {
  if (pg) return;
  const mod = await import("libpg-query");
  await mod.loadModule();
  pg = mod as unknown as { parseSync(sql: string): any };
}

type Base = Omit<ParsedSql, "ok">;

/**
 * The parser each dialect names (`DialectSpec.sql.parser`): PostgreSQL's own (libpg_query), node-sql-parser's
 * grammars for the others. `load` readies a parser that has to be loaded first (a WebAssembly
 * module): `loadSqlParsers` awaits it once for the dialects in use.
 */
function parserOf(dialect: Dialect): {
  load?: () => Promise<void>;
  parse(original: string, text: string, base: Base): ParsedSql;
} {
  const p = dialectSpec(dialect).sql.parser;
  return p.kind === "libpg-query"
    ? { load: loadPostgresParser, parse: parsePostgres }
    : { parse: (_original, text, base) => parseWithNsp(text, p.grammars, base) };
}

/** Readies the parsers of these dialects; call once before `parseSql` with any of them. */
export async function loadSqlParsers(dialects: Iterable<Dialect>): Promise<void> {
  for (const d of new Set(dialects)) await parserOf(d).load?.();
}

const FIRST_WORD: Record<string, StatementKind> = {
  select: "select",
  with: "select",
  insert: "insert",
  update: "update",
  delete: "delete",
  replace: "replace",
  create: "ddl",
  alter: "ddl",
  drop: "ddl",
  truncate: "ddl",
  pragma: "pragma",
  begin: "transaction",
  commit: "transaction",
  rollback: "transaction",
  savepoint: "transaction",
  release: "transaction",
  set: "command",
  vacuum: "command",
  analyze: "command",
  lock: "command",
  show: "command",
  explain: "command",
  grant: "command",
  revoke: "command",
  reindex: "command",
  cluster: "command",
  listen: "command",
  notify: "command",
  copy: "command",
  comment: "ddl",
  attach: "command",
  detach: "command",
};

/** The kind by the first keyword, for text no parser accepted and for statements they do not model. */
export function kindByKeyword(sql: string): StatementKind {
  const m = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql);
  return (m && FIRST_WORD[m[1].toLowerCase()]) || "other";
}

export function parseSql(sql: string, dialect: Dialect): ParsedSql {
  const norm = normalizePlaceholders(sql);
  const kind = kindByKeyword(sql);
  const base = { kind, tables: [] as string[], columns: [] as string[], style: norm.style, params: norm.params };
  // PRAGMA and transaction control are not for an ORM, and node-sql-parser models neither.
  if (kind === "pragma" || kind === "transaction" || kind === "command")
    return { ...base, ok: true, tables: pragmaTables(sql) };
  return parserOf(dialect).parse(sql, norm.text, base);
}

function parseWithNsp(text: string, grammars: string[], base: Base): ParsedSql {
  let firstError = "";
  for (const database of grammars) {
    const p = sqlParser(database);
    try {
      const ast = p.astify(text, { database });
      const one = Array.isArray(ast) ? (ast.length === 1 ? ast[0] : undefined) : ast;
      if (!one) return { ...base, ok: false, error: "more than one statement" };
      const tables = unique(p.tableList(text, { database }).map((t) => t.split("::")[2].toLowerCase()));
      const columns = unique(
        p
          .columnList(text, { database })
          .map((c) => {
            const [, table, column] = c.split("::");
            return `${table === "null" ? "?" : table.toLowerCase()}.${column}`;
          })
          .filter((c) => !c.endsWith(".(.*)")),
      );
      return { ...base, ok: true, ast: one, tables, columns, kind: kindOfAst(one, base.kind) };
    } catch (e) {
      firstError ||= oneLine((e as Error).message);
    }
  }
  return { ...base, ok: false, error: firstError };
}

function parsePostgres(original: string, text: string, base: Omit<ParsedSql, "ok">): ParsedSql {
  if (!pg) throw new Error("loadSqlParsers() was not awaited for postgresql");
  const dollar = normalizePlaceholders(original, (_n, i) => `$${i}`).text;
  let tree: any;
  try {
    tree = pg.parseSync(dollar);
  } catch (e) {
    return { ...base, ok: false, error: oneLine((e as Error).message) };
  }
  if (tree.stmts.length !== 1) return { ...base, ok: false, error: "more than one statement" };
  const tables = new Set<string>();
  const columns = new Set<string>();
  walk(tree.stmts[0].stmt, (key, node) => {
    // Targets of INSERT/UPDATE/DELETE/CREATE are bare RangeVar fields ("relation"), FROM items are wrapped.
    if (key === "RangeVar" || (key === "relation" && node.relname)) tables.add(String(node.relname).toLowerCase());
    if (key === "ColumnRef") {
      const names = (node.fields as any[]).filter((f) => f.String).map((f) => f.String.sval as string);
      if (names.length)
        columns.add(`${names.length > 1 ? names[names.length - 2].toLowerCase() : "?"}.${names[names.length - 1]}`);
    }
  });
  // The translator reads one AST shape for every dialect: node-sql-parser's PostgreSQL grammar.
  let ast: any;
  try {
    const a = sqlParser("postgresql").astify(groupLikeOperands(text), { database: "postgresql" });
    ast = Array.isArray(a) ? a[0] : a;
  } catch {
    ast = undefined;
  }
  return { ...base, ok: true, ast, tables: [...tables], columns: [...columns] };
}

/**
 * `LIKE '%' || :p1 || '%'` parenthesized for node-sql-parser, whose PostgreSQL grammar rejects `||`
 * after a placeholder there. PostgreSQL binds `||` tighter than LIKE, so the grouping is the one
 * the server uses (and libpg-query has already accepted the original text).
 */
function groupLikeOperands(text: string): string {
  const operand = String.raw`(?:'(?:[^']|'')*'|:\w+)`;
  return text.replace(new RegExp(String.raw`\b(I?LIKE)\s+(${operand}(?:\s*\|\|\s*${operand})+)`, "gi"), "$1 ($2)");
}

function walk(node: unknown, visit: (key: string, node: any) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if ((/^[A-Z]/.test(k) || k === "relation") && v && typeof v === "object") visit(k, v);
      walk(v, visit);
    }
  }
}

function kindOfAst(ast: any, fallback: StatementKind): StatementKind {
  const t = String(ast.type ?? "").toLowerCase();
  if (t === "insert" && Array.isArray(ast.or) && ast.or.some((o: any) => /replace/i.test(o.value))) return "replace";
  if (t === "select" || t === "insert" || t === "update" || t === "delete" || t === "replace") return t;
  if (t === "create" || t === "alter" || t === "drop" || t === "truncate") return "ddl";
  return fallback;
}

function pragmaTables(sql: string): string[] {
  const m = /pragma\s+\w+\s*\(\s*["'`]?(\w+)/i.exec(sql);
  return m ? [m[1].toLowerCase()] : [];
}

const unique = (xs: string[]) => [...new Set(xs)];
const oneLine = (s: string) => s.replace(/\s+/g, " ").slice(0, 200);
