/**
 * RM006: eager import cycles (module-level imports that run at import time), one problem per
 * strongly connected component, with its shortest cycle starting from the alphabetically first
 * module so that reports compare as sets. Type-only and function-local imports never form one.
 */
import type { Problem } from "../../core/diagnostics.js";
import { adjacency, importGraph, shortestCycle, stronglyConnected, type ImportEdge } from "../../project/graph.js";
import type { Resolver } from "../../project/resolver.js";
import type { Check } from "../check-contract.js";

export function checkCycles(resolver: Resolver, edges: ImportEdge[] = importGraph(resolver)): Problem[] {
  const adj = adjacency(edges, ["eager"]);
  const out: Problem[] = [];
  for (const comp of stronglyConnected(adj.keys(), adj)) {
    const cycle = shortestCycle(comp, adj);
    const first = edges.find((e) => e.kind === "eager" && e.from === cycle[0] && e.to === cycle[1]);
    const path = resolver.module(cycle[0])?.file?.path ?? cycle[0];
    out.push({
      code: "RM006", path, line: first?.line ?? 1, column: first?.column ?? 1,
      message: `import cycle: ${cycle.join(" -> ")}${comp.length > cycle.length - 1 ? ` (${comp.length} modules in the cycle group)` : ""}`,
      data: { cycle, modules: comp },
    });
  }
  return out;
}

export const importCycle: Check = {
  code: "RM006",
  name: "import-cycle",
  scope: "project",
  summary: "an eager import cycle (one per strongly connected component, shortest cycle shown)",
  example: "`app/a.py` does `from app import b`, `app/b.py` does `from app.a import X` → `app/a.py:1:1: RM006 import cycle: app.a -> app.b -> app.a`. Only eager edges count: imports under `if TYPE_CHECKING:` (type-only) and inside functions (lazy) never form a cycle, nor does `from . import sibling` inside a package (the package is already being imported; `from . import CONFIG`, a name of the parent, is a real dependency). One problem per strongly connected component, starting at its alphabetically first module",
  run: (ctx) => checkCycles(ctx.resolver),
};
