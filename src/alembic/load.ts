import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Problem } from "../core/diagnostics.js";
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
      sources.push({ path: reportPath(base, full), bytes: readFileSync(full) });
    }
  }
  return graphFromSources(sources, options);
}

function reportPath(base: string, full: string): string {
  const rel = relative(base, full);
  return (rel.startsWith("..") ? full : rel).split(sep).join("/");
}
