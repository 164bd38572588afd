import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Problem } from "../core/diagnostics.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import { buildGraph } from "./graph.js";
import { readRevision, type ReadOptions } from "./read.js";
import type { Revision, RevisionGraph, RevisionSource } from "./types.js";

/**
 * Alembic's file filter (script/base.py `_only_source_rev_file`): every `*.py` in the versions
 * directory except `__init__.py` and editor lock files `.#*`; subdirectories are not read.
 */
export function isRevisionFileName(name: string): boolean {
  return name.endsWith(".py") && !name.startsWith("__init__") && !name.startsWith(".#");
}

/** Reads revision sources (already in load order) into a graph; the entry point for in-memory data. */
export function graphFromSources(sources: readonly RevisionSource[], options: ReadOptions = {}): RevisionGraph {
  const revisions: Revision[] = [];
  const warnings: Problem[] = [];
  for (const source of sources) {
    const result = readRevision(source, options);
    if (result.revision) revisions.push(result.revision);
    warnings.push(...result.warnings);
  }
  return buildGraph(revisions, warnings);
}

/**
 * Reads one or more versions directories (Alembic's `version_locations`, in order; file names
 * sorted within each, which is the load order reports and `history` follow). Paths in reports are
 * relative to `base`.
 */
export function loadVersionDirs(dirs: readonly string[], base: string, options: ReadOptions = {}): RevisionGraph {
  const sources: RevisionSource[] = [];
  const unreadable: Problem[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.isDirectory() && isRevisionFileName(e.name))
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      const full = join(dir, name);
      if (seen.has(full)) continue; // a directory listed twice in version_locations
      seen.add(full);
      try {
        sources.push({ path: reportPath(base, full), bytes: readFileSync(full) });
      } catch (e) {
        // one unreadable file is a finding about that file, not a reason to lose the others
        unreadable.push({
          code: C.unreadable,
          path: reportPath(base, full),
          line: 1,
          column: 1,
          message: `cannot read: ${(e as Error).message}, file skipped`,
        });
      }
    }
  }
  const graph = graphFromSources(sources, options);
  return unreadable.length === 0 ? graph : { ...graph, warnings: [...unreadable, ...graph.warnings] };
}

function reportPath(base: string, full: string): string {
  const rel = relative(base, full);
  return (rel.startsWith("..") ? full : rel).split(sep).join("/");
}
