/**
 * The CREATE TABLE of a table the project's models declare, for the proof's scratch database (a
 * table read from the code's own CREATE TABLE keeps that text). Written from the static schema:
 * columns, NOT NULL, server defaults, the primary key, unique columns and constraints, foreign keys.
 */
import type { Dialect } from "../../db/dialect.js";
import { dialectSpec } from "../../db/dialect.js";
import type { KnownTable } from "../known-schema.js";

export function scratchDdl(t: KnownTable, dialect: Dialect): string {
  if (t.ddl) return t.ddl;
  const { scratch } = dialectSpec(dialect).sql;
  const q = (n: string) =>
    `${scratch.quoteChar}${n.replaceAll(scratch.quoteChar, scratch.quoteChar + scratch.quoteChar)}${scratch.quoteChar}`;
  const pk = t.columns.filter((c) => c.primaryKey);
  const auto = pk.length === 1 && pk[0].autoincrement && /INT/.test(pk[0].type) ? pk[0] : undefined;
  const lines = t.columns.map((c) => {
    if (c === auto) return `${q(c.name)} ${scratch.autoIncrement(c.type)}`;
    let line = `${q(c.name)} ${c.enum && scratch.enumType ? q(c.enum.type) : scratch.columnType(c.type)}`;
    if (c.default !== null) line += ` DEFAULT ${defaultSql(c.default)}`;
    if (c.notNull || c.primaryKey) line += " NOT NULL";
    return line;
  });
  if (pk.length && !auto) lines.push(`PRIMARY KEY (${pk.map((c) => q(c.name)).join(", ")})`);
  for (const c of t.columns) if (c.unique && !c.primaryKey) lines.push(`UNIQUE (${q(c.name)})`);
  for (const u of t.uniques) lines.push(`UNIQUE (${u.map(q).join(", ")})`);
  for (const f of t.foreignKeys)
    lines.push(
      `FOREIGN KEY (${f.columns.map(q).join(", ")}) REFERENCES ${q(f.table)} (${f.refColumns.map(q).join(", ")})`,
    );
  return `CREATE TABLE ${q(t.name)} (\n  ${lines.join(",\n  ")}\n)`;
}

/** A model's server default as SQL: numbers and quoted or parenthesized text as written, the clock as CURRENT_TIMESTAMP, other text quoted. */
function defaultSql(d: string): string {
  if (/^(now\(\)|current_timestamp(\(\))?|func\.now\(\))$/i.test(d)) return "CURRENT_TIMESTAMP";
  if (/^-?\d+(\.\d+)?$/.test(d) || /^'.*'$/s.test(d) || /^\(.*\)$/s.test(d) || /^(true|false|null)$/i.test(d)) return d;
  return `'${d.replace(/'/g, "''")}'`;
}

/** The native enum types the tables' columns need, each once, made before the tables. */
export function scratchTypes(tables: KnownTable[], dialect: Dialect): string[] {
  const { scratch } = dialectSpec(dialect).sql;
  if (!scratch.enumType) return [];
  const made = new Map<string, string>();
  for (const t of tables)
    for (const c of t.columns)
      if (c.enum && !t.ddl && !made.has(c.enum.type))
        made.set(c.enum.type, scratch.enumType(c.enum.type, c.enum.labels));
  return [...made.values()];
}
