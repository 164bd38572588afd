/**
 * RM006: eager import cycles (module-level imports that run at import time), one problem per
 * strongly connected component, with its shortest cycle starting from the alphabetically first
 * module so that reports compare as sets. Type-only and function-local imports never form one.
 */
import type { Problem } from "../../core/diagnostics.js";
import { adjacency, importGraph, shortestCycle, stronglyConnected, type ImportEdge } from "../../project/graph.js";
import type { Resolver } from "../../project/resolver.js";

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
