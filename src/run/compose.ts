/** Several in-memory steps as one change against the original tree. */
import type { Overlay } from "../core/overlay.js";

export function composeOverlays(steps: Overlay[], existedBefore: (path: string) => boolean): Overlay {
  const texts = new Map<string, string>();
  const moves = new Map<string, string>();
  for (const o of steps) {
    for (const [from, to] of o.moves) {
      const origin = [...moves].find(([, t]) => t === from)?.[0] ?? from;
      moves.delete(origin);
      if (origin !== to) moves.set(origin, to);
    }
    for (const p of o.removed) texts.delete(p);
    for (const [p, t] of o.texts) texts.set(p, t);
  }
  const removed = new Set<string>();
  for (const o of steps) for (const p of o.removed) if (!texts.has(p) && existedBefore(p)) removed.add(p);
  return { texts, removed, moves };
}
