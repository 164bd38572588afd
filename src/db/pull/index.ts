import { RemodelError } from "../../core/errors.js";
import type { Schema } from "../../schema/model.js";
import type { Introspection } from "../connection.js";
import { globMatcher } from "../glob.js";
import { DEFAULT_IGNORED_TABLES } from "../diff.js";
import type { SplitBy } from "./domains.js";
import { planPull, type PullPlan } from "./plan.js";
import type { KeylessTable } from "./stand-in-key.js";
import { virtualComputedWarnings } from "./virtual-computed.js";
import type { Warning } from "../../core/warning.js";
import type { PullFramework } from "./names.js";
import { HEADER, renderSqlalchemy } from "./sqlalchemy.js";
import { renderSqlmodel } from "./sqlmodel.js";
import { renderDjango } from "./django.js";
import { renderTortoise } from "./tortoise.js";

export const GENERATED_HEADER = HEADER;
import type { SaVersion } from "./sqlalchemy-types.js";

/**
 * The chosen tables and the enum types they use. Foreign keys to tables left out stay (as
 * `ForeignKey("other.id")`) without a relationship: the other side has no class yet.
 */
export function selectTables(schema: Schema, patterns: string[] | undefined): Schema {
  if (!patterns?.length) return schema;
  const chosen = globMatcher(patterns);
  const tables = schema.tables.filter((t) => chosen(t.name));
  if (!tables.length) throw new RemodelError(`no table matches --tables ${patterns.join(" ")}`);
  const used = new Set(
    tables.flatMap((t) => t.columns.flatMap((c) => [c.type.enum, c.type.item?.enum])).filter(Boolean),
  );
  return { ...schema, tables, enums: schema.enums.filter((e) => used.has(e.name)) };
}

/** Migration tools' own tables (alembic_version, django_migrations, ...) are not the application's models. */
export function withoutBookkeeping(schema: Schema): Schema {
  const ignored = globMatcher(DEFAULT_IGNORED_TABLES);
  return { ...schema, tables: schema.tables.filter((t) => !ignored(t.name)) };
}

export type { PullFramework };

export interface PullOptions {
  framework?: PullFramework;
  splitBy?: SplitBy;
  sqlalchemy?: SaVersion;
  /** Only these tables (`*` and `?` wildcards): seed 001's table-by-table move from raw SQL. */
  tables?: string[];
}

/** The files of a models package for an introspected database, by path relative to the package. */
export function pullModels(db: Introspection, opts: PullOptions = {}): Map<string, string> {
  return pullPackage(db, opts).files;
}

/** The files, and the tables without a primary key that were given a stand-in key or left out. */
export function pullPackage(
  db: Introspection,
  opts: PullOptions = {},
): { files: Map<string, string>; keyless: KeylessTable[]; warnings: Warning[] } {
  const framework = opts.framework ?? "sqlalchemy";
  const chosen = selectTables(withoutBookkeeping(db.schema), opts.tables);
  const plan = planPull(chosen, db.dialect, opts.splitBy ?? "domain", framework);
  return {
    files: render(plan, framework, opts),
    keyless: plan.keyless,
    warnings: virtualComputedWarnings(chosen, db.dialect, framework),
  };
}

/** The renderer of each framework `db pull` writes: adding one is a renderer file and a line here. */
export const PULL_RENDERERS: Readonly<
  Record<PullFramework, (plan: PullPlan, opts: PullOptions) => Map<string, string>>
> = {
  sqlalchemy: (plan, opts) => renderSqlalchemy(plan, opts.sqlalchemy ?? "2.0"),
  sqlmodel: renderSqlmodel,
  django: renderDjango,
  tortoise: renderTortoise,
};

function render(plan: PullPlan, framework: PullFramework, opts: PullOptions): Map<string, string> {
  const renderer = Object.hasOwn(PULL_RENDERERS, framework) ? PULL_RENDERERS[framework] : undefined;
  if (!renderer) throw new RemodelError(`unknown --framework ${framework}`);
  return renderer(plan, opts);
}
