import { RemodelError } from "../../core/errors.js";
import type { Introspection } from "../connection.js";
import type { SplitBy } from "./domains.js";
import { planPull } from "./plan.js";
import { HEADER, renderSqlalchemy } from "./sqlalchemy.js";
import { renderSqlmodel } from "./sqlmodel.js";
import { renderDjango } from "./django.js";
import { renderTortoise } from "./tortoise.js";

export const GENERATED_HEADER = HEADER;
import type { SaVersion } from "./sqlalchemy-types.js";

export type PullFramework = "sqlalchemy" | "sqlmodel" | "django" | "tortoise";

export interface PullOptions {
  framework?: PullFramework;
  splitBy?: SplitBy;
  sqlalchemy?: SaVersion;
}

/** The files of a models package for an introspected database, by path relative to the package. */
export function pullModels(db: Introspection, opts: PullOptions = {}): Map<string, string> {
  const framework = opts.framework ?? "sqlalchemy";
  const plan = planPull(db.schema, db.dialect, opts.splitBy ?? "domain");
  if (framework === "sqlalchemy") return renderSqlalchemy(plan, opts.sqlalchemy ?? "2.0");
  if (framework === "sqlmodel") return renderSqlmodel(plan);
  if (framework === "django") return renderDjango(plan);
  if (framework === "tortoise") return renderTortoise(plan);
  throw new RemodelError(`unknown --framework ${framework}`);
}
