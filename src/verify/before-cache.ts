/**
 * The "before" side of a verification — the problems, the static schema and the models each
 * Alembic env.py reaches, for the tree as it is on disk — depends only on the files and the
 * configuration. Cached by the manifest fingerprint (like `remodel check`'s results), so a move
 * right after a check pays only for the "after".
 */
import { schemaFromProject } from "../orm/index.js";
import { summaryMemoOf } from "../orm/summary-memo.js";
import { fingerprint, readCacheFile, writeCacheFile } from "../project/cache.js";
import type { Discovery, LoadedProject } from "../project/load.js";
import type { Schema } from "../schema/model.js";
import { backgroundSchema, schemaThread } from "./background-schema.js";
import { cachedChecks } from "./check-cache.js";
import type { BeforeSide } from "./verify-plan.js";
import { modelsReached, type ModelsReached } from "./checks/model-discovery.js";

/** Problems are left out with --no-cache: verification then runs the checks itself. */
export interface BeforeState extends BeforeSide {
  schema: () => Schema;
  models: () => ModelsReached[];
}

export interface BeforeOptions {
  /** Neither read nor write cached results. */
  noCache?: boolean;
  /**
   * Compute a missing "before" schema on a second thread while the change is planned, and the
   * "after" one on another while the other checks run. Right for a split, whose "after" modules
   * are all new text; a move instead re-parses only the files it changes, given the summaries
   * the "before" side leaves in memory.
   */
  background?: boolean;
}

export async function beforeState(
  found: Discovery,
  project: LoadedProject,
  opts: BeforeOptions = {},
): Promise<BeforeState> {
  if (opts.noCache) {
    // One thread for both sides: the "after" job reuses the "before" one's summaries.
    const thread = opts.background ? schemaThread(project.root) : null;
    return {
      schema: thread ? backgroundSchema(project, undefined, thread) : once(() => schemaFromProject(project)),
      models: once(() => modelsReached(project)),
      ...(thread ? { afterSchemaThread: () => thread } : {}),
    };
  }
  const problems = await cachedChecks(found, undefined, async () => project);
  const memo = summaryMemoOf(project.memos);
  memo.attach(found.root);
  const fp = fingerprint(found.root, found.files, JSON.stringify({ version: 1, roots: found.roots, tool: found.tool }));
  const schema = fingerprinted<Schema>(found.root, fp, "schema-before.json");
  // Started now, so its start-up overlaps the planning: it computes a missing "before" schema,
  // then the "after" one, from the summaries cached on disk.
  const thread = opts.background ? schemaThread(project.root, { summaryCache: true }) : null;
  const compute =
    !schema.saved && thread
      ? backgroundSchema(project, undefined, thread)
      : () => {
          const s = schemaFromProject(project);
          // Only the "before" side is saved: it is what is on disk; an "after" may never be written.
          memo.save();
          return s;
        };
  const models = fingerprinted<ModelsReached[]>(found.root, fp, "models-before.json");
  return {
    problems,
    schema: once(() => schema.saved ?? schema.save(compute())),
    models: once(() => models.saved ?? models.save(modelsReached(project))),
    ...(thread ? { afterSchemaThread: () => thread } : {}),
  };
}

/** A value read from the cache folder while the project is unchanged, and how to save a new one. */
function fingerprinted<T>(root: string, fp: string | null, file: string): { saved: T | null; save: (value: T) => T } {
  let saved: T | null = null;
  if (fp) {
    try {
      const data = JSON.parse(readCacheFile(root, file) ?? "null") as { fingerprint: string; value: T } | null;
      if (data?.fingerprint === fp) saved = data.value;
    } catch {
      // a damaged cache file is a miss
    }
  }
  return {
    saved,
    save: (value) => {
      if (fp) writeCacheFile(root, file, JSON.stringify({ fingerprint: fp, value }));
      return value;
    },
  };
}

function once<T>(compute: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: compute() }).v;
}
