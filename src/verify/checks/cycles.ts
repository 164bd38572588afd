/**
 * RM006: eager import cycles (module-level imports that run at import time), one problem per
 * strongly connected component, with its shortest cycle starting from the alphabetically first
 * module so that reports compare as sets. Type-only and function-local imports never form one.
 */
import type { Problem } from "../../core/diagnostics.js";
import {
  adjacency,
  graphNode,
  importGraph,
  nodeFile,
  nodeModule,
  ownRootImportGraph,
  rootsSeeWholeIndex,
  shortestCycle,
  stronglyConnected,
  type ImportEdge,
} from "../../project/graph.js";
import { rootResolvers } from "../../project/own-root.js";
import type { Resolver } from "../../project/resolver.js";
import type { Check } from "../check-contract.js";

/**
 * Each file's imports resolve as its own source root sees the project (`resolverFor` its root,
 * own-root.ts): a cycle is one CPython can run into, not one across sub-projects that share a
 * package name. Reports name modules; a node is a file (`graphNode`).
 */
export function checkCycles(
  resolver: Resolver,
  resolverFor: (root: string) => Resolver = rootResolvers(resolver),
): Problem[] {
  // Where every root sees the whole index, the graph the other users share (and nodes are names).
  const perRoot = !rootsSeeWholeIndex(resolver, resolverFor);
  const imports = perRoot ? ownRootImportGraph(resolver, resolverFor) : importGraph(resolver);
  const edges = [...imports, ...packageEdges(resolver, imports, perRoot ? resolverFor : undefined)];
  const adj = adjacency(edges, ["eager"]);
  const out: Problem[] = [];
  for (const comp of stronglyConnected(adj.keys(), adj)) {
    const nodes = shortestCycle(comp, adj);
    const first = edges.find((e) => e.kind === "eager" && e.from === nodes[0] && e.to === nodes[1]);
    const cycle = nodes.map(nodeModule);
    const path = nodeFile(resolver, nodes[0])?.path ?? cycle[0];
    const implicit = nodes
      .slice(1)
      .some((to, i) => !imports.some((e) => e.kind === "eager" && e.from === nodes[i] && e.to === to));
    out.push({
      code: "RM006",
      path,
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      message: `import cycle: ${cycle.join(" -> ")}${comp.length > cycle.length - 1 ? ` (${comp.length} modules in the cycle group)` : ""}${implicit ? "; importing a submodule runs its package's __init__ first" : ""}`,
      data: { cycle, modules: comp.map(nodeModule) },
    });
  }
  return out;
}

/**
 * Importing `a.b.c` first runs `a/__init__.py` and `a/b/__init__.py`: an eager edge to a module is
 * also one to each package above it, unless the importer is inside that package (which is then
 * already being imported). Without these, `pkg/models/__init__` importing a module that imports
 * `pkg.models.base` from outside the package is no cycle, yet importing that module first fails.
 * The packages are the importer's root's, as its import is.
 */
function packageEdges(resolver: Resolver, edges: ImportEdge[], resolverFor?: (root: string) => Resolver): ImportEdge[] {
  const { index } = resolver;
  const out: ImportEdge[] = [];
  for (const e of edges) {
    if (e.kind !== "eager") continue;
    const from = resolverFor ? nodeModule(e.from) : e.from;
    const to = resolverFor ? nodeModule(e.to) : e.to;
    const own = resolverFor ? resolverFor(index.files.get(e.path)?.sourceRoot ?? "") : resolver;
    // Each package above `to`, innermost first, cut at its dots (no split and join per edge).
    for (let dot = to.lastIndexOf("."); dot >= 0; dot = dot > 0 ? to.lastIndexOf(".", dot - 1) : -1) {
      const pkg = to.slice(0, dot);
      if (from.startsWith(pkg) && (from.length === dot || from.charCodeAt(dot) === 46)) break;
      const file = own.module(pkg)?.file;
      if (file) {
        const node = resolverFor ? graphNode(index, pkg, file) : pkg;
        out.push({ from: e.from, to: node, kind: e.kind, path: e.path, line: e.line, column: e.column });
      }
    }
  }
  return out;
}

export const importCycle: Check = {
  code: "RM006",
  name: "import-cycle",
  scope: "project",
  summary: "an eager import cycle (one per strongly connected component, shortest cycle shown)",
  example:
    "`app/a.py` does `from app import b`, `app/b.py` does `from app.a import X` → `app/a.py:1:1: RM006 import cycle: app.a -> app.b -> app.a`. Only eager edges count: imports under `if TYPE_CHECKING:` (type-only) and inside functions (lazy) never form a cycle, nor does `from . import sibling` inside a package (the package is already being imported; `from . import CONFIG`, a name of the parent, is a real dependency). Importing `a.b.c` from outside package `a.b` first runs `a/b/__init__.py`, so it also counts as an edge to the package: `app/models/__init__.py` doing `from app.accounts.user import User` while `app/accounts/user.py` does `from app.models.base import Base` is a cycle (importing `app.accounts.user` first fails). One problem per strongly connected component, starting at its alphabetically first module",
  run: (ctx) => checkCycles(ctx.resolver, ctx.resolverFor),
};
