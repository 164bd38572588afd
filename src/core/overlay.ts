/**
 * A plan applied in memory: the text of every file the plan touches, after the plan, keyed by
 * its new path. Nothing here touches the disk; readers of untouched files fall through to `read`.
 */
import { applyEdits, type EditPlan } from "./edits.js";

export interface Overlay {
  /** New path → new text, for every file the plan creates, edits or moves. */
  texts: Map<string, string>;
  /** Paths that no longer exist after the plan (moved away or deleted). */
  removed: Set<string>;
  /** Old path → new path for moved files. */
  moves: Map<string, string>;
}

export function applyPlanInMemory(plan: EditPlan, read: (path: string) => string): Overlay {
  const texts = new Map<string, string>();
  const removed = new Set<string>();
  const moves = new Map<string, string>();
  for (const op of plan.ops) if (op.kind === "move") moves.set(op.from, op.to);
  for (const [path, edits] of plan.edits) {
    texts.set(moves.get(path) ?? path, applyEdits(read(path), edits));
  }
  for (const op of plan.ops) {
    if (op.kind === "move") {
      if (!texts.has(op.to)) texts.set(op.to, read(op.from));
      removed.add(op.from);
    } else if (op.kind === "create") {
      texts.set(op.path, op.text);
      removed.delete(op.path);
    } else {
      removed.add(op.path);
    }
  }
  for (const p of texts.keys()) removed.delete(p);
  return { texts, removed, moves };
}
