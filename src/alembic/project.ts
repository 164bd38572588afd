import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Problem } from "../core/diagnostics.js";
import type { Overlay } from "../core/overlay.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import { graphFromSources, isRevisionFileName } from "./load.js";
import { locateVersions, type VersionsLocation } from "./locate.js";
import type { RevisionGraph, RevisionSource } from "./types.js";
import { headsChanged } from "./verify.js";

/** One Alembic location of a project and its graph. */
export interface LocatedGraph {
  location: VersionsLocation;
  graph: RevisionGraph;
}

/**
 * Every Alembic location under `root`, read from disk or, with an overlay (a plan applied in
 * memory; paths relative to root), as the files will be after the plan: created and moved
 * revision files are listed, removed ones are not.
 */
export function projectGraphs(root: string, overlay?: Overlay): LocatedGraph[] {
  return locateVersions(root).map((location) => ({
    location,
    graph: graphFromSources(sources(root, location.versionDirs, overlay)),
  }));
}

/**
 * The verify layer's Alembic check for a planned change: RM007 for every location whose number
 * of heads grows between the disk and the overlay. Wire: `problems.push(...alembicHeadsCheck(root, overlay))`.
 */
export function alembicHeadsCheck(root: string, overlay: Overlay): Problem[] {
  const before = new Map(projectGraphs(root).map((g) => [g.location.scriptDir, g.graph]));
  const problems: Problem[] = [];
  for (const after of projectGraphs(root, overlay)) {
    const old = before.get(after.location.scriptDir);
    if (old) problems.push(...headsChanged(old, after.graph));
  }
  return problems;
}

/** For `remodel check` without a change: RM007 for each location that has more than one head. */
export function alembicSeveralHeads(root: string): Problem[] {
  return projectGraphs(root).flatMap(({ graph }) => severalHeads(graph) ?? []);
}

/** RM007 when a revision graph has more than one head (`alembic upgrade head` refuses to run). */
export function severalHeads(graph: RevisionGraph): Problem | null {
  if (graph.heads.length < 2) return null;
  const at = graph.byId.get(graph.heads[0])!.at;
  return {
    code: C.headsGrew,
    path: at.path,
    line: at.line,
    column: at.column,
    message: `Alembic has ${graph.heads.length} heads: ${graph.heads.join(", ")}`,
    suggestion: "alembic merge heads",
    data: { heads: graph.heads },
  };
}

function sources(root: string, dirs: readonly string[], overlay: Overlay | undefined): RevisionSource[] {
  const out: RevisionSource[] = [];
  for (const dir of dirs) {
    const rel = relative(root, dir).split(sep).join("/");
    const names = new Set(
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => !e.isDirectory())
        .map((e) => e.name),
    );
    for (const p of overlay?.texts.keys() ?? [])
      if (p.startsWith(rel + "/") && !p.slice(rel.length + 1).includes("/")) names.add(p.slice(rel.length + 1));
    for (const name of [...names].filter(isRevisionFileName).sort()) {
      const path = `${rel}/${name}`;
      if (overlay?.removed.has(path)) continue;
      const text = overlay?.texts.get(path);
      out.push({ path, bytes: text !== undefined ? new TextEncoder().encode(text) : readFileSync(join(dir, name)) });
    }
  }
  return out;
}
