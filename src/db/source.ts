import { existsSync, statSync } from "node:fs";
import { RemodelError } from "../core/errors.js";
import type { Schema } from "../schema/model.js";

/**
 * The source schema a database is compared with: a JSON file (`--schema FILE.json`, as `remodel
 * schema --json` prints it), or the models under ROOT read by the static extractor, exactly as
 * `remodel schema ROOT` reads them. Loaded lazily: `--schema` needs no parser.
 */
export async function loadSourceSchema(
  root: string,
  schemaFile?: string,
  opts: { includeTests?: boolean } = {},
): Promise<Schema> {
  const { readSchemaFile, schemaOfDirectory } = await import("../schema/load.js");
  if (schemaFile) return readSchemaFile(schemaFile);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new RemodelError(`${root}: no such directory`);
  return schemaOfDirectory(root, { includeTests: opts.includeTests });
}
