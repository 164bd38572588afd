import { dialectSpec, type ExpressionReadings } from "./dialect.js";
import type { ForeignKey, SourceLocation, Table } from "../schema/model.js";
import { fkAction } from "./build.js";
import { isSqlalchemyExpression } from "./defaults.js";
import type { DriftList } from "./diff.js";
import { type ExpressionOptions, expressionKey } from "./sql-text.js";
import type { Dialect } from "./url.js";
import { frameworkTraits } from "../schema/frameworks.js";

interface Keyed {
  key: string;
  label: string;
  source?: SourceLocation | null;
  /** Indexes: the access method (btree, gin, hash...). */
  method?: string;
}

/** Primary keys, unique constraints, indexes and foreign keys of the tables both sides have. */
export function compareConstraints(
  dialect: Dialect,
  both: (readonly [Table, Table])[],
  modelTables: Set<string>,
  dbTables: Set<string>,
  out: DriftList,
  readings: ExpressionReadings,
): void {
  for (const [mt, dt] of both) {
    const shared = new Set(mt.columns.map((c) => c.name).filter((n) => dt.columns.some((c) => c.name === n)));
    const usable = (cols: string[]) => cols.length > 0 && cols.every((c) => shared.has(c));
    comparePrimaryKey(mt, dt, usable, out);
    // The database's primary key is unique too: a model that declares it as a unique set (Django's
    // unique_together for a composite key it cannot declare) is not missing a constraint.
    const dbPk = { key: [...dt.primaryKey].sort().join(","), cols: dt.primaryKey, label: "primary key" };
    const dbUniques = [...uniques(dt, false), ...(dt.primaryKey.length ? [dbPk] : [])].filter((u) => usable(u.cols));
    // And the model's primary key is unique: a database UNIQUE on its columns is not missing from the
    // model (a table without a primary key whose unique column the model keys on: DB020 says it once).
    const modelPk = [
      ...(mt.primaryKey.length ? mt.primaryKey : mt.columns.filter((c) => c.primaryKey).map((c) => c.name)),
    ]
      .sort()
      .join(",");
    compareSets(
      out,
      "unique constraints",
      mt,
      uniques(mt, true).filter((u) => usable(u.cols)),
      dbUniques,
      ["DB030", "DB031"],
      [dbPk.key, modelPk],
    );
    const fkCols = dt.foreignKeys.map((f) => f.columns.join(","));
    // MySQL creates an index for every foreign key that has none: not drift.
    const implicit = (i: Keyed & { cols: string[] }) =>
      dialectSpec(dialect).implicitForeignKeyIndexes && fkCols.some((f) => f === i.cols.join(","));
    const mIdx = indexes(mt, true).filter((i) => usable(i.cols) || i.cols.length === 0);
    const mKeys = new Set(mIdx.map((i) => i.key));
    // Django adds a `*_pattern_ops` twin to every indexed or unique text column on PostgreSQL (for LIKE).
    const djangoTwin = (i: Keyed & { cols: string[]; opclasses?: string[] }) =>
      frameworkTraits(mt.framework).patternOpsTwins &&
      i.cols.length === 1 &&
      (i.opclasses ?? []).every((o) => /_pattern_ops$/.test(o)) &&
      (i.opclasses ?? []).length > 0 &&
      mt.columns.some((c) => c.name === i.cols[0] && (c.unique || c.index || c.primaryKey));
    const dIdx = indexes(dt, false).filter(
      (i) => (usable(i.cols) || i.cols.length === 0) && !(implicit(i) && !mKeys.has(i.key)) && !djangoTwin(i),
    );
    compareSets(out, "indexes", mt, mIdx, dIdx, ["DB040", "DB041"]);
    compareForeignKeys(dialect, mt, dt, usable, modelTables, dbTables, out);
    compareChecks(mt, dt, out, readings);
  }
}

/**
 * A check's SQL reduced to compare by meaning: `expressionKey`'s reading, the one generated columns
 * get, of the condition without the `CHECK` PostgreSQL's definition starts with. The parentheses
 * around the whole condition (PostgreSQL's and SQLite's) are a grouping it drops.
 */
export function checkKey(expr: string, opts: ExpressionOptions): string {
  return expressionKey(expr.replace(/^\s*CHECK\b/i, ""), opts);
}

/**
 * Check constraints, matched by name where both sides name them, else by their SQL. Django and
 * Tortoise models are held only to the checks they declare: Django adds its own (PositiveIntegerField's
 * `>= 0`) and Tortoise cannot declare one.
 */
