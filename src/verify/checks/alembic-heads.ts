/**
 * RM007 for `remodel check`: an Alembic environment with more than one head (`alembic upgrade
 * head` refuses to run). Environments are found as `remodel alembic` finds them (config files'
 * `script_location` and `version_locations`, `env.py` beside `versions/`), listed from the index;
 * revision files are read through the index, so a planned change is checked as it will be.
 */
import type { Problem } from "../../core/diagnostics.js";
import { graphFromSources, headsChanged, severalHeads, type RevisionGraph } from "../../alembic/index.js";
import { alembicEnvironments, isRevisionPath } from "../../alembic/environments.js";
import type { ProjectIndex } from "../../project/types.js";
import type { Check } from "../check-contract.js";

export function checkAlembicHeads(index: ProjectIndex): Problem[] {
  return indexedGraphs(index).flatMap(({ graph }) => severalHeads(graph) ?? []);
}

/**
 * For a planned change: RM007 for every environment whose number of heads grows from the "before"
 * index to the "after" one (both listed and read through the index, so the plan is checked as it
 * will be written).
 */
export function alembicHeadsGrew(
  before: ProjectIndex,
  after: ProjectIndex,
  envBefore = alembicEnvironments(before),
  envAfter = alembicEnvironments(after),
): Problem[] {
  const old = new Map(indexedGraphs(before, envBefore).map((g) => [g.scriptDir, g.graph]));
  return indexedGraphs(after, envAfter).flatMap((g) => {
    const was = old.get(g.scriptDir);
    return was ? headsChanged(was, g.graph) : [];
  });
}

/** The revision graph of each environment that has revision files. */
function indexedGraphs(
  index: ProjectIndex,
  environments = alembicEnvironments(index),
): { scriptDir: string; graph: RevisionGraph }[] {
  if (environments.length === 0) return [];
  const byDir = new Map<string, string[]>();
  for (const p of index.files.keys()) {
    if (!isRevisionPath(environments, p)) continue;
    const dir = p.slice(0, Math.max(0, p.lastIndexOf("/")));
    const list = byDir.get(dir);
    if (list) list.push(p);
    else byDir.set(dir, [p]);
  }
  const out: { scriptDir: string; graph: RevisionGraph }[] = [];
  for (const env of environments) {
    // Directories in `version_locations` order, files sorted in each (as Alembic loads them).
    const paths = [...new Set(env.versionDirs.flatMap((d) => (byDir.get(d) ?? []).sort()))];
    if (paths.length === 0) continue;
    const graph = graphFromSources(paths.map((path) => ({ path, bytes: Buffer.from(index.readText(path), "utf8") })));
    out.push({ scriptDir: env.location.scriptDir, graph });
  }
  return out;
}

export const alembicHeads: Check = {
  code: "RM007",
  name: "alembic-heads",
  scope: "project",
  summary: "an Alembic environment with more than one head (`alembic upgrade head` would refuse to run)",
  example:
    "two revisions with the same `down_revision` → `migrations/versions/b2_users.py:1:12: RM007 Alembic has 2 heads: b2, c3 (alembic merge heads)` (each Alembic location of the project, read statically; see `remodel alembic`)",
  run: (ctx) => checkAlembicHeads(ctx.index),
};
