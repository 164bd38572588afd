import type { Warning } from "../../core/warning.js";
import { frameworkTraits } from "../../schema/frameworks.js";
import type { Schema } from "../../schema/model.js";
import type { Dialect } from "../url.js";
import type { PullFramework } from "./names.js";

/**
 * PostgreSQL 18's VIRTUAL generated columns are pulled as `Computed(..., persisted=False)`, which
 * SQLAlchemy 1.4's PostgreSQL dialect refuses at `create_all` (CompileError: it knows only STORED):
 * the package is right for the database, but the SQLAlchemy that runs it must be 2.0 or later, so
 * each such column is named in a warning rather than left to fail later.
 */
export function virtualComputedWarnings(schema: Schema, dialect: Dialect, framework: PullFramework): Warning[] {
  // Only the frameworks whose models declare generated columns write `Computed(...)`.
  if (dialect !== "postgresql" || !frameworkTraits(framework).generatedColumns) return [];
  return schema.tables.flatMap((t) =>
    t.columns
      .filter((c) => c.computed?.persisted === false)
      .map((c) => ({
        message: `${t.name}.${c.name} is a VIRTUAL generated column, pulled as Computed(..., persisted=False): SQLAlchemy >= 2.0 is needed to create it on PostgreSQL (1.4 raises CompileError at create_all)`,
      })),
  );
}
