/**
 * The "before" side of a verification — the problems and the static schema of the tree as it is
 * on disk — depends only on the files and the configuration. Cached by the manifest fingerprint
 * (like `remodel check`'s results), so a move right after a check pays only for the "after".
 */
import type { Problem } from "../core/diagnostics.js";
import { schemaFromProject } from "../orm/index.js";
import { fingerprint, readCacheFile, writeCacheFile } from "../project/cache.js";
import type { Discovery, LoadedProject } from "../project/load.js";
import type { Schema } from "../schema/model.js";
import { cachedChecks } from "./check-cache.js";
import { attachSummaryCache, saveSummaryCache } from "../orm/summary-memo.js";

export interface BeforeState {
  problems: Problem[];
  schema: () => Schema;
}

export async function beforeState(found: Discovery, project: LoadedProject): Promise<BeforeState> {
  const problems = await cachedChecks(found, undefined, async () => project);
  const salt = JSON.stringify({ schema: 1, roots: found.roots, tool: found.tool });
  let schema: Schema | null = null;
  attachSummaryCache(found.root);
  return {
    problems,
    schema: () => {
      if (schema) return schema;
      const fp = fingerprint(found.root, found.files, salt);
      if (fp) {
        try {
          const saved = JSON.parse(readCacheFile(found.root, "schema-before.json") ?? "null") as { fingerprint: string; schema: Schema } | null;
          if (saved?.fingerprint === fp) return (schema = saved.schema);
        } catch {
          // a damaged cache file is a miss
        }
      }
      schema = schemaFromProject(project);
      // Only the "before" side is saved: it is what is on disk; an "after" may never be written.
      saveSummaryCache();
      if (fp) writeCacheFile(found.root, "schema-before.json", JSON.stringify({ fingerprint: fp, schema }));
      return schema;
    },
  };
}
