import type { Column, ColumnType, Schema, Table } from "../schema/model.js";
import { isPythonExpression, isSqlalchemyExpression, pythonDefaultToSql } from "./defaults.js";
import type { Dialect } from "./url.js";

const RESERVED = new Set(("all and any array as asc between both case cast check collate column constraint create cross current_date current_time " +
  "current_timestamp default desc distinct do else end except false fetch for foreign from grant group having in index inner insert interval " +
  "intersect into is join key leading left like limit not null offset on only or order outer primary references right select session_user " +
  "some table then to trailing true union unique user using values when where window with").split(" "));

/** Quotes an identifier when the dialect needs it. */
export function quoteIdent(dialect: Dialect, name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name)) return name;
  return dialect === "mysql" ? `\`${name.replace(/`/g, "``")}\`` : `"${name.replace(/"/g, '""')}"`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * CREATE statements for a schema: enum types (PostgreSQL), tables in foreign-key dependency
 * order, indexes, then the foreign keys that close a cycle (ALTER TABLE; inline on SQLite).
 */
export function renderDdl(schema: Schema, dialect: Dialect): string {
  const q = (n: string) => quoteIdent(dialect, n);
  const enumByName = new Map(schema.enums.map((e) => [e.name, e]));
  const enumDbName = (n: string) => enumByName.get(n)?.dbName ?? n.toLowerCase();
  const out: string[] = [];
  if (dialect === "postgresql") {
    const used = new Set<string>();
    for (const t of schema.tables) for (const c of t.columns) for (const ty of [c.type, c.type.item]) if (ty?.normalized === "enum" && ty.enum) used.add(ty.enum);
    const done = new Set<string>();
    for (const name of [...used].sort()) {
      const e = enumByName.get(name);
      const db = enumDbName(name);
      if (!e || done.has(db)) continue;
      done.add(db);
      out.push(`CREATE TYPE ${q(db)} AS ENUM (${e.values.map(lit).join(", ")});`);
    }
  }
  const { order, deferred } = dependencyOrder(schema.tables);
  const ctx: TypeContext = { dialect, enumDbName, enumValues: (n) => enumByName.get(n)?.values ?? [] };
  for (const t of order) out.push(createTable(t, ctx, dialect === "sqlite" ? new Set() : deferred));
  for (const t of order) out.push(...createIndexes(t, q));
  if (dialect !== "sqlite") {
    for (const t of order) {
      for (const f of t.foreignKeys) if (deferred.has(f)) out.push(`ALTER TABLE ${q(t.name)} ADD ${fkClause(f, q)};`);
    }
  }
  return out.join("\n\n") + "\n";
}

/** Tables whose foreign-key targets come first; keys that close a cycle are returned as deferred. */
export function dependencyOrder(tables: Table[]): { order: Table[]; deferred: Set<Table["foreignKeys"][number]> } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const order: Table[] = [];
  const state = new Map<string, "visiting" | "done">();
  const deferred = new Set<Table["foreignKeys"][number]>();
  const visit = (t: Table) => {
    state.set(t.name, "visiting");
    for (const f of t.foreignKeys) {
      const target = byName.get(f.refTable);
      if (!target || target === t) continue;
      const s = state.get(target.name);
      if (s === "visiting") deferred.add(f);
      else if (!s) visit(target);
    }
    state.set(t.name, "done");
    order.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) if (!state.has(t.name)) visit(t);
  return { order, deferred };
}

interface TypeContext {
  dialect: Dialect;
  enumDbName: (n: string) => string;
  enumValues: (n: string) => string[];
}