function compareChecks(mt: Table, dt: Table, out: DriftList, readings: ExpressionReadings): void {
  const key = (expr: string) => checkKey(expr, readings.model);
  const dbKey = (expr: string) => checkKey(expr, readings.database);
  const dbByName = new Map(dt.checkConstraints.filter((c) => c.name).map((c) => [c.name!, c]));
  // Each side keyed once: a key is a whole parse of the expression.
  const dbKeys = new Map(dt.checkConstraints.map((c) => [c, dbKey(c.expression)]));
  const dbByKey = new Map([...dbKeys].map(([c, k]) => [k, c]));
  const matched = new Set<unknown>();
  for (const mc of mt.checkConstraints) {
    const python = isSqlalchemyExpression(mc.expression) || !mc.expression;
    if (python && !mc.name) continue; // neither a name nor SQL to match by
    out.count("check constraints");
    const modelKey = python ? undefined : key(mc.expression);
    const hit =
      (mc.name ? dbByName.get(mc.name) : undefined) ?? (modelKey === undefined ? undefined : dbByKey.get(modelKey));
    const label = `check ${mc.name ? `${mc.name} ` : ""}(${mc.expression})`;
    if (!hit) {
      out.add({
        code: "DB060",
        check: "check constraints",
        table: mt.name,
        subject: `${mt.name} ${label}`,
        message: `${label} on ${mt.name} is missing from the database`,
        source: mc.source ?? mt.source,
      });
      continue;
    }
    matched.add(hit);
    if (!python && dbKeys.get(hit) !== modelKey) {
      out.add({
        code: "DB062",
        check: "check constraints",
        table: mt.name,
        subject: `${mt.name} ${label}`,
        message: `check ${mc.name} on ${mt.name} differs: model (${mc.expression}), database (${hit.expression})`,
        source: mc.source ?? mt.source,
        model: mc.expression,
        database: hit.expression,
      });
    }
  }
  if (!frameworkTraits(mt.framework).ownsCheckConstraints) return;
  for (const dc of dt.checkConstraints) {
    if (matched.has(dc)) continue;
    out.count("check constraints");
    const label = `check ${dc.name ? `${dc.name} ` : ""}(${dc.expression})`;
    out.add({
      code: "DB061",
      check: "check constraints",
      table: mt.name,
      subject: `${mt.name} ${label}`,
      message: `${label} on ${mt.name} exists only in the database`,
      source: mt.source,
    });
  }
}

function comparePrimaryKey(mt: Table, dt: Table, usable: (c: string[]) => boolean, out: DriftList): void {
  const mpk = mt.primaryKey.length ? mt.primaryKey : mt.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (!usable(mpk) && mpk.length) return;
  if (!dt.primaryKey.every((c) => mt.columns.some((x) => x.name === c))) return;
  out.count("primary keys");
  if ([...mpk].sort().join(",") === [...dt.primaryKey].sort().join(",")) return;
  out.add({
    code: "DB020",
    check: "primary keys",
    table: mt.name,
    subject: mt.name,
    message: `primary key of ${mt.name} differs: model (${mpk.join(", ") || "none"}), database (${dt.primaryKey.join(", ") || "none"})`,
    source: mt.source,
    model: mpk.join(","),
    database: dt.primaryKey.join(","),
  });
}

/** Unique column sets: UNIQUE constraints, unique indexes and `unique=True` columns are one thing. */
function uniques(t: Table, model: boolean): (Keyed & { cols: string[] })[] {
  const list: (Keyed & { cols: string[] })[] = [];
  const add = (cols: string[], name: string | null | undefined, source?: SourceLocation | null) =>
    list.push({
      key: [...cols].sort().join(","),
      cols,
      label: `unique (${cols.join(", ")})${name ? ` ${name}` : ""}`,
      source,
    });
  for (const u of t.uniqueConstraints) add(u.columns, u.name, u.source);
  for (const i of t.indexes) if (i.unique && !i.expressions?.length) add(i.columns, i.name, i.source);
  if (model) for (const c of t.columns) if (c.unique && !c.primaryKey) add([c.name], null, c.source);
  const pk = [...t.primaryKey].sort().join(",");
  return dedupe(list).filter((u) => u.key !== pk);
}

/** Plain indexes by their ordered columns; expression indexes by name. */
function indexes(t: Table, model: boolean): (Keyed & { cols: string[]; opclasses?: string[] })[] {
  const list: (Keyed & { cols: string[]; opclasses?: string[] })[] = [];
  for (const i of t.indexes) {
    if (i.unique && !i.expressions?.length) continue;
    // The access method is part of what an index is: a btree and a GIN index on one column differ.
    const using = i.method && i.method !== "btree" ? ` USING ${i.method}` : "";
    const key = i.expressions?.length ? `expr:${i.name ?? i.expressions.join(" ")}` : i.columns.join(",");
    const label = `index ${i.name ? `${i.name} ` : ""}(${[...i.columns, ...(i.expressions ?? [])].join(", ")})${using}`;
    list.push({
      key,
      cols: i.expressions?.length ? [] : i.columns,
      label: label.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/,? \)/g, ")"),
      source: i.source,
      opclasses: i.opclasses,
      method: i.method || "btree",
    });
  }
  if (model)
    for (const c of t.columns)
      if (c.index && !c.unique)
        list.push({ key: c.name, cols: [c.name], label: `index (${c.name})`, source: c.source });
  return dedupe(list);
}

function dedupe<T extends Keyed>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.key) ? false : (seen.add(x.key), true)));
}

