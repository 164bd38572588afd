/**
 * `remodel sql inventory`: every raw SQL call site of a project with what it reads and writes,
 * who reaches it, and whether it can become SQLAlchemy. Facts only: nothing is written.
 */
import { LineMap } from "../core/text.js";
import { extractSchema } from "../orm/index.js";
import type { SummaryMemo } from "../orm/summary-memo.js";
import { parsePython, type Tree } from "../python/parser.js";
import { CallGraph, entriesReaching } from "./call-graph.js";
import { dialectSpec } from "../db/dialect.js";
import { tableOfCreate, tablesOfSchema, type KnownSchema } from "./known-schema.js";
import { findSites, driversOf, mayHaveSql, type Driver, type RawSite } from "./sites.js";
import {
  kindByKeyword,
  loadSqlParsers,
  parseSql,
  type Dialect,
  type ParsedSql,
  type StatementKind,
} from "./sql-parse.js";
import type { ParamStyle } from "./placeholders.js";

export type Verdict = "convertible" | "dynamic" | "not-orm" | "unknown";

export interface SqlSite {
  path: string;
  line: number;
  column: number;
  function: string;
  /** The nearest route or command that reaches the function, or null. */
  route: string | null;
  routes: string[];
  call: string;
  driver: Driver;
  dialect: Dialect;
  /** The SQL when it is static; else null and `parts` has the static parts. */
  sql: string | null;
  parts: string;
  paramStyle: ParamStyle;
  kind: StatementKind;
  tables: string[];
  columns: string[];
  verdict: Verdict;
  reason: string;
  injections: { line: number; column: number; how: string; expr: string }[];
}

export interface Inventory {
  sites: SqlSite[];
  schema: KnownSchema;
  /** Internal: the tree-sitter facts of each site, for the converter (not serialized). */
  raw: Map<SqlSite, { site: RawSite; parsed?: ParsedSql; text: string }>;
}

const DIALECT: Record<Driver, Dialect | null> = {
  sqlite3: "sqlite",
  psycopg2: "postgresql",
  psycopg: "postgresql",
  asyncpg: "postgresql",
  pymysql: "mysql",
  mysqldb: "mysql",
  sqlalchemy: null,
  django: null,
  dbapi: null,
};

const NOT_ORM: Partial<Record<StatementKind, string>> = {
  ddl: "DDL: declare the table as a model (remodel db pull --tables) and change it with a migration",
  pragma: "PRAGMA: database introspection, not a query (SQLAlchemy's inspect() or remodel db inspect)",
  transaction: "transaction control: keep it as the connection's begin()/commit()",
  command: "a database command (SET, VACUUM, LOCK, ...), not a query: keep it as text()",
};

/** A Python file of the project, decoded. */
export interface SqlFile {
  path: string;
  module: string;
  text: string;
}

/** A file with the tree of its text when the inventory parsed it (see SourceInput.tree). */
type ParsedFile = SqlFile & { tree?: Tree };

export interface InventoryOptions {
  /** Dialect for drivers that do not fix one (SQLAlchemy text(), Django, an unknown DB-API cursor). */
  dialect?: Dialect;
  /** Read every model of the project, not only those of files naming a table the SQL uses (convert needs them all). */
  fullSchema?: boolean;
  /** What is known of each file's content (the project's cache), for reading the models. */
  memo?: SummaryMemo;
}

export async function inventory(files: SqlFile[], opts: InventoryOptions = {}): Promise<Inventory> {
  const graph = new CallGraph(files);
  const found: { file: SqlFile; site: RawSite; lines: LineMap }[] = [];
  const allDrivers = new Set<Driver>();
  const trees = new Map<SqlFile, Tree>();
  for (const file of files) {
    if (!mayHaveSql(file.text)) continue;
    const drivers = driversOf(file.text);
    const lines = new LineMap(file.text);
    const tree = parsePython(file.text);
    trees.set(file, tree);
    for (const site of findSites(tree, drivers)) {
      found.push({ file, site, lines });
      allDrivers.add(site.driver);
    }
  }
  // The models are read from the same files: one that was parsed for its SQL (a model module with
  // text() in it) hands its tree on, and is not parsed a second time.
  const inputs: ParsedFile[] = files.map((f) => {
    const tree = trees.get(f);
    return tree ? { ...f, tree } : f;
  });
  const fallback: Dialect = opts.dialect ?? [...allDrivers].map((d) => DIALECT[d]).find((d) => d) ?? "sqlite";
  await loadSqlParsers(found.map(({ site }) => DIALECT[site.driver] ?? fallback));
  const parsed = found.map(({ site }) =>
    site.sql.text !== undefined ? parseSql(site.sql.text, DIALECT[site.driver] ?? fallback) : undefined,
  );
  const withParsed = found.map((f, i) => ({ ...f, parsed: parsed[i] }));
  const run = (schema: KnownSchema) => {
    const sites: SqlSite[] = [];
    const raw: Inventory["raw"] = new Map();
    found.forEach(({ file, site, lines }, i) => {
      const s = describe(file.path, site, lines, parsed[i], DIALECT[site.driver] ?? fallback, schema, graph);
      sites.push(s);
      raw.set(s, { site, parsed: parsed[i], text: file.text });
    });
    return { sites, schema, raw };
  };
  if (opts.fullSchema) return run(knownSchema(inputs, withParsed, opts.memo));
  // Reading every model of a large project is most of the time: the models are read from the files
  // that name a table the SQL uses (a model names its table, or is a class of that name). A column
  // left unresolved may come from a base class or mixin elsewhere: then every file is read.
  const wanted = [...new Set(parsed.flatMap((p) => p?.tables ?? []))];
  const quick = run(knownSchema(filesNaming(inputs, wanted), withParsed, opts.memo));
  if (!quick.sites.some((s) => s.verdict === "unknown" && /is not a column/.test(s.reason))) return quick;
  return run(knownSchema(inputs, withParsed, opts.memo));
}

