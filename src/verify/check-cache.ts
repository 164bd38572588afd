/**
 * Check results are a pure function of the project's files and configuration: when the facts
 * manifest says no file changed (by size and mtime, without reading any), the problems of the
 * last run are the answer, and neither the facts nor the index are loaded.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { VERSION as REMODEL_VERSION } from "../core/version.js";
import { timed } from "../core/timing.js";
import type { Problem } from "../core/diagnostics.js";
import { fingerprint, readCacheFile, writeCacheFile } from "../project/cache.js";
import type { Discovery, LoadedProject } from "../project/load.js";
import { runChecks } from "./check.js";
import { checks } from "./registry.js";

const FILE = "check-results.json";
const VERSION = `remodel-${REMODEL_VERSION}`;

export async function cachedChecks(
  found: Discovery,
  select: string[] | undefined,
  load: () => Promise<LoadedProject>,
): Promise<Problem[]> {
  // Alembic environments are declared in config files (RM007 reads them): their size and mtime count too.
  const configs = found.configFiles.map((p) => {
    try {
      const s = statSync(join(found.root, p));
      return `${p}:${s.size}:${s.mtimeMs}`;
    } catch {
      return p;
    }
  });
  // The registry's codes: a build that adds a check never answers with the results of one without it.
  const salt = JSON.stringify({
    VERSION,
    codes: checks.map((c) => c.code),
    select: select ?? null,
    roots: found.roots,
    tool: found.tool,
    warnings: found.warnings,
    configs,
  });
  const fp = timed("fingerprint", () => fingerprint(found.root, found.files, salt));
  if (fp) {
    try {
      const saved = JSON.parse(readCacheFile(found.root, FILE) ?? "null") as {
        fingerprint: string;
        problems: Problem[];
      } | null;
      if (saved?.fingerprint === fp) return saved.problems;
    } catch {
      // a damaged cache file is a miss
    }
  }
  const project = await load();
  const problems = timed("checks", () => runChecks(project, { select }));
  const after = fingerprint(found.root, found.files, salt);
  if (after) writeCacheFile(found.root, FILE, JSON.stringify({ fingerprint: after, problems }));
  return problems;
}
