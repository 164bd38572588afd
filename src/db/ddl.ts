import { type Column, type ColumnType, identityStart, type Schema, type Table } from "../schema/model.js";
import { isPythonExpression, isSqlalchemyExpression, pythonDefaultToSql } from "./defaults.js";
import { dialectSpec, type TypeContext } from "./dialect.js";
import type { Dialect } from "./url.js";

export type { TypeContext } from "./dialect.js";

const RESERVED = new Set(
  (
    "all and any array as asc between both case cast check collate column constraint create cross current_date current_time " +
    "current_timestamp default desc distinct do else end except false fetch for foreign from grant group having in index inner insert interval " +
    "intersect into is join key leading left like limit not null offset on only or order outer primary references right select session_user " +
    "some table then to trailing true union unique user using values when where window with"
  ).split(" "),
);

/** Quotes an identifier when the dialect needs it. */
export function quoteIdent(dialect: Dialect, name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name)) return name;
  const q = dialectSpec(dialect).quoteChar;
  return `${q}${name.replaceAll(q, q + q)}${q}`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `'a', 'b'`: enum values as SQL literals. */
const enumValuesSql = (values: string[]) => values.map(lit).join(", ");

/**
 * CREATE statements for a schema: enum types (PostgreSQL), tables in foreign-key dependency
 * order, indexes, then the foreign keys that close a cycle (ALTER TABLE; inline on SQLite).
 */