function filesNaming(files: ParsedFile[], tables: string[]): ParsedFile[] {
  if (!tables.length) return [];
  const words = [...new Set(tables.flatMap((t) => [t, t.replace(/_/g, "")]))].map((w) => w.replace(/[^\w]/g, ""));
  const re = new RegExp(`(?:^|[^A-Za-z0-9])(?:${words.join("|")})(?![A-Za-z0-9])`, "i");
  return files.filter((f) => re.test(f.text));
}

function knownSchema(
  files: ParsedFile[],
  found: { file: SqlFile; site: RawSite; lines: LineMap; parsed?: ParsedSql }[],
  memo: SummaryMemo | undefined,
): KnownSchema {
  const schema: KnownSchema = new Map();
  for (const t of tablesOfSchema(extractSchema(files, memo ? { memo } : {}))) schema.set(t.name, t);
  for (const f of found) {
    if (f.parsed?.kind !== "ddl" || !f.parsed.ast) continue;
    const t = tableOfCreate(f.parsed.ast, f.site.sql.text!, `${f.file.path}:${f.lines.line(f.site.offset)}`);
    if (t && !schema.has(t.name)) schema.set(t.name, t);
  }
  return schema;
}

function describe(
  path: string,
  site: RawSite,
  lines: LineMap,
  parsed: ParsedSql | undefined,
  dialect: Dialect,
  schema: KnownSchema,
  graph: CallGraph,
): SqlSite {
  const pos = lines.position(site.offset);
  const fnNode = graph.functionsIn(path).find((f) => f.qualname === site.function);
  const routes = site.function ? entriesReaching(graph, fnNode, site.functionName) : [];
  const injections = site.sql.injections.map((j) => ({ ...lines.position(j.offset), how: j.how, expr: j.expr }));
  const base = {
    path,
    line: pos.line,
    column: pos.column,
    function: site.function,
    route: routes[0] ?? null,
    routes,
    call: site.call,
    driver: site.driver,
    dialect,
    sql: site.sql.text ?? null,
    parts: site.sql.parts,
    injections,
  };
  if (!parsed) {
    const chosen = judgedChoice(site.sql.alternatives);
    if (chosen)
      return {
        ...base,
        paramStyle: "none",
        kind: chosen,
        tables: [],
        columns: [],
        verdict: "not-orm",
        reason: `${NOT_ORM[chosen]}; one of ${site.sql.alternatives!.map((t) => JSON.stringify(t)).join(", ")}, chosen at run time`,
      };
    const kind = kindByKeyword(site.sql.parts);
    return {
      ...base,
      paramStyle: "none",
      kind,
      tables: tablesInText(site.sql.parts),
      columns: [],
      verdict: NOT_ORM[kind] ? "not-orm" : "dynamic",
      reason: NOT_ORM[kind]
        ? `${NOT_ORM[kind]}; built at run time from ${site.sql.dynamic}`
        : dynamicReason(site.sql.parts, site.sql.dynamic ?? "run-time text", kind),
    };
  }
  const facts = { paramStyle: parsed.style, kind: parsed.kind, tables: parsed.tables, columns: parsed.columns };
  if (NOT_ORM[parsed.kind]) return { ...base, ...facts, verdict: "not-orm", reason: NOT_ORM[parsed.kind]! };
  if (!parsed.ok)
    return { ...base, ...facts, verdict: "unknown", reason: `the ${dialect} parser rejects it: ${parsed.error}` };
  if (parsed.kind === "select" && !parsed.tables.length)
    return {
      ...base,
      ...facts,
      verdict: "not-orm",
      reason: "a SELECT of no table (a database function call): keep it as text() or write it with sa.func",
    };
  if (parsed.kind === "other")
    return { ...base, ...facts, verdict: "unknown", reason: "not a SELECT, INSERT, UPDATE or DELETE" };
  const catalog = catalogTables(parsed, site.sql.text ?? "", dialect, schema);
  if (parsed.kind === "select" && catalog.length)
    return {
      ...base,
      ...facts,
      verdict: "not-orm",
      reason: `a read of the system catalog (${catalog.join(", ")}): database introspection, not a model's table (SQLAlchemy's inspect() or remodel db inspect)`,
    };
  const unknownName = unknownNames(parsed, schema);
  if (unknownName) return { ...base, ...facts, verdict: "unknown", reason: unknownName };
  return {
    ...base,
    ...facts,
    verdict: "convertible",
    reason: `${parsed.kind} over ${parsed.tables.join(", ")} (${parsed.tables.map((t) => (schema.get(t)!.from === "model" ? `model ${schema.get(t)!.model ?? t}` : `CREATE TABLE at ${schema.get(t)!.where}`)).join("; ")})`,
  };
}

