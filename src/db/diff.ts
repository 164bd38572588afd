import { dialectSpec, type ExpressionReadings, expressionReadings } from "./dialect.js";
import type { Column, EnumType, Schema, SourceLocation, Table } from "../schema/model.js";
import type { Introspection } from "./connection.js";
import { isPythonExpression, normalizeDefault, pythonDefaultToSql } from "./defaults.js";
import { globMatcher } from "./glob.js";
import { describeType, sameType } from "./types.js";
import type { Dialect } from "./url.js";
import { compareConstraints } from "./diff-constraints.js";
import { generatedClause, generatedStored, identityClause } from "./ddl.js";
import { expressionKey } from "./sql-text.js";
import { frameworkTraits } from "../schema/frameworks.js";

/** The checklist of seed 002, in order. */
export const CHECKS = [
  "tables",
  "columns",
  "primary keys",
  "unique constraints",
  "indexes",
  "foreign keys",
  "check constraints",
  "enum types",
  "extra objects",
] as const;
export type Check = (typeof CHECKS)[number];

/** One difference between the models and the database. */
export interface Drift {
  code: string;
  check: Check;
  table: string | null;
  /** What differs: `tasks`, `tasks.status`, `index ix_tasks_status`. */
  subject: string;
  message: string;
  /** The model's file:line, when a model is involved. */
  source: SourceLocation | null;
  model?: string | null;
  database?: string | null;
}

export interface DiffResult {
  dialect: Dialect;
  /** How many items each check compared, and how many differ. */
  checks: { check: Check; compared: number; drift: number }[];
  drift: Drift[];
}

/** A drift collector shared by the comparison passes. */
export class DriftList {
  readonly items: Drift[] = [];
  readonly compared = new Map<Check, number>();
  count(check: Check, n = 1): void {
    this.compared.set(check, (this.compared.get(check) ?? 0) + n);
  }
  add(d: Omit<Drift, "source"> & { source?: SourceLocation | null }): void {
    this.items.push({ ...d, source: d.source ?? null });
  }
}

/**
 * Compares the source schema with an introspected database. Each difference is reported once:
 * a missing table hides its columns and keys, a missing column hides the keys that use it, a
 * foreign key whose target changed is one finding, not a missing plus an extra key.
 */
export function diffSchemas(model: Schema, db: Introspection, opts: DiffOptions = {}): DiffResult {
  const dialect = db.dialect;
  const out = new DriftList();
  const ignored = globMatcher([...DEFAULT_IGNORED_TABLES, ...(opts.ignore ?? [])]);
  const modelTables = mergeTables(
    model.tables.filter((t) => (!t.schema || t.schema === (opts.schema ?? "public")) && !ignored(t.name)),
  );
  const dbTables = new Map(db.schema.tables.filter((t) => !ignored(t.name)).map((t) => [t.name, t]));
  const enumDbName = enumNamer(model.enums);
  const readings = expressionReadings(dialect, db.sqlMode, db.standardConformingStrings !== false);
  for (const [name, mt] of modelTables) {
    out.count("tables");
    const dt = dbTables.get(name);
    if (!dt) {
      out.add({
        code: "DB001",
        check: "tables",
        table: name,
        subject: name,
        message: `table ${name} is missing from the database`,
        source: mt.source,
      });
      continue;
    }
    compareColumns(dialect, mt, dt, out, enumDbName, readings);
  }
  for (const dt of dbTables.values()) {
    if (modelTables.has(dt.name)) continue;
    out.count("tables");
    out.add({
      code: "DB002",
      check: "tables",
      table: dt.name,
      subject: dt.name,
      message: `table ${dt.name} exists only in the database`,
    });
  }
  const both = [...modelTables.values()]
    .filter((t) => dbTables.has(t.name))
    .map((t) => [t, dbTables.get(t.name)!] as const);
  compareConstraints(dialect, both, new Set(modelTables.keys()), new Set(dbTables.keys()), out, readings);
  // Enum types of tables missing from the database go with them: the missing table is the finding.
  compareEnums(dialect, { ...model, tables: both.map(([t]) => t) }, db, both, out, enumDbName, [
    ...modelTables.values(),
  ]);
  for (const o of db.objects) {
    if (ignored(o.name)) continue;
    out.count("extra objects");
    out.add({
      code: "DB080",
      check: "extra objects",
      table: o.table ?? null,
      subject: o.name,
      message: `${o.kind} ${o.name}${o.table ? ` on ${o.table}` : ""} exists only in the database`,
    });
  }
  const checks = CHECKS.map((check) => ({
    check,
    compared: out.compared.get(check) ?? 0,
    drift: out.items.filter((d) => d.check === check).length,
  }));
  return { dialect, checks, drift: out.items };
}