export function renderDdl(schema: Schema, dialect: Dialect): string {
  const q = (n: string) => quoteIdent(dialect, n);
  const enumByName = new Map(schema.enums.map((e) => [e.name, e]));
  const enumDbName = (n: string) => enumByName.get(n)?.dbName ?? n.toLowerCase();
  const out: string[] = [];
  const spec = dialectSpec(dialect);
  if (spec.enums === "named") {
    const used = new Set<string>();
    for (const t of schema.tables)
      for (const c of t.columns)
        for (const ty of [c.type, c.type.item]) if (ty?.normalized === "enum" && ty.enum) used.add(ty.enum);
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
  const ctx: TypeContext = {
    dialect,
    enumDbName,
    enumValues: (n) => enumByName.get(n)?.values ?? [],
    quote: q,
    sqlType: (t) => sqlType(t, ctx),
    literals: enumValuesSql,
  };
  for (const t of order) out.push(createTable(t, ctx, spec.alterTableForeignKeys ? deferred : new Set()));
  for (const t of order) out.push(...createIndexes(t, q));
  if (spec.alterTableForeignKeys) {
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

/** The SQL type a dialect declares for a neutral column type: the dialect's own, or the common one. */
export function sqlType(t: ColumnType, ctx: TypeContext, autoPk = false): string {
  const own = dialectSpec(ctx.dialect).types[t.normalized];
  return own ? own(t, ctx, autoPk) : commonSqlType(t, ctx);
}

function commonSqlType(t: ColumnType, ctx: TypeContext): string {
  const len = t.length ? `(${t.length})` : "";
  switch (t.normalized) {
    case "integer":
      return "INTEGER";
    case "bigint":
      return "BIGINT";
    case "smallint":
      return "SMALLINT";
    case "float":
      return t.precision ? `FLOAT(${t.precision})` : "FLOAT";
    case "double":
      return "DOUBLE";
    case "numeric":
      return t.precision != null ? `NUMERIC(${t.precision}${t.scale != null ? `, ${t.scale}` : ""})` : "NUMERIC";
    case "string":
      return /^(n?char|character|bpchar)\b(?!\s+varying)/i.test(t.written) ? `CHAR${len}` : `VARCHAR${len}`;
    case "text":
      return "TEXT";
    case "boolean":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "datetime":
      return "DATETIME";
    case "interval":
      return "DATETIME";
    case "uuid":
      return "CHAR(32)";
    case "json":
      return "JSON";
    case "jsonb":
      return "JSON";
    case "binary":
      return t.length ? `VARBINARY(${t.length})` : "BLOB";
    case "inet":
    case "cidr":
      return "VARCHAR(43)";
    case "array":
      return "JSON";
    case "enum": {
      const values = t.enum ? ctx.enumValues(t.enum) : [];
      return `VARCHAR(${Math.max(1, ...values.map((v) => v.length))})`;
    }
    // A type the source names but Remodel cannot see through (a project's TypeDecorator): TEXT, named.
    default:
      return `TEXT /* ${(t.written || t.normalized).replace(/\*\//g, "").replace(/\s+/g, " ").slice(0, 60)} */`;
  }
}

/**
 * `GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5 MAXVALUE 999 CYCLE)`; the options
 * only when not the default, unless `explicit` (a drift message names both sides' start and step).
 */
export function identityClause(i: NonNullable<Column["identity"]>, explicit = false): string {
  const step = i.increment ?? 1;
  const start = identityStart(i) ?? (explicit ? (Number(step) < 0 ? -1 : 1) : undefined);
  const options = [
    ...(start !== undefined ? [`START WITH ${start}`] : []),
    ...(i.increment !== undefined || explicit ? [`INCREMENT BY ${step}`] : []),
    ...(i.minvalue !== undefined ? [`MINVALUE ${i.minvalue}`] : []),
    ...(i.maxvalue !== undefined ? [`MAXVALUE ${i.maxvalue}`] : []),
    ...(i.cache !== undefined ? [`CACHE ${i.cache}`] : []),
    ...(i.cycle ? ["CYCLE"] : []),
  ];
  return `GENERATED ${i.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${options.length ? ` (${options.join(" ")})` : ""}`;
}

/** Whether a generated column is stored: an unstated persisted= is what the dialect makes of it. */
export function generatedStored(c: NonNullable<Column["computed"]>, dialect: Dialect): boolean {
  return c.persisted ?? dialectSpec(dialect).generatedStoredByDefault;
}

/** `GENERATED ALWAYS AS (price * qty) STORED`. */
export function generatedClause(c: NonNullable<Column["computed"]>, dialect: Dialect): string {
  return `GENERATED ALWAYS AS (${c.expression}) ${generatedStored(c, dialect) ? "STORED" : "VIRTUAL"}`;
}

function isAutoPk(t: Table, c: Column): boolean {
  const pk = t.primaryKey.length ? t.primaryKey : t.columns.filter((x) => x.primaryKey).map((x) => x.name);
  return (
    pk.length === 1 &&
    pk[0] === c.name &&
    ["integer", "bigint"].includes(c.type.normalized) &&
    c.autoincrement !== false &&
    !c.serverDefault &&
    !t.foreignKeys.some((f) => f.columns.includes(c.name))
  );
}

function createTable(t: Table, ctx: TypeContext, deferred: Set<Table["foreignKeys"][number]>): string {
  const d = ctx.dialect;
  const spec = dialectSpec(d);
  const q = (n: string) => quoteIdent(d, n);
  const lines: string[] = [];
  const pk = t.primaryKey.length ? t.primaryKey : t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  for (const c of t.columns) {
    const identity = spec.identityColumns ? c.identity : null;
    // An identity key is a plain integer the identity fills, not a SERIAL beside it.
    const auto = !identity && isAutoPk(t, c);
    let line = `${q(c.name)} ${sqlType(c.type, ctx, auto)}`;
    if (identity) {
      line += ` ${identityClause(identity)}`;
      if (!c.nullable || pk.includes(c.name)) line += " NOT NULL";
    } else if (spec.autoIncrement === "inline-primary-key" && auto)
      line = `${q(c.name)} INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`;
    else {
      const def = isPythonExpression(c.serverDefault) ? null : defaultFor(d, pythonDefaultToSql(c.serverDefault));
      // An unstated persisted= is what SQLAlchemy's create_all gives on the dialect: stated here.
      if (c.computed) line += ` ${generatedClause(c.computed, d)}`;
      else if (def !== null) line += ` DEFAULT ${def}`;
      if (!c.nullable || pk.includes(c.name)) line += " NOT NULL";
      if (spec.autoIncrement === "column-suffix" && auto) line += " AUTO_INCREMENT";
    }
    if (spec.comments === "inline" && c.comment) line += ` COMMENT ${lit(c.comment)}`;
    lines.push(line);
  }
  const inlineAuto = spec.autoIncrement === "inline-primary-key" && t.columns.some((c) => isAutoPk(t, c));
  if (pk.length && !inlineAuto) lines.push(`PRIMARY KEY (${pk.map(q).join(", ")})`);
  const uniques = [
    ...t.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns })),
    ...t.columns.filter((c) => c.unique && !c.index && !c.primaryKey).map((c) => ({ name: null, columns: [c.name] })),
  ];
  for (const u of uniques)
    lines.push(`${u.name ? `CONSTRAINT ${q(u.name)} ` : ""}UNIQUE (${u.columns.map(q).join(", ")})`);
  // A check written as a SQLAlchemy expression (sa.or_(...)) is Python, not SQL: it cannot be rendered.
  for (const c of t.checkConstraints.filter((k) => !isSqlalchemyExpression(k.expression))) {
    lines.push(`${c.name ? `CONSTRAINT ${q(c.name)} ` : ""}CHECK (${c.expression.replace(/^\((.*)\)$/s, "$1")})`);
  }
  for (const f of t.foreignKeys) if (!deferred.has(f)) lines.push(fkClause(f, q));
  const comment = spec.comments === "inline" && t.comment ? ` COMMENT=${lit(t.comment)}` : "";
  let sql = `CREATE TABLE ${q(t.name)} (\n  ${lines.join(",\n  ")}\n)${comment};`;
  if (spec.comments === "statements") {
    if (t.comment) sql += `\nCOMMENT ON TABLE ${q(t.name)} IS ${lit(t.comment)};`;
    for (const c of t.columns)
      if (c.comment) sql += `\nCOMMENT ON COLUMN ${q(t.name)}.${q(c.name)} IS ${lit(c.comment)};`;
  }
  return sql;
}

function defaultFor(d: Dialect, def: string | null): string | null {
  return def === null ? null : dialectSpec(d).serverDefault(def);
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
  for (const c of t.columns)
    if (c.index)
      out.push(
        `CREATE ${c.unique ? "UNIQUE " : ""}INDEX ${q(`ix_${t.name}_${c.name}`)} ON ${q(t.name)} (${q(c.name)});`,
      );
  return out;
}
