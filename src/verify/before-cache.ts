/**
 * The "before" side of a verification — the problems, the static schema and the models each
 * Alembic env.py reaches, for the tree as it is on disk — depends only on the files and the
 * configuration. Cached by the manifest fingerprint (like `remodel check`'s results), so a move
 * right after a check pays only for the "after".
 */
import type { Problem } from "../core/diagnostics.js";
import { schemaFromProject } from "../orm/index.js";
import { attachSummaryCache, saveSummaryCache } from "../orm/summary-memo.js";
import { fingerprint, readCacheFile, writeCacheFile } from "../project/cache.js";
import type { Discovery, LoadedProject } from "../project/load.js";
import type { Schema } from "../schema/model.js";
import { cachedChecks } from "./check-cache.js";
import { modelsReached, type ModelsReached } from "./checks/model-discovery.js";

export interface BeforeState {
  problems: Problem[];
  schema: () => Schema;
  models: () => ModelsReached[];
}

export async function beforeState(found: Discovery, project: LoadedProject): Promise<BeforeState> {
  const problems = await cachedChecks(found, undefined, async () => project);
  attachSummaryCache(found.root);
  return {
    problems,
    schema: fingerprinted(found, "schema-before.json", 1, () => {
      const schema = schemaFromProject(project);
      // Only the "before" side is saved: it is what is on disk; an "after" may never be written.
      saveSummaryCache();
      return schema;
    }),
    models: fingerprinted(found, "models-before.json", 1, () => modelsReached(project)),
  };
}

/** A value computed at most once, and read from the cache folder while the project is unchanged. */
function fingerprinted<T>(found: Discovery, file: string, version: number, compute: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    if (value) return value.v;
    const fp = fingerprint(found.root, found.files, JSON.stringify({ version, roots: found.roots, tool: found.tool }));
    if (fp) {
      try {
        const saved = JSON.parse(readCacheFile(found.root, file) ?? "null") as { fingerprint: string; value: T } | null;
        if (saved?.fingerprint === fp) return (value = { v: saved.value }).v;
      } catch {
        // a damaged cache file is a miss
      }
    }
    value = { v: compute() };
    if (fp) writeCacheFile(found.root, file, JSON.stringify({ fingerprint: fp, value: value.v }));
    return value.v;
  };
}
