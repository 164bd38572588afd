import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RemodelError } from "../core/errors.js";
import type { Schema } from "../schema/model.js";

/**
 * The source schema a database is compared with: a JSON file (`--schema FILE.json`, the neutral
 * schema as `remodel schema --json` prints it), or the project's models read by the static
 * extractor (src/orm). The project layer and extractor load lazily: `--schema` needs neither.
 */
export async function loadSourceSchema(root: string, schemaFile?: string, opts: { noCache?: boolean } = {}): Promise<Schema> {
  if (schemaFile) return readSchemaFile(schemaFile);
  const [{ loadProject }, { schemaFromProject }] = await Promise.all([import("../project/load.js"), import("../orm/index.js")]);
  return schemaFromProject(await loadProject(resolve(root), { exactRoot: true, noCache: opts.noCache }));
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
