import mysql from "mysql2/promise";
import type { EnumType, Table } from "../schema/model.js";
import type { ConnectOptions, DbConnection, DbObject, Introspection } from "./connection.js";
import { finishSchema, fkAction, groupBy, newColumn, newTable } from "./build.js";
import { connectError, queryError } from "./errors.js";
import { parseDbType } from "./types.js";
import { tlsOptions, type DbUrl } from "./url.js";

type Row = Record<string, any>;

/** MySQL and MariaDB through `mysql2`; introspection runs in a READ ONLY transaction. */
export async function connectMysql(url: DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: url.host,
      port: url.port,
      user: url.user ?? "root",
      password: url.password ?? "",
      database: url.database,
      connectTimeout: opts.timeoutMs ?? 10_000,
      multipleStatements: Boolean(opts.writable),
      dateStrings: true,
      ...(url.ssl ? { ssl: tlsOptions(url.ssl) as mysql.SslOptions } : {}),
    });
  } catch (e) {
    throw connectError(url, e);
  }
  conn.on("error", () => {});
  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
    try {
      return (await conn.query(sql, params))[0] as Row[];
    } catch (e) {
      throw queryError(url, e);
    }
  };
  return {
    dialect: "mysql",
    introspect: async () => {
      await query("START TRANSACTION READ ONLY");
      try {
        return await introspectMysql(query);
      } finally {
        await query("ROLLBACK");
      }
    },
    execute: opts.writable ? async (sql) => void (await query(sql)) : undefined,
    close: () => conn.end(),
  };
}

const Q = {
  tables:
    "select table_name as name, table_type as type, table_comment as comment from information_schema.tables where table_schema = database() order by table_name",
  columns: `select table_name as tbl, column_name as name, data_type as dtype, column_type as ctype, is_nullable as nullable,
    column_default as def, extra, generation_expression as gen, column_comment as comment from information_schema.columns where table_schema = database() order by table_name, ordinal_position`,
  indexes: `select table_name as tbl, index_name as name, non_unique as nonuniq, column_name as col from information_schema.statistics
    where table_schema = database() order by table_name, index_name, seq_in_index`,
  fks: `select k.table_name as tbl, k.constraint_name as name, k.column_name as col, k.referenced_table_name as reftable, k.referenced_column_name as refcol,
    r.update_rule as onupdate, r.delete_rule as ondelete from information_schema.key_column_usage k
    join information_schema.referential_constraints r on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name and r.table_name = k.table_name
    where k.table_schema = database() and k.referenced_table_name is not null order by k.table_name, k.constraint_name, k.ordinal_position`,
  checks: `select tc.table_name as tbl, cc.constraint_name as name, cc.check_clause as expr from information_schema.table_constraints tc
    join information_schema.check_constraints cc on cc.constraint_schema = tc.constraint_schema and cc.constraint_name = tc.constraint_name
    where tc.table_schema = database() and tc.constraint_type = 'CHECK' order by tc.table_name, cc.constraint_name`,
  // Without the join: a user with SELECT only sees key_column_usage but not referential_constraints
  // or table_constraints (MariaDB shows those to users with more than SELECT on the table).
  visibleFks:
    "select count(distinct table_name, constraint_name) as n from information_schema.key_column_usage where table_schema = database() and referenced_table_name is not null",
  constraintRows: "select count(*) as n from information_schema.table_constraints where table_schema = database()",
  triggers:
    "select trigger_name as name, event_object_table as tbl from information_schema.triggers where trigger_schema = database() order by trigger_name",
  version: "select version() as v",
  sqlMode: "select @@sql_mode as m",
};

