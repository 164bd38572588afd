import type { Table } from "../../schema/model.js";
import type { PullFramework } from "./names.js";
import { frameworkTraits } from "../../schema/frameworks.js";

/** A column that identifies every row of a table without a primary key, and the constraint that says so. */
export interface StandInKey {
  column: string;
  /** What makes it unique: `unique constraint codes_code_key`, `unique index ux_slugs`, `a UNIQUE constraint`. */
  evidence: string;
}

/** What `db pull` did with a table that has no primary key, for the warning on stderr and in --json. */
export interface KeylessTable {
  table: string;
  /** The stand-in primary key, or null when the table was left out of the package. */
  standIn: StandInKey | null;
  message: string;
}

// A model's primary key must be comparable and hashable in Python: documents and lists are not.
const UNKEYABLE = new Set(["json", "jsonb", "array"]);

/**
 * A single NOT NULL column with a UNIQUE constraint or a plain unique index (no expression, no
 * WHERE): it names each row exactly as a primary key would, so Django's `primary_key=True` and
 * Tortoise's `pk=True` on it read and write the right rows. An auto-increment column is preferred
 * (the usual surrogate key missing its PRIMARY KEY), then the first in column order.
 */
export function standInKey(t: Table): StandInKey | null {
  const found: StandInKey[] = [];
  for (const c of t.columns) {
    if (c.nullable || UNKEYABLE.has(c.type.normalized)) continue;
    const u = t.uniqueConstraints.find((x) => x.columns.length === 1 && x.columns[0] === c.name);
    const i = t.indexes.find(
      (x) => x.unique && x.columns.length === 1 && x.columns[0] === c.name && !x.expressions?.length && !x.where,
    );
    const evidence = u
      ? u.name
        ? `unique constraint ${u.name}`
        : "a UNIQUE constraint"
      : i
        ? `unique index ${i.name ?? "(unnamed)"}`
        : null;
    if (evidence) found.push({ column: c.name, evidence });
  }
  const auto = found.find((k) => t.columns.find((c) => c.name === k.column)?.autoincrement === true);
  return auto ?? found[0] ?? null;
}

const LABEL: Record<PullFramework, string> = {
  sqlalchemy: "SQLAlchemy",
  sqlmodel: "SQLModel",
  django: "Django",
  tortoise: "Tortoise",
};

/**
 * Django 3.2 and Tortoise models need a single-column primary key: without one Django adds an
 * `id` column the table does not have (every query selects it), and Tortoise does the same.
 * A table with a stand-in key gets it; a table without one is left out rather than given a key
 * that is not unique: both ORMs update and delete rows by `WHERE pk = value` (save(), delete(),
 * QuerySet.delete() collects primary keys), which on a column that repeats would touch other rows.
 */
export function keylessTables(tables: Table[], framework: PullFramework): KeylessTable[] {
  if (frameworkTraits(framework).keylessTables) return [];
  return tables
    .filter((t) => t.primaryKey.length === 0)
    .map((t) => {
      const key = standInKey(t);
      const message = key
        ? `table ${t.name} has no primary key: its ${LABEL[framework]} model uses ${key.column} as one (NOT NULL, ${key.evidence})`
        : `table ${t.name} left out: it has no primary key and no single NOT NULL unique column to stand in for one (a ${LABEL[framework]} model needs one; add a PRIMARY KEY or a UNIQUE NOT NULL column)`;
      return { table: t.name, standIn: key, message };
    });
}
