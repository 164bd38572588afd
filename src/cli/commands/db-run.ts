import { resolve } from "node:path";
import { UsageError } from "../command.js";
import { renderDdl } from "../../db/ddl.js";
import { diffSchemas } from "../../db/diff.js";
import { introspectUrl } from "../../db/registry.js";
import { loadSourceSchema } from "../../db/source.js";
import { dialectList, isDialect } from "../../db/dialect.js";
import { parseDbUrl, type DbUrl } from "../../db/url.js";
import type { Introspection } from "../../db/connection.js";
import type { DbArgs } from "./db.js";
import { driftReport } from "../reporters/drift-report.js";
import { outputFormatOf, renderReport } from "../reporters/output-format.js";

/** --url, else $DATABASE_URL (what most Python backends and their env.py read). */
export function requireUrl(values: DbArgs["values"]): string {
  const url = values.url ?? process.env.DATABASE_URL;
  if (typeof url !== "string" || !url) throw new UsageError("--url URL is required (or set DATABASE_URL)");
  return url;
}

export function ignoreOf(values: DbArgs["values"]): string[] {
  const v = values.ignore;
  return Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : [];
}

export function timeoutOf(values: DbArgs["values"]): number | undefined {
  const t = values.timeout;
  if (t === undefined) return undefined;
  const s = Number(t);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout takes seconds, got '${t}'`);
  return s * 1000;
}

function withSchemaOverride(url: string, values: DbArgs["values"]) {
  const parsed = parseDbUrl(url);
  if (typeof values["db-schema"] === "string") parsed.schema = values["db-schema"];
  return parsed;
}

/** Reads the database; what had to be read another way is a warning on stderr, never silent. */
export async function readDatabase(url: DbUrl, values: DbArgs["values"], io: DbArgs["io"]): Promise<Introspection> {
  const db = await introspectUrl(url, { timeoutMs: timeoutOf(values) });
  for (const w of db.warnings ?? []) io.err(`remodel db: warning: ${url.display}: ${w}\n`);
  return db;
}

/** `db diff`: the checklist; exit 1 on drift. */
export async function runDiff({ root, values, io }: DbArgs): Promise<number> {
  const format = outputFormatOf(values);
  const url = withSchemaOverride(requireUrl(values), values);
  const model = await loadSourceSchema(resolve(io.cwd, root), values.schema as string | undefined);
  const db = await readDatabase(url, values, io);
  const result = diffSchemas(model, db, { schema: url.schema, ignore: ignoreOf(values) });
  io.out(renderReport(format, driftReport("db diff", result, resolve(io.cwd, root), url.display), io));
  return result.drift.length ? 1 : 0;
}

/** `db ddl`: CREATE statements for the source schema. */
export async function runDdl({ root, values, io }: DbArgs): Promise<number> {
  const dialect = (values.dialect ?? "postgresql") as string;
  if (!isDialect(dialect)) throw new UsageError(`--dialect must be ${dialectList()}, got '${dialect}'`);
  const model = await loadSourceSchema(resolve(io.cwd, root), values.schema as string | undefined);
  io.out(renderDdl(model, dialect));
  return 0;
}

/** `db inspect`: the database's neutral schema and extra objects as JSON. */
export async function runInspect({ values, io }: DbArgs): Promise<number> {
  const url = withSchemaOverride(requireUrl(values), values);
  const db = await readDatabase(url, values, io);
  io.out(JSON.stringify({ ...db.schema, objects: db.objects }, null, 2) + "\n");
  return 0;
}
