import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Database, SqlJsStatic, SqlValue } from "sql.js";
import type { CheckConstraint, Table } from "../schema/model.js";
import type { ConnectOptions, DbConnection, DbObject, Introspection } from "./connection.js";
import { finishSchema, fkAction, groupBy, newColumn, newTable } from "./build.js";
import { connectError, queryError } from "./errors.js";
import { closingParen, generatedExpressions, sqlTokens, unquoted } from "./sql-text.js";
import { parseDbType } from "./types.js";
import type { DbUrl } from "./url.js";

type Row = Record<string, any>;

/*
 * SQLite compiled to WebAssembly (sql.js): nothing to compile at install time on any Node version
 * (`node:sqlite` needs Node 22.5). sql.js works on an in-memory copy of the file: a read-only
 * connection reads the file once, a writable one writes the database back after each statement
 * batch, so what `execute` did is on disk when it returns.
 */
let sqlJs: Promise<SqlJsStatic> | undefined;
const loadSqlJs = () =>
  (sqlJs ??= (createRequire(import.meta.url)("sql.js") as (config?: object) => Promise<SqlJsStatic>)());

/** SQLite, opened read-only (the file must exist) unless writable. */
export async function connectSqlite(url: DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  let db: Database;
  const path = url.path ?? null;
  try {
    const SQL = await loadSqlJs();
    if (path != null && !opts.writable && !existsSync(path))
      throw new Error(`unable to open database file: ${path} does not exist`);
    db = path != null && existsSync(path) ? new SQL.Database(readFileSync(path)) : new SQL.Database();
    queryRows(db, "select count(*) from sqlite_master");
  } catch (e) {
    throw connectError(url, e);
  }
  const save = () => {
    if (path != null) writeFileSync(path, db.export());
  };
  if (opts.writable) save(); // creates the file, as opening a writable SQLite database does
  return {
    dialect: "sqlite",
    introspect: async () => {
      try {
        return introspectSqlite(db);
      } catch (e) {
        throw queryError(url, e);
      }
    },
    execute: opts.writable
      ? async (sql) => {
          db.exec(sql);
          save();
        }
      : undefined,
    close: async () => void db.close(),
  };
}

/** Every row of a query as an object keyed by column name. */
function queryRows(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const st = db.prepare(sql, params);
  try {
    const out: Row[] = [];
    while (st.step()) out.push(st.getAsObject());
    return out;
  } finally {
    st.free();
  }
}

function introspectSqlite(db: Database): Introspection {
  const master = queryRows(
    db,
    "select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name",
  );
  const tables = new Map<string, Table>();
  const objects: DbObject[] = [];
  for (const m of master) {
    if (m.type === "view") objects.push({ kind: "view", name: m.name });
    else if (m.type === "trigger") objects.push({ kind: "trigger", name: m.name, table: m.tbl_name });
    else if (m.type === "table") tables.set(m.name, readTable(db, m.name, m.sql ?? ""));
  }
  return { dialect: "sqlite", schema: finishSchema(tables, []), objects };
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function readTable(db: Database, name: string, sql: string): Table {
  const t = newTable(name);
  const cols = queryRows(db, `pragma table_xinfo(${q(name)})`);
  const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  t.primaryKey = pk.map((c) => c.name);
  // table_xinfo marks a generated column hidden 2 (virtual) or 3 (stored); its expression is kept
  // nowhere but in the CREATE TABLE statement.
  const generated = cols.some((c) => c.hidden === 2 || c.hidden === 3) ? generatedExpressions(sql) : null;
  for (const c of cols) {
    if (c.hidden === 1) continue; // virtual-table internals
    const type = parseDbType("sqlite", c.type || "blob");
    // INTEGER PRIMARY KEY is the rowid: it autoincrements without a default.
    const rowid = pk.length === 1 && c.pk === 1 && /^integer$/i.test(c.type);
    const expression = generated && (generated.get(c.name) ?? caseless(generated, c.name));
    const computed = expression != null ? { expression, persisted: c.hidden === 3 } : null;
    t.columns.push(
      newColumn(c.name, type, c.notnull === 0, computed ? null : (c.dflt_value ?? null), {
        autoincrement: rowid ? true : null,
        ...(computed ? { computed } : {}),
      }),
    );
  }
  for (const [, rows] of groupBy(queryRows(db, `pragma foreign_key_list(${q(name)})`), (r) => String(r.id))) {
    rows.sort((a, b) => a.seq - b.seq);
    const refTable = rows[0].table as string;
    let refColumns = rows.map((r) => r.to as string | null);
    if (refColumns.some((c) => c == null))
      refColumns = queryRows(db, `pragma table_info(${q(refTable)})`)
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
    t.foreignKeys.push({
      name: null,
      columns: rows.map((r) => r.from),
      refTable,
      refColumns: refColumns as string[],
      onDelete: fkAction(rows[0].on_delete),
      onUpdate: fkAction(rows[0].on_update),
    });
  }
  for (const ix of queryRows(db, `pragma index_list(${q(name)})`)) {
    if (ix.origin === "pk") continue;
    const info = queryRows(db, `pragma index_xinfo(${q(ix.name)})`)
      .filter((r) => r.key === 1)
      .sort((a, b) => a.seqno - b.seqno);
    const columns = info.filter((r) => r.cid >= 0).map((r) => r.name as string);
    const hasExpr = info.some((r) => r.cid === -2);
    if (ix.origin === "u")
      t.uniqueConstraints.push({ name: ix.name.startsWith("sqlite_autoindex_") ? null : ix.name, columns });
    else if (!hasExpr && ix.partial) {
      // A partial index on plain columns: the columns, and its WHERE clause as the one expression.
      const where = /\)\s*(WHERE\s[\s\S]*)$/i
        .exec(indexTail(db, ix.name))?.[1]
        .replace(/^WHERE\s+/i, "WHERE ")
        .trim();
      t.indexes.push({
        name: ix.name,
        columns,
        unique: ix.unique === 1,
        expressions: [where ?? indexTail(db, ix.name)],
      });
    } else
      t.indexes.push({
        name: ix.name,
        columns,
        unique: ix.unique === 1,
        ...(hasExpr ? { expressions: [indexTail(db, ix.name)] } : {}),
      });
  }
  t.checkConstraints = checksOf(sql);
  return t;
}

/** SQLite's names are case-insensitive: `Total` in the statement is the pragma's `total`. */
function caseless(m: Map<string, string>, name: string): string | undefined {
  for (const [k, v] of m) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

function indexTail(db: Database, index: string): string {
  const row = queryRows(db, "select sql from sqlite_master where type = 'index' and name = ?", [index])[0];
  return String(row?.sql ?? "").replace(/^[^(]*/, "");
}

/**
 * CHECK constraints from a CREATE TABLE statement (SQLite keeps them only as text), each with its
 * parentheses; read as tokens, so a `CHECK (` or a `)` inside a string, a quoted name or a comment
 * is none.
 */
export function checksOf(sql: string): CheckConstraint[] {
  const tokens = sqlTokens(sql, { brackets: true });
  const out: CheckConstraint[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!(tokens[i].kind === "word" && /^check$/i.test(tokens[i].text) && tokens[i + 1].kind === "(")) continue;
    const close = closingParen(tokens, i + 1);
    const named = i >= 2 && tokens[i - 2].kind === "word" && /^constraint$/i.test(tokens[i - 2].text);
    out.push({
      name: named ? unquoted(tokens[i - 1]) : null,
      expression: sql.slice(tokens[i + 1].start, close < tokens.length ? tokens[close].end : sql.length).trim(),
    });
    i = close;
  }
  return out;
}