export interface DiffOptions {
  /** PostgreSQL schema the database was read from (model tables in other schemas are skipped). */
  schema?: string;
  /** Table (and object) names to leave out, `*` and `?` wildcards. */
  ignore?: string[];
}

/** Bookkeeping tables of migration tools and extensions: never drift. */
export const DEFAULT_IGNORED_TABLES = ["alembic_version", "django_migrations", "aerich", "spatial_ref_sys"];

/** Single-table inheritance maps several models onto one table: their columns add up. */
function mergeTables(tables: Table[]): Map<string, Table> {
  const m = new Map<string, Table>();
  for (const t of tables) {
    const prev = m.get(t.name);
    if (!prev) {
      m.set(t.name, t);
      continue;
    }
    const names = new Set(prev.columns.map((c) => c.name));
    m.set(t.name, {
      ...prev,
      columns: [...prev.columns, ...t.columns.filter((c) => !names.has(c.name))],
      indexes: [...prev.indexes, ...t.indexes],
    });
  }
  return m;
}

function enumNamer(enums: EnumType[]): (name: string) => string {
  const byName = new Map(enums.map((e) => [e.name, e]));
  return (name) => byName.get(name)?.dbName ?? name.toLowerCase();
}

function compareColumns(
  dialect: Dialect,
  mt: Table,
  dt: Table,
  out: DriftList,
  enumDbName: (n: string) => string,
  readings: ExpressionReadings,
): void {
  const dbCols = new Map(dt.columns.map((c) => [c.name, c]));
  const where = (c: Column) => c.source ?? mt.source;
  for (const mc of mt.columns) {
    out.count("columns");
    const dc = dbCols.get(mc.name);
    const subject = `${mt.name}.${mc.name}`;
    if (!dc) {
      out.add({
        code: "DB010",
        check: "columns",
        table: mt.name,
        subject,
        message: `column ${subject} is missing from the database`,
        source: where(mc),
      });
      continue;
    }
    const modelType = typeOnDatabase(mt.framework, dialect, mc.type);
    if (!sameType(dialect, modelType, dc.type, enumDbName)) {
      out.add({
        code: "DB011",
        check: "columns",
        table: mt.name,
        subject,
        // A runtime dump has no source spelling (`written` is empty): the neutral type alone then.
        message: `column ${subject} type differs: model ${mc.type.written ? `${mc.type.written} ` : ""}(${describeType(mc.type)}), database ${dc.type.written}`,
        source: where(mc),
        model: mc.type.written,
        database: dc.type.written,
      });
    }
    const mNull = mc.primaryKey || mt.primaryKey.includes(mc.name) ? false : mc.nullable;
    if (!mc.unknown?.includes("nullable") && mNull !== dc.nullable) {
      out.add({
        code: "DB012",
        check: "columns",
        table: mt.name,
        subject,
        message: `column ${subject} is ${mNull ? "nullable" : "NOT NULL"} in the model but ${dc.nullable ? "nullable" : "NOT NULL"} in the database`,
        source: where(mc),
        model: mNull ? "NULL" : "NOT NULL",
        database: dc.nullable ? "NULL" : "NOT NULL",
      });
    }
    // Django before 5.0 and Tortoise cannot declare a server default: only a declared one is compared.
    const undeclarable = !frameworkTraits(mt.framework).serverDefaults && mc.serverDefault == null;
    if (!mc.unknown?.includes("serverDefault") && !undeclarable && !isPythonExpression(mc.serverDefault))
      compareDefault(dialect, mt, mc, dc, out, readings);
    compareComputed(dialect, mt, mc, dc, out, readings);
    compareIdentity(dialect, mt, mc, dc, out);
    compareComment(dialect, mt, mc, dc, out);
  }
  const names = new Set(mt.columns.map((c) => c.name));
  for (const dc of dt.columns) {
    if (names.has(dc.name)) continue;
    out.count("columns");
    out.add({
      code: "DB013",
      check: "columns",
      table: mt.name,
      subject: `${mt.name}.${dc.name}`,
      message: `column ${mt.name}.${dc.name} (${dc.type.written}) exists only in the database`,
      source: mt.source,
      database: dc.type.written,
    });
  }
}