function compareSets(
  out: DriftList,
  check: "unique constraints" | "indexes",
  mt: Table,
  model: Keyed[],
  db: Keyed[],
  [missing, extra]: [string, string],
  ignoreExtra: string[] = [],
): void {
  const dbKeys = new Map(db.map((d) => [d.key, d]));
  const modelKeys = new Set(model.map((d) => d.key));
  for (const m of model) {
    out.count(check);
    const d = dbKeys.get(m.key);
    if (!d)
      out.add({
        code: missing,
        check,
        table: mt.name,
        subject: `${mt.name} ${m.label}`,
        message: `${m.label} on ${mt.name} is missing from the database`,
        source: m.source ?? mt.source,
      });
    // The same columns with another access method (btree where the database has GIN): one finding.
    else if (check === "indexes" && m.method && d.method && m.method !== d.method) {
      out.add({
        code: "DB042",
        check,
        table: mt.name,
        subject: `${mt.name} ${m.label}`,
        message: `${m.label} on ${mt.name} method differs: model ${m.method}, database ${d.method}`,
        source: m.source ?? mt.source,
        model: m.method,
        database: d.method,
      });
    }
  }
  for (const d of db) {
    if (modelKeys.has(d.key) || ignoreExtra.includes(d.key)) continue;
    out.count(check);
    out.add({
      code: extra,
      check,
      table: mt.name,
      subject: `${mt.name} ${d.label}`,
      message: `${d.label} on ${mt.name} exists only in the database`,
      source: mt.source,
    });
  }
}

function compareForeignKeys(
  dialect: Dialect,
  mt: Table,
  dt: Table,
  usable: (c: string[]) => boolean,
  modelTables: Set<string>,
  dbTables: Set<string>,
  out: DriftList,
): void {
  const key = (f: ForeignKey) => f.columns.join(",");
  const action = (a: string | null | undefined) => {
    const s = fkAction(a);
    return dialectSpec(dialect).restrictIsDefault && s === "RESTRICT" ? null : s;
  };
  const dbFks = new Map(dt.foreignKeys.filter((f) => usable(f.columns)).map((f) => [key(f), f]));
  const seen = new Set<string>();
  for (const mf of mt.foreignKeys) {
    if (!usable(mf.columns) || !dbTables.has(mf.refTable)) continue; // the missing table or column is the finding
    const k = key(mf);
    if (seen.has(k)) continue;
    seen.add(k);
    out.count("foreign keys");
    const df = dbFks.get(k);
    const label = `${mt.name}(${mf.columns.join(", ")})`;
    const target = (f: ForeignKey) => `${f.refTable}(${f.refColumns.join(", ")})`;
    const src = mf.source ?? mt.columns.find((c) => c.name === mf.columns[0])?.source ?? mt.source;
    if (!df) {
      out.add({
        code: "DB050",
        check: "foreign keys",
        table: mt.name,
        subject: label,
        message: `foreign key ${label} → ${target(mf)} is missing from the database`,
        source: src,
      });
      continue;
    }
    if (
      df.refTable !== mf.refTable ||
      (mf.refColumns.length > 0 && df.refColumns.join(",") !== mf.refColumns.join(","))
    ) {
      out.add({
        code: "DB051",
        check: "foreign keys",
        table: mt.name,
        subject: label,
        message: `foreign key ${label} target differs: model ${target(mf)}, database ${target(df)}`,
        source: src,
        model: target(mf),
        database: target(df),
      });
      continue;
    }
    // Django emulates on_delete in Python and creates every key with NO ACTION: nothing to compare.
    if (!frameworkTraits(mt.framework).foreignKeyActions) continue;
    const diffs: string[] = [];
    if (action(mf.onDelete) !== action(df.onDelete))
      diffs.push(
        `ON DELETE model ${action(mf.onDelete) ?? "NO ACTION"}, database ${action(df.onDelete) ?? "NO ACTION"}`,
      );
    if (action(mf.onUpdate) !== action(df.onUpdate))
      diffs.push(
        `ON UPDATE model ${action(mf.onUpdate) ?? "NO ACTION"}, database ${action(df.onUpdate) ?? "NO ACTION"}`,
      );
    if (diffs.length)
      out.add({
        code: "DB052",
        check: "foreign keys",
        table: mt.name,
        subject: label,
        message: `foreign key ${label} actions differ: ${diffs.join("; ")}`,
        source: src,
      });
  }
  for (const [k, df] of dbFks) {
    // A key to a table only the database has goes with that table: the table is the finding.
    if (seen.has(k) || !modelTables.has(df.refTable)) continue;
    out.count("foreign keys");
    out.add({
      code: "DB053",
      check: "foreign keys",
      table: mt.name,
      subject: `${mt.name}(${df.columns.join(", ")})`,
      message: `foreign key ${mt.name}(${df.columns.join(", ")}) → ${df.refTable}(${df.refColumns.join(", ")}) exists only in the database`,
      source: mt.source,
    });
  }
}
