import { existsSync, readFileSync, statSync } from "node:fs";
import { RemodelError } from "../core/errors.js";
import { extractSchema } from "../orm/index.js";
import { loadPythonFiles } from "../orm/loader.js";
import type { Schema } from "../schema/model.js";

/** Reads a neutral schema JSON file (from `remodel schema --json` or a database), with clear errors. */
export function readSchemaFile(path: string): Schema {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new RemodelError(`cannot read ${path}: ${(e as Error).message}`);
    throw new RemodelError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const s = data as Partial<Schema>;
  if (!s || typeof s !== "object" || s.version !== 1 || !Array.isArray(s.tables)) {
    throw new RemodelError(`${path} is not a Remodel schema (expected {"version": 1, "tables": [...]})`);
  }
  for (const [i, t] of s.tables.entries()) {
    if (!t || typeof t.name !== "string" || !Array.isArray(t.columns)) throw new RemodelError(`${path}: tables[${i}] has no name or columns`);
  }
  // Optional lists default to empty so that a hand-written or database schema can omit them.
  const tables = s.tables.map((t) => ({
    ...t, foreignKeys: t.foreignKeys ?? [], indexes: t.indexes ?? [], uniqueConstraints: t.uniqueConstraints ?? [],
    checkConstraints: t.checkConstraints ?? [], relationships: t.relationships ?? [], primaryKey: t.primaryKey ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name),
  }));
  return { version: 1, tables, enums: s.enums ?? [], notes: s.notes ?? [] };
}

/** Extracts the schema of the Python project at `root` with Remodel's static ORM extractor. */
export function schemaFromSource(root: string): Schema {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new RemodelError(`${root} is not a directory`);
  return extractSchema(loadPythonFiles(root));
}