/** The type a framework's field has in the database, where the framework decides it (the dialect says). */
export function typeOnDatabase(framework: string, dialect: Dialect, t: Column["type"]): Column["type"] {
  return dialectSpec(dialect).frameworkType?.(framework, t) ?? t;
}

/**
 * Column comments. SQLite keeps none; Django 3.2 cannot declare one (db_comment is Django 4.2), so
 * on Django models, as on Tortoise models without a description, only a declared comment counts.
 */
function compareComment(dialect: Dialect, mt: Table, mc: Column, dc: Column, out: DriftList): void {
  if (dialectSpec(dialect).comments === "none" || mc.unknown?.includes("comment")) return;
  const m = mc.comment || null;
  const d = dc.comment || null;
  if (m === d || (m === null && !frameworkTraits(mt.framework).comments)) return;
  const said = (c: string | null) => (c === null ? "none" : JSON.stringify(c));
  columnDrift(out, "DB015", mt, mc, `comment differs: model ${said(m)}, database ${said(d)}`, m, d);
}

/** A finding about one column of both sides, at the model column (or its table): `column t.c <what>`. */
function columnDrift(
  out: DriftList,
  code: string,
  mt: Table,
  mc: Column,
  what: string,
  model: string | null,
  database: string | null,
  noun = "column",
): void {
  const subject = `${mt.name}.${mc.name}`;
  out.add({
    code,
    check: "columns",
    table: mt.name,
    subject,
    message: `${noun} ${subject} ${what}`,
    source: mc.source ?? mt.source,
    model,
    database,
  });
}

function compareDefault(
  dialect: Dialect,
  mt: Table,
  mc: Column,
  dc: Column,
  out: DriftList,
  readings: ExpressionReadings,
): void {
  const bool = mc.type.normalized === "boolean" || dc.type.normalized === "boolean";
  const m = normalizeDefault(mc.serverDefault, dialect, bool);
  const d = normalizeDefault(dc.serverDefault, dialect, bool);
  if (m === d) return;
  // An expression default is stored rewritten as a generated column's is (PostgreSQL gives back
  // `'a' || 'b' || current_user` as `(('a'::text || 'b'::text) || (CURRENT_USER)::text)`, and a
  // `U&'...' UESCAPE '!'` as its plain string): the two are compared by expression key then.
  const sql = m !== null && d !== null ? pythonDefaultToSql(mc.serverDefault) : null;
  if (sql && expressionKey(sql, readings.model) === expressionKey(dc.serverDefault!, readings.database)) return;
  const [model, database] = [mc.serverDefault ?? null, dc.serverDefault ?? null];
  columnDrift(
    out,
    "DB014",
    mt,
    mc,
    `default differs: model ${model ?? "none"}, database ${database ?? "none"}`,
    model,
    database,
  );
}