/**
 * The kind of a text chosen at run time from known texts when every choice is of one kind that is
 * no query (`"VACUUM FULL" if full else "VACUUM"`); else undefined, and the text stays dynamic.
 */
function judgedChoice(alternatives: string[] | undefined): StatementKind | undefined {
  if (!alternatives?.length) return undefined;
  const kinds = new Set(alternatives.map((t) => kindByKeyword(t)));
  const [kind] = kinds;
  return kinds.size === 1 && NOT_ORM[kind] ? kind : undefined;
}

/**
 * The tables of the statement that are the database's own catalog and no table of the models:
 * what the dialect names as its catalog, and what is read from the `pg_catalog` or
 * `information_schema` schema. The parsers give a table without its schema, so the schema is read
 * from the text.
 */
function catalogTables(parsed: ParsedSql, text: string, dialect: Dialect, schema: KnownSchema): string[] {
  return parsed.tables.filter((t) => {
    if (schema.has(t)) return false;
    if (dialectSpec(dialect).sql.catalogTable(t)) return true;
    const word = t.replace(/[^\w]/g, "");
    return new RegExp(`\\b(?:pg_catalog|information_schema)"?\\s*\\.\\s*"?${word}\\b`, "i").test(text);
  });
}

/** The first table or column the schema does not know, said as the reason. */
function unknownNames(parsed: ParsedSql, schema: KnownSchema): string | undefined {
  for (const t of parsed.tables)
    if (!schema.has(t)) return `table '${t}' is in neither the models nor a CREATE TABLE of the code`;
  const aliases = outputAliases(parsed.ast);
  const cols = new Set(parsed.tables.flatMap((t) => schema.get(t)!.columns.map((c) => c.name.toLowerCase())));
  for (const qc of parsed.columns) {
    const [t, c] = [qc.slice(0, qc.lastIndexOf(".")), qc.slice(qc.lastIndexOf(".") + 1).toLowerCase()];
    if (c === "*" || t === "excluded" || aliases.has(c)) continue;
    const known =
      t !== "?" && schema.has(t) ? schema.get(t)!.columns.some((k) => k.name.toLowerCase() === c) : cols.has(c);
    if (!known) return `column '${c}' is not a column of ${t !== "?" && schema.has(t) ? t : parsed.tables.join(", ")}`;
  }
  return undefined;
}

function outputAliases(ast: any): Set<string> {
  const out = new Set<string>();
  for (const c of Array.isArray(ast?.columns) ? ast.columns : []) if (c?.as) out.add(String(c.as).toLowerCase());
  return out;
}

const CLAUSES: [RegExp, string][] = [
  [/\bset\s*$/i, "the SET list (which columns are written, and how many)"],
  [/\b(?:where|and|or|on|having)\s*$/i, "a condition"],
  [/\border\s+by\s*$/i, "the ORDER BY"],
  [/\bgroup\s+by\s*$/i, "the GROUP BY"],
  [/\b(?:from|join|into|update|table)\s*["`]?$/i, "the table name"],
  [/\b(?:limit|offset)\s*$/i, "the LIMIT/OFFSET"],
  [/\bselect(?:\s+distinct)?\s*$/i, "the column list"],
  [/\bin\s*\(\s*$/i, "the IN list"],
  [/=\s*'?$/i, "a compared value"],
];

/** Which part of the statement is built at run time, said by its clause when the static text shows it. */
function dynamicReason(parts: string, dynamic: string, kind: StatementKind): string {
  const hole = parts.indexOf("{");
  const before = hole < 0 ? "" : parts.slice(0, hole);
  const clause = hole < 0 ? undefined : CLAUSES.find(([re]) => re.test(before))?.[1];
  if (!clause) return `built at run time: ${dynamic}`;
  const hint =
    kind === "update" && clause.startsWith("the SET")
      ? "; the safe form is sa.update(table).values(**{k: v for k, v in data.items() if k in ALLOWED}) over a fixed set of columns, written by hand: which keys are allowed is a decision of the code's owner"
      : "";
  return `built at run time: ${clause} comes from ${dynamic}${hint}`;
}

/** Tables named in the static parts of text built at run time. */
function tablesInText(parts: string): string[] {
  const out = new Set<string>();
  for (const m of parts.matchAll(/\b(?:from|join|into|update|table)\s+["`]?([A-Za-z_]\w*)/gi)) {
    if (!/^(if|select|set|where)$/i.test(m[1])) out.add(m[1].toLowerCase());
  }
  return [...out];
}
