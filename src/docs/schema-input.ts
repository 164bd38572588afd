import { RemodelError } from "../core/errors.js";
import { readSchemaFile, schemaOfScope, type ProjectScope } from "../schema/load.js";
import type { Schema, Table } from "../schema/model.js";
import type { ReadWarning } from "../orm/loader.js";

/**
 * The schema to document: a neutral schema JSON file, or the models of the project at `root`
 * read statically. Lists a hand-written or database schema may omit are filled in as empty, so
 * the renderers can rely on them.
 */
export function docsSchema(
  scope: ProjectScope,
  file: string | null,
  onWarning?: (w: ReadWarning) => void,
  cache = false,
): Schema {
  if (file) return withDefaults(readSchemaFile(file), file);
  return schemaOfScope(scope, { onWarning, cache });
}

function withDefaults(s: Schema, path: string): Schema {
  const tables = s.tables.map((t: Partial<Table>, i): Table => {
    if (!t || typeof t.name !== "string" || !Array.isArray(t.columns))
      throw new RemodelError(`${path}: tables[${i}] has no name or columns`);
    return {
      ...t,
      name: t.name,
      columns: t.columns,
      framework: t.framework ?? "database",
      primaryKey: t.primaryKey ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name),
      foreignKeys: t.foreignKeys ?? [],
      indexes: t.indexes ?? [],
      uniqueConstraints: t.uniqueConstraints ?? [],
      checkConstraints: t.checkConstraints ?? [],
      relationships: t.relationships ?? [],
    };
  });
  return { ...s, tables, enums: s.enums ?? [] };
}