/**
 * Generated columns: generated on one side and plain on the other, stored on one side and computed
 * on read on the other, or computing a different expression (compared by `expressionKey`, which
 * says what it forgives). Django and Tortoise models declare no generated column the reader sees,
 * so on them only one the model declares is held to the database.
 */
function compareComputed(
  dialect: Dialect,
  mt: Table,
  mc: Column,
  dc: Column,
  out: DriftList,
  readings: ExpressionReadings,
): void {
  if (mc.unknown?.includes("computed")) return;
  const m = mc.computed ?? null;
  const d = dc.computed ?? null;
  if (!m && (!d || !frameworkTraits(mt.framework).generatedColumns)) return;
  const stored = (c: NonNullable<Column["computed"]>) => generatedStored(c, dialect);
  const sql = (c: Column["computed"]) => (c ? generatedClause(c, dialect) : null);
  let what: string;
  if (!m) what = `is a plain column in the model but generated in the database: ${sql(d)}`;
  else if (!d) what = `is generated in the model (${sql(m)}) but a plain column in the database`;
  else {
    const sameExpression =
      expressionKey(m.expression, readings.model) === expressionKey(d.expression, readings.database);
    const where = (c: typeof m) => (stored(c) ? "stored" : "virtual");
    if (sameExpression && stored(m) === stored(d)) return;
    what = [
      sameExpression ? "" : `expression differs: model (${m.expression}), database (${d.expression})`,
      stored(m) === stored(d) ? "" : `is ${where(m)} in the model but ${where(d)} in the database`,
    ]
      .filter(Boolean)
      .join("; ");
  }
  columnDrift(out, "DB016", mt, mc, what, sql(m), sql(d), "generated column");
}

/**
 * Identity columns (where the dialect has them: PostgreSQL): a model's `Identity(...)` is held to the database (an identity
 * there too, ALWAYS or BY DEFAULT, the same start, step, bounds, CYCLE and CACHE). A database identity under a plain
 * model column counts only when it is ALWAYS and the model is SQLAlchemy's: `create_all` would
 * make a SERIAL there, and the database refuses the explicit keys a SERIAL takes (a fixture load,
 * a copy). A BY DEFAULT identity behaves as the serial the model expects, and Django 4.1+ creates
 * one for every AutoField itself.
 */
function compareIdentity(dialect: Dialect, mt: Table, mc: Column, dc: Column, out: DriftList): void {
  // MySQL, MariaDB and SQLite have none: SQLAlchemy makes an `Identity()` key AUTO_INCREMENT there.
  if (!dialectSpec(dialect).identityColumns || mc.unknown?.includes("identity")) return;
  const m = mc.identity ?? null;
  const d = dc.identity ?? null;
  if (!m && !(d?.always && frameworkTraits(mt.framework).identityFromModel)) return;
  const sql = (i: Column["identity"]) => (i ? identityClause(i, true) : null);
  if (m && d && sql(m) === sql(d)) return;
  const what = !d
    ? `is an identity in the model (${sql(m)}) but not in the database`
    : !m
      ? `is a plain column in the model but ${sql(d)} in the database`
      : `differs: model ${sql(m)}, database ${sql(d)}`;
  columnDrift(out, "DB017", mt, mc, what, sql(m), sql(d), "identity column");
}

