import type { Problem } from "../core/diagnostics.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import { findCycles } from "./cycles.js";
import type { Location, Revision, RevisionGraph } from "./types.js";
import { reachable } from "./walk.js";

/**
 * Builds the revision graph the way Alembic's RevisionMap does, but reports instead of raising:
 * heads are revisions no down_revision names (depends_on does not count), bases have no
 * down_revision, branch labels and revision ids share one namespace for depends_on.
 */
export function buildGraph(loaded: readonly Revision[], warnings: readonly Problem[] = []): RevisionGraph {
  const problems: Problem[] = [];
  const byId = new Map<string, Revision>();
  for (const rev of loaded) {
    const first = byId.get(rev.id);
    if (first)
      problems.push(
        problem(
          C.duplicateId,
          rev.at,
          `duplicate revision id '${rev.id}' (first declared at ${where(first.at)}); this file is ignored`,
          { revision: rev.id },
        ),
      );
    else byId.set(rev.id, rev);
    if (/[@+-]/.test(rev.id))
      problems.push(
        problem(C.illegalId, rev.at, `revision id '${rev.id}' contains '@', '-' or '+', which Alembic rejects`, {
          revision: rev.id,
        }),
      );
  }
  const revisions = [...byId.values()];
  const labels = mapLabels(revisions, byId, problems);
  const resolvedDeps = resolveDeps(revisions, byId, labels, problems);
  const children = new Map<string, string[]>(revisions.map((r) => [r.id, []]));
  const dependents = new Map<string, string[]>(revisions.map((r) => [r.id, []]));
  for (const rev of revisions) {
    for (const down of new Set(rev.downRevisions)) {
      const kids = children.get(down);
      if (kids) kids.push(rev.id);
      else
        problems.push(
          problem(C.danglingDown, rev.downAt, `down_revision '${down}' of revision '${rev.id}' does not exist`, {
            revision: rev.id,
            missing: down,
          }),
        );
    }
    for (const dep of resolvedDeps.get(rev.id) ?? []) dependents.get(dep)!.push(rev.id);
  }
  for (const cycle of findCycles(revisions, resolvedDeps)) {
    const first = byId.get(cycle[0])!;
    problems.push(
      problem(C.cycle, first.downAt, `revisions form a cycle: ${[...cycle, cycle[0]].join(" -> ")}`, {
        revisions: cycle,
      }),
    );
  }
  const heads = revisions.filter((r) => children.get(r.id)!.length === 0).map((r) => r.id);
  const graph: RevisionGraph = {
    revisions,
    byId,
    children,
    dependents,
    resolvedDeps,
    heads,
    bases: revisions.filter((r) => r.downRevisions.length === 0).map((r) => r.id),
    branchPoints: revisions.filter((r) => children.get(r.id)!.length > 1).map((r) => r.id),
    mergePoints: revisions.filter((r) => new Set(r.downRevisions).size > 1).map((r) => r.id),
    labels,
    labelHeads: new Map(),
    problems,
    warnings: [...warnings],
  };
  return { ...graph, labelHeads: headsPerLabel(graph) };
}

/** Branch label → declaring revision; a label may not repeat nor equal a revision id (Alembic's RevisionError). */
function mapLabels(
  revisions: readonly Revision[],
  byId: ReadonlyMap<string, Revision>,
  problems: Problem[],
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const rev of revisions) {
    for (const label of rev.branchLabels) {
      const owner = labels.get(label) ?? (byId.has(label) ? label : undefined);
      if (owner !== undefined)
        problems.push(
          problem(
            C.labelClash,
            rev.at,
            `branch label '${label}' of revision '${rev.id}' is already used by revision '${owner}'`,
            { revision: rev.id, label },
          ),
        );
      else labels.set(label, rev.id);
    }
  }
  return labels;
}

/** depends_on entries may name a revision id or a branch label; both resolve to revision ids. */
function resolveDeps(
  revisions: readonly Revision[],
  byId: ReadonlyMap<string, Revision>,
  labels: ReadonlyMap<string, string>,
  problems: Problem[],
): Map<string, string[]> {
  const resolved = new Map<string, string[]>();
  for (const rev of revisions) {
    const ids: string[] = [];
    for (const dep of rev.dependsOn) {
      const id = byId.has(dep) ? dep : labels.get(dep);
      if (id === undefined)
        problems.push(
          problem(
            C.danglingDepends,
            rev.dependsAt,
            `depends_on '${dep}' of revision '${rev.id}' names no revision or branch label`,
            { revision: rev.id, missing: dep },
          ),
        );
      else if (!ids.includes(id)) ids.push(id);
    }
    resolved.set(rev.id, ids);
  }
  return resolved;
}

/** `label@heads`: the heads among the labelled revision and its descendants (down_revision edges). */
function headsPerLabel(graph: RevisionGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const headSet = new Set(graph.heads);
  for (const [label, id] of graph.labels) {
    const seen = reachable(id, (cur) => graph.children.get(cur)!);
    out.set(
      label,
      graph.heads.filter((h) => seen.has(h) && headSet.has(h)),
    );
  }
  return out;
}

function problem(code: string, at: Location, message: string, data?: Record<string, unknown>): Problem {
  return { code, path: at.path, line: at.line, column: at.column, message, data };
}

function where(at: Location): string {
  return `${at.path}:${at.line}`;
}