async function introspectMysql(query: (sql: string) => Promise<Row[]>): Promise<Introspection> {
  const results = await Promise.all(
    [
      Q.tables,
      Q.columns,
      Q.indexes,
      Q.fks,
      Q.checks,
      Q.triggers,
      Q.version,
      Q.visibleFks,
      Q.constraintRows,
      Q.sqlMode,
    ].map((s) => query(s)),
  );
  const [rels, cols, idx, , , triggers, ver, visibleFks, constraintRows, mode] = results;
  const sqlMode = String(mode[0]?.m ?? "");
  let [, , , fks, checks] = results;
  const mariadb = /mariadb/i.test(String(ver[0]?.v));
  const warnings: string[] = [];
  const baseTables = rels.filter((r) => r.type !== "VIEW").map((r) => String(r.name));
  const hidden =
    new Set(fks.map((r) => `${r.tbl}\0${r.name}`)).size < Number(visibleFks[0]?.n ?? 0) ||
    (baseTables.length > 0 && Number(constraintRows[0]?.n ?? 0) === 0);
  if (hidden) {
    // Never a silently wrong report: the keys and checks come from SHOW CREATE TABLE instead.
    warnings.push(
      "this user cannot see information_schema's constraint tables (referential_constraints, table_constraints): foreign keys and check constraints read from SHOW CREATE TABLE instead",
    );
    const parsed = await fromShowCreate(query, baseTables, sqlMode);
    fks = parsed.fks;
    checks = parsed.checks;
  }
  const tables = new Map<string, Table>();
  const objects: DbObject[] = triggers.map((r) => ({ kind: "trigger", name: r.name, table: r.tbl }));
  for (const r of rels) {
    if (r.type === "VIEW") objects.push({ kind: "view", name: r.name });
    else tables.set(r.name, newTable(r.name, r.comment || null));
  }
  // MariaDB stores JSON as LONGTEXT guarded by CHECK (json_valid(`col`)): that check is the type.
  const jsonCols = new Set<string>();
  for (const c of checks) {
    // Under ANSI_QUOTES the server writes its names in double quotes: json_valid("col").
    const m = /^json_valid\((?:`([^`]+)`|"([^"]+)")\)$/i.exec(String(c.expr).trim());
    if (m) jsonCols.add(`${c.tbl}.${m[1] ?? m[2]}`);
    else tables.get(c.tbl)?.checkConstraints.push({ name: c.name, expression: c.expr });
  }
  const enums: EnumType[] = [];
  for (const r of cols) {
    const t = tables.get(r.tbl);
    if (!t) continue;
    const type = jsonCols.has(`${r.tbl}.${r.name}`)
      ? { written: "json", normalized: "json" }
      : parseDbType("mysql", r.ctype);
    if (r.dtype === "enum") {
      const values = [...String(r.ctype).matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
      const name = `${r.tbl}.${r.name}`;
      enums.push({ name, dbName: null, values });
      Object.assign(type, { normalized: "enum", enum: name });
    }
    const auto = /auto_increment/i.test(r.extra);
    // `STORED GENERATED` / `VIRTUAL GENERATED` (MySQL and MariaDB alike), the expression beside it.
    const generated = /\b(STORED|VIRTUAL|PERSISTENT) GENERATED\b/i.exec(r.extra ?? "");
    const computed =
      generated && r.gen ? { expression: String(r.gen), persisted: !/^VIRTUAL$/i.test(generated[1]) } : null;
    t.columns.push(
      newColumn(r.name, type, r.nullable === "YES", computed ? null : mysqlDefault(r, mariadb), {
        autoincrement: auto ? true : null,
        comment: r.comment || null,
        ...(computed ? { computed } : {}),
      }),
    );
  }
  for (const [key, rows] of groupBy(idx, (r) => `${r.tbl}\0${r.name}`)) {
    const t = tables.get(rows[0].tbl);
    const name = key.split("\0")[1];
    const columns = rows.map((r) => r.col as string).filter(Boolean);
    if (!t) continue;
    if (name === "PRIMARY") t.primaryKey = columns;
    else if (Number(rows[0].nonuniq) === 0) t.uniqueConstraints.push({ name, columns });
    else t.indexes.push({ name, columns, unique: false });
  }
  for (const [, rows] of groupBy(fks, (r) => `${r.tbl}\0${r.name}`)) {
    tables.get(rows[0].tbl)?.foreignKeys.push({
      name: rows[0].name,
      columns: rows.map((r) => r.col),
      refTable: rows[0].reftable,
      refColumns: rows.map((r) => r.refcol),
      onDelete: mysqlAction(rows[0].ondelete),
      onUpdate: mysqlAction(rows[0].onupdate),
    });
  }
  return {
    dialect: "mysql",
    schema: finishSchema(tables, enums),
    objects,
    sqlMode,
    ...(warnings.length ? { warnings } : {}),
  };
}

/**
 * How SHOW CREATE TABLE quotes names: in backticks, or under ANSI_QUOTES in double quotes (a
 * doubled quote inside either is one). `name` matches one quoted name, capturing its text.
 */
function quoting(sqlMode: string) {
  const q = sqlMode.toUpperCase().split(",").includes("ANSI_QUOTES") ? '"' : "`";
  const name = `${q}((?:[^${q}]|${q}${q})+)${q}`;
  const ident = (s: string) => s.replaceAll(q + q, q);
  const list = (s: string) => [...s.matchAll(new RegExp(name, "g"))].map((m) => ident(m[1]));
  return { name, ident, list };
}

/** Foreign keys and check constraints as SHOW CREATE TABLE prints them, in the rows the queries give. */
export async function fromShowCreate(
  query: (sql: string) => Promise<Row[]>,
  tables: string[],
  sqlMode: string,
): Promise<{ fks: Row[]; checks: Row[] }> {
  const fks: Row[] = [];
  const checks: Row[] = [];
  const { name, ident, list } = quoting(sqlMode);
  const fkLine = new RegExp(`^CONSTRAINT ${name} FOREIGN KEY \\((.+?)\\) REFERENCES ${name} \\((.+?)\\)(.*)$`);
  const checkLine = new RegExp(`^CONSTRAINT ${name} CHECK \\((.*)\\)$`);
  // MariaDB's JSON column: `payload` longtext ... CHECK (json_valid(`payload`)).
  const jsonLine = new RegExp(`^${name} .* CHECK \\((json_valid\\(${name}\\))\\)$`);
  for (const tbl of tables) {
    // Backticks quote a name under every sql_mode, ANSI_QUOTES too.
    const ddl = String(
      Object.values((await query(`SHOW CREATE TABLE \`${tbl.replace(/`/g, "``")}\``))[0] ?? {})[1] ?? "",
    );
    for (const line of ddl.split("\n").map((l) => l.trim().replace(/,$/, ""))) {
      const fk = fkLine.exec(line);
      if (fk) {
        const cols = list(fk[2]);
        const refs = list(fk[4]);
        const onDelete = /ON DELETE (SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION)/i.exec(fk[5])?.[1] ?? "RESTRICT";
        const onUpdate = /ON UPDATE (SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION)/i.exec(fk[5])?.[1] ?? "RESTRICT";
        cols.forEach((col, i) =>
          fks.push({
            tbl,
            name: ident(fk[1]),
            col,
            reftable: ident(fk[3]),
            refcol: refs[i],
            ondelete: onDelete,
            onupdate: onUpdate,
          }),
        );
        continue;
      }
      const named = checkLine.exec(line);
      if (named) {
        checks.push({ tbl, name: ident(named[1]), expr: named[2] });
        continue;
      }
      const json = jsonLine.exec(line);
      if (json) checks.push({ tbl, name: ident(json[1]), expr: json[2] });
    }
  }
  return { fks, checks };
}

/** RESTRICT is MySQL's default and behaves as NO ACTION: both read as the default. */
function mysqlAction(a: string): string | null {
  const s = fkAction(a);
  return s === "RESTRICT" ? null : s;
}

/** MariaDB quotes literal defaults and says NULL for none; MySQL 8 gives bare text. */
function mysqlDefault(r: Row, mariadb: boolean): string | null {
  const d: string | null = r.def;
  if (d === null || d === undefined) return null;
  if (mariadb) return d === "NULL" ? null : d;
  if (/DEFAULT_GENERATED/i.test(r.extra) || /^-?\d+(\.\d+)?$/.test(d)) return d;
  return `'${d.replace(/'/g, "''")}'`;
}