/** PostgreSQL enum types by name and values; MySQL's inline enums per column. SQLite has none. */
function compareEnums(
  dialect: Dialect,
  model: Schema,
  db: Introspection,
  both: (readonly [Table, Table])[],
  out: DriftList,
  enumDbName: (n: string) => string,
  allTables: Table[],
): void {
  const modelEnums = new Map(model.enums.map((e) => [e.name, e]));
  const kind = dialectSpec(dialect).enums;
  if (kind === "inline") {
    const dbEnums = new Map(db.schema.enums.map((e) => [e.name, e]));
    for (const [mt, dt] of both) {
      for (const mc of mt.columns) {
        const me = mc.type.enum ? modelEnums.get(mc.type.enum) : undefined;
        const dc = dt.columns.find((c) => c.name === mc.name);
        const de = dc?.type.enum ? dbEnums.get(dc.type.enum) : undefined;
        if (!me || !de) continue;
        out.count("enum types");
        valuesDiffer(`${mt.name}.${mc.name}`, me, de, mc.source ?? me.source ?? mt.source, out);
      }
    }
    return;
  }
  if (kind !== "named") return;
  // An enum without a location of its own is named by the first column that uses it.
  const used = new Map<string, SourceLocation | undefined>();
  for (const t of model.tables) {
    for (const c of t.columns)
      for (const ty of [c.type, c.type.item])
        if (ty?.normalized === "enum" && ty.enum && !used.has(ty.enum)) used.set(ty.enum, c.source ?? t.source);
  }
  const dbEnums = new Map(db.schema.enums.map((e) => [e.dbName ?? e.name, e]));
  const seen = new Set<string>();
  for (const name of [...used.keys()].sort()) {
    const dbName = enumDbName(name);
    if (seen.has(dbName)) continue;
    seen.add(dbName);
    out.count("enum types");
    const me = modelEnums.get(name);
    const de = dbEnums.get(dbName);
    const source = me?.source ?? used.get(name);
    if (!de) {
      out.add({
        code: "DB070",
        check: "enum types",
        table: null,
        subject: dbName,
        message: `enum type ${dbName} is missing from the database`,
        source,
      });
      continue;
    }
    if (me) valuesDiffer(dbName, me, de, source, out);
  }
  // A type some model uses, even on a table missing from the database, is not "only in the
  // database"; one used by a table only the database has goes with that table.
  for (const t of allTables)
    for (const c of t.columns) for (const ty of [c.type, c.type.item]) if (ty?.enum) seen.add(enumDbName(ty.enum));
  const modelNames = new Set(allTables.map((t) => t.name));
  for (const t of db.schema.tables)
    if (!modelNames.has(t.name))
      for (const c of t.columns) for (const ty of [c.type, c.type.item]) if (ty?.enum) seen.add(ty.enum);
  for (const [dbName] of dbEnums) {
    if (seen.has(dbName)) continue;
    out.count("enum types");
    out.add({
      code: "DB072",
      check: "enum types",
      table: null,
      subject: dbName,
      message: `enum type ${dbName} exists only in the database`,
    });
  }
}

/**
 * SQLAlchemy stores an Enum class's member names unless values_callable says values, and the
 * static schema cannot always tell which: the database's labels match if they equal either list.
 */
function valuesDiffer(
  subject: string,
  me: EnumType,
  de: EnumType,
  source: SourceLocation | undefined,
  out: DriftList,
): void {
  if (me.unresolved) return;
  const candidates = [me.values, ...(me.members ? [me.members] : [])];
  if (candidates.some((c) => c.join("\0") === de.values.join("\0"))) return;
  const distance = (c: string[]) =>
    c.filter((v) => !de.values.includes(v)).length + de.values.filter((v) => !c.includes(v)).length;
  const mine = candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  const missing = mine.filter((v) => !de.values.includes(v));
  const extra = de.values.filter((v) => !mine.includes(v));
  const what = [
    missing.length ? `missing ${missing.join(", ")}` : "",
    extra.length ? `only in the database ${extra.join(", ")}` : "",
    !missing.length && !extra.length ? "order differs" : "",
  ]
    .filter(Boolean)
    .join("; ");
  out.add({
    code: "DB071",
    check: "enum types",
    table: null,
    subject,
    message: `enum ${subject} values differ (${what}): model [${mine.join(", ")}], database [${de.values.join(", ")}]`,
    source,
    model: mine.join(","),
    database: de.values.join(","),
  });
}