/** The SQL type a dialect declares for a neutral column type. */
export function sqlType(t: ColumnType, ctx: TypeContext, autoPk = false): string {
  const d = ctx.dialect;
  const len = t.length ? `(${t.length})` : "";
  switch (t.normalized) {
    case "integer": return autoPk && d === "postgresql" ? "SERIAL" : "INTEGER";
    case "bigint": return autoPk && d === "postgresql" ? "BIGSERIAL" : "BIGINT";
    case "smallint": return "SMALLINT";
    case "float": return t.precision ? `FLOAT(${t.precision})` : "FLOAT";
    case "double": return d === "postgresql" ? "DOUBLE PRECISION" : "DOUBLE";
    case "numeric": return t.precision != null ? `NUMERIC(${t.precision}${t.scale != null ? `, ${t.scale}` : ""})` : "NUMERIC";
    case "string": return /^(n?char|character|bpchar)\b(?!\s+varying)/i.test(t.written) ? `CHAR${len}` : `VARCHAR${len || (d === "mysql" ? "(255)" : "")}`;
    case "text": return "TEXT";
    case "boolean": return "BOOLEAN";
    case "date": return "DATE";
    case "time": return d === "postgresql" && t.timezone ? "TIME WITH TIME ZONE" : "TIME";
    case "datetime": return d === "postgresql" ? (t.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE") : d === "mysql" ? "DATETIME" : "DATETIME";
    case "interval": return d === "postgresql" ? "INTERVAL" : "DATETIME";
    case "uuid": return d === "postgresql" ? "UUID" : "CHAR(32)";
    case "json": return "JSON";
    case "jsonb": return d === "postgresql" ? "JSONB" : "JSON";
    case "binary": return d === "postgresql" ? "BYTEA" : t.length ? `VARBINARY(${t.length})` : "BLOB";
    case "inet": case "cidr": return d === "postgresql" ? t.normalized.toUpperCase() : "VARCHAR(43)";
    case "array": return d === "postgresql" && t.item ? `${sqlType(t.item, ctx)}[]` : "JSON";
    case "enum": {
      const values = t.enum ? ctx.enumValues(t.enum) : [];
      if (d === "postgresql" && t.enum) return quoteIdent(d, ctx.enumDbName(t.enum));
      if (d === "mysql") return `ENUM(${values.map(lit).join(", ")})`;
      return `VARCHAR(${Math.max(1, ...values.map((v) => v.length))})`;
    }
    // A type the source names but Remodel cannot see through (a project's TypeDecorator): TEXT, named.
    default: return `TEXT /* ${(t.written || t.normalized).replace(/\*\//g, "").replace(/\s+/g, " ").slice(0, 60)} */`;
  }
}

function isAutoPk(t: Table, c: Column): boolean {
  const pk = t.primaryKey.length ? t.primaryKey : t.columns.filter((x) => x.primaryKey).map((x) => x.name);
  return pk.length === 1 && pk[0] === c.name && ["integer", "bigint"].includes(c.type.normalized) && c.autoincrement !== false && !c.serverDefault &&
    !t.foreignKeys.some((f) => f.columns.includes(c.name));
}

function createTable(t: Table, ctx: TypeContext, deferred: Set<Table["foreignKeys"][number]>): string {
  const d = ctx.dialect;
  const q = (n: string) => quoteIdent(d, n);
  const lines: string[] = [];
  const pk = t.primaryKey.length ? t.primaryKey : t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  for (const c of t.columns) {
    const auto = isAutoPk(t, c);
    let line = `${q(c.name)} ${sqlType(c.type, ctx, auto)}`;
    if (d === "sqlite" && auto) line = `${q(c.name)} INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`;
    else {
      const def = isPythonExpression(c.serverDefault) ? null : defaultFor(d, pythonDefaultToSql(c.serverDefault));
      if (def !== null) line += ` DEFAULT ${def}`;
      if (!c.nullable || pk.includes(c.name)) line += " NOT NULL";
      if (d === "mysql" && auto) line += " AUTO_INCREMENT";
    }
    if (d === "mysql" && c.comment) line += ` COMMENT ${lit(c.comment)}`;
    lines.push(line);
  }
  const sqliteAuto = d === "sqlite" && t.columns.some((c) => isAutoPk(t, c));
  if (pk.length && !sqliteAuto) lines.push(`PRIMARY KEY (${pk.map(q).join(", ")})`);
  const uniques = [...t.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns })), ...t.columns.filter((c) => c.unique && !c.index && !c.primaryKey).map((c) => ({ name: null, columns: [c.name] }))];
  for (const u of uniques) lines.push(`${u.name ? `CONSTRAINT ${q(u.name)} ` : ""}UNIQUE (${u.columns.map(q).join(", ")})`);
  // A check written as a SQLAlchemy expression (sa.or_(...)) is Python, not SQL: it cannot be rendered.
  for (const c of t.checkConstraints.filter((k) => !isSqlalchemyExpression(k.expression))) {
    lines.push(`${c.name ? `CONSTRAINT ${q(c.name)} ` : ""}CHECK (${c.expression.replace(/^\((.*)\)$/s, "$1")})`);
  }
  for (const f of t.foreignKeys) if (!deferred.has(f)) lines.push(fkClause(f, q));
  const comment = d === "mysql" && t.comment ? ` COMMENT=${lit(t.comment)}` : "";
  let sql = `CREATE TABLE ${q(t.name)} (\n  ${lines.join(",\n  ")}\n)${comment};`;
  if (d === "postgresql") {
    if (t.comment) sql += `\nCOMMENT ON TABLE ${q(t.name)} IS ${lit(t.comment)};`;
    for (const c of t.columns) if (c.comment) sql += `\nCOMMENT ON COLUMN ${q(t.name)}.${q(c.name)} IS ${lit(c.comment)};`;
  }
  return sql;
}

/** now() is PostgreSQL's; the others spell it CURRENT_TIMESTAMP. SQLite wants other calls in parentheses. */
function defaultFor(d: Dialect, def: string | null): string | null {
  if (def === null || d === "postgresql") return def;
  if (/^(now|current_timestamp)\(\)$/i.test(def)) return "CURRENT_TIMESTAMP";
  return d === "sqlite" && /\(/.test(def) && !/^\(.*\)$/.test(def) ? `(${def})` : def;
}

function fkClause(f: Table["foreignKeys"][number], q: (n: string) => string): string {
  let s = `${f.name ? `CONSTRAINT ${q(f.name)} ` : ""}FOREIGN KEY (${f.columns.map(q).join(", ")}) REFERENCES ${q(f.refTable)} (${f.refColumns.map(q).join(", ")})`;
  if (f.onDelete) s += ` ON DELETE ${f.onDelete.toUpperCase()}`;
  if (f.onUpdate) s += ` ON UPDATE ${f.onUpdate.toUpperCase()}`;
  return s;
}

function createIndexes(t: Table, q: (n: string) => string): string[] {
  const out: string[] = [];
  for (const i of t.indexes) {
    if (i.expressions?.some(isSqlalchemyExpression)) continue; // Python, not SQL: see the checks above
    const name = i.name ?? `ix_${t.name}_${i.columns.join("_")}`;
    const body = i.expressions?.length && !i.columns.length ? i.expressions.join(", ") : i.columns.map(q).join(", ");
    out.push(`CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${q(name)} ON ${q(t.name)} (${body});`);
  }
  for (const c of t.columns) if (c.index) out.push(`CREATE ${c.unique ? "UNIQUE " : ""}INDEX ${q(`ix_${t.name}_${c.name}`)} ON ${q(t.name)} (${q(c.name)});`);
  return out;
}
