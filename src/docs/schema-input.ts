import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { RemodelError } from "../core/errors.js";
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

/** The extractor's module (src/orm/index.ts, written on another branch), loaded if present. */
interface Extractor {
  extractSchema?: (files: { path: string; module: string; text: string }[]) => Schema | Promise<Schema>;
}

const SKIP = new Set(["node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist"]);

/** Extracts the schema of the Python project at `root` with Remodel's static ORM extractor. */
export async function schemaFromSource(root: string): Promise<Schema> {
  const spec = "../orm/index.js";
  const orm = (await import(spec).catch(() => null)) as Extractor | null;
  if (!orm?.extractSchema) {
    throw new RemodelError("this build of remodel cannot read models from source yet; pass --schema FILE.json");
  }
  return orm.extractSchema(pythonFiles(root));
}

function pythonFiles(root: string): { path: string; module: string; text: string }[] {
  const out: { path: string; module: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith(".") || SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".py")) {
        const path = relative(root, p).split(sep).join("/");
        const module = path.replace(/^src\//, "").replace(/(\/__init__)?\.py$/, "").replace(/\//g, ".");
        out.push({ path, module, text: readFileSync(p, "utf8").replace(/^\uFEFF/, "") });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
