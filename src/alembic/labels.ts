import type { RevisionGraph } from "./types.js";
import { reachable } from "./walk.js";

/**
 * The branch labels each revision carries after Alembic's `_add_branches`: a label spreads to
 * every descendant of the revision that declares it, and down its ancestors until a branch point
 * (counting dependents) or a merge point. Alembic starts that downward walk from the last
 * descendant it happened to visit; we start from the labelled revision, which gives the same set
 * for every history that is a chain above the label.
 */
export function effectiveLabels(graph: RevisionGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(graph.revisions.map((r) => [r.id, new Set(r.branchLabels)]));
  for (const [label, owner] of graph.labels) {
    for (const id of reachable(owner, (cur) => graph.children.get(cur)!)) out.get(id)!.add(label);
    let parent: string | undefined = owner;
    while (parent !== undefined) {
      const rev = graph.byId.get(parent);
      if (!rev) break;
      const fanOut = graph.children.get(parent)!.length + graph.dependents.get(parent)!.length;
      if (fanOut > 1 || rev.downRevisions.length > 1) break;
      out.get(parent)!.add(label);
      parent = rev.downRevisions[0];
    }
  }
  return out;
}
