import { resolve } from "node:path";
import { diffSchemas } from "../../db/diff.js";
import { findMigrations, migratedSchema, migrationSql } from "../../db/migrations.js";
import { loadSourceSchema } from "../../db/source.js";
import { ignoreOf } from "./db-run.js";
import type { DbArgs } from "./db.js";
import { driftReport } from "../reporters/drift-report.js";
import { outputFormatOf, renderReport } from "../reporters/output-format.js";

/** `db check-migrations`: do the migrations build exactly the schema the models describe? */
export async function runCheckMigrations({ root, values, io }: DbArgs): Promise<number> {
  const format = outputFormatOf(values);
  const abs = resolve(io.cwd, root);
  const src = findMigrations(abs, values.migrations as string | undefined);
  const python = (values.python as string | undefined) ?? "python3";
  // The models are read while Alembic runs; if Alembic fails first, that failure is the one reported.
  const models = loadSourceSchema(abs, values.schema as string | undefined);
  models.catch(() => {});
  const { sql, skipped } = migrationSql(src, python, abs);
  for (const x of skipped)
    io.err(`${x.path}${x.line ? `:${x.line}` : ""}: skipped: a data migration offline mode cannot run (${x.error})\n`);
  const db = await migratedSchema(sql, src, abs);
  const model = await models;
  const result = diffSchemas(model, db, { ignore: ignoreOf(values) });
  const what = src.kind === "sql" ? `${src.files.length} SQL files` : "alembic upgrade head --sql";
  io.out(renderReport(format, driftReport("db check-migrations", result, abs, `migrations (${what})`), io));
  return result.drift.length ? 1 : 0;
}
