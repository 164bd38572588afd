import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RemodelError } from "../core/errors.js";
import type { Schema } from "../schema/model.js";

/**
 * The source schema a database is compared with: a JSON file (`--schema FILE.json`, the neutral
 * schema as `remodel schema --json` prints it), or the project's models read by the static
 * extractor (src/orm). The extractor is loaded lazily so that the db commands keep working in
 * builds where it is absent.
 */
export async function loadSourceSchema(root: string, schemaFile?: string): Promise<Schema> {
  if (schemaFile) return readSchemaFile(schemaFile);
  const orm = "../orm/index.js";
  const project = "../project/load.js";
  let extract: { schemaFromProject?: (index: unknown) => Schema | Promise<Schema> };
  let load: { loadProject?: (root: string) => Promise<unknown> };
  try {
    [extract, load] = await Promise.all([import(orm), import(project)]);
  } catch {
    throw new RemodelError("this build cannot read models from source yet; pass --schema FILE.json");
  }
  if (!extract.schemaFromProject || !load.loadProject) throw new RemodelError("this build cannot read models from source yet; pass --schema FILE.json");
  return extract.schemaFromProject(await load.loadProject(resolve(root)));
}

export async function readSchemaFile(path: string): Promise<Schema> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new RemodelError(err.code ? `cannot read ${path}: ${err.code}` : `${path} is not valid JSON: ${err.message}`);
  }
  const s = (data as { schema?: Schema }).schema && !(data as Schema).tables ? (data as { schema: Schema }).schema : (data as Schema);
  if (!s || !Array.isArray(s.tables)) throw new RemodelError(`${path} is not a Remodel schema (no "tables" array)`);
  return { version: 1, tables: s.tables, enums: s.enums ?? [], notes: s.notes };
}
