import type { Problem } from "../core/diagnostics.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import type { RevisionGraph } from "./types.js";

/**
 * The verify layer's Alembic check: a change (a move, a split, a merge of branches) must not add
 * heads, or `alembic upgrade head` stops working. Returns one problem, at the first new head's
 * `revision =` line, when `after` has more heads than `before`; fewer heads (a merge) is fine.
 */
export function headsChanged(before: RevisionGraph, after: RevisionGraph): Problem[] {
  if (after.heads.length <= before.heads.length) return [];
  const old = new Set(before.heads);
  const added = after.heads.filter((h) => !old.has(h));
  const first = after.byId.get(added[0] ?? after.heads[0])!;
  return [
    {
      code: C.headsGrew,
      path: first.at.path,
      line: first.at.line,
      column: first.at.column,
      message: `Alembic heads went from ${before.heads.length} to ${after.heads.length} (new: ${added.join(", ")})`,
      suggestion: "merge them with `alembic merge heads` or fix the down_revision",
      data: { before: before.heads, after: after.heads, added },
    },
  ];
}
