import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { RemodelError } from "../core/errors.js";
import type { Schema } from "../schema/model.js";

/**
 * The runtime oracle: imports a project with a real Python interpreter and dumps what the ORM
 * itself reports (SQLAlchemy MetaData and mappers, or Django's app registry) as the neutral schema.
 * Used by the static extractor's tests and by commands given `--python`.
 */
export type RuntimeKind = "sqlalchemy" | "django";

/** Path of a dumper script (src/orm/runtime/<kind>_dump.py), from the source or the compiled tree. */
export function runtimeScript(kind: RuntimeKind): string {
  // dist/src/orm/runtime.js and src/orm/runtime.ts both reach <package>/src/orm/runtime/.
  const up = import.meta.url.includes("/dist/") ? "../../../src/orm/runtime/" : "./runtime/";
  return fileURLToPath(new URL(`${up}${kind}_dump.py`, import.meta.url));
}

/**
 * Runs a dumper. `args` are the project directory Python imports from, then the modules to import
 * (SQLAlchemy) or the settings module (Django).
 */
export function dumpRuntimeSchema(python: string, kind: RuntimeKind, pythonPath: string, args: string[]): Schema {
  const r = spawnSync(python, [runtimeScript(kind), pythonPath, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.error) throw new RemodelError(`${python}: ${r.error.message}`);
  if (r.status !== 0) {
    const last = r.stderr.trim().split("\n").slice(-1)[0] ?? "";
    throw new RemodelError(`runtime schema dump failed (${python}, ${kind}): ${last}`);
  }
  return JSON.parse(r.stdout) as Schema;
}
