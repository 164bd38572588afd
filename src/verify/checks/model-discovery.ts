/**
 * Pitfall 11: models imported only so that metadata (or Alembic's env.py) sees them. After a
 * change, every model class an Alembic env.py reached through imports before must still be
 * reached. Model classes are found by their module-level class statements.
 */
import type { Problem } from "../../core/diagnostics.js";
import { alembicEnvFiles } from "../../alembic/environments.js";
import { adjacency, importGraph } from "../../project/graph.js";
import { Resolver } from "../../project/resolver.js";
import type { ProjectIndex, SourceFile } from "../../project/types.js";
import type { Check } from "../check-contract.js";

/** The model classes one Alembic env.py reaches through imports. */
export interface ModelsReached {
  env: string;
  classes: { name: string; module: string }[];
}

/** For every Alembic env.py of the project, what it reaches (plain data: the "before" side is cached). */
export function modelsReached(index: ProjectIndex): ModelsReached[] {
  const envs = alembicEnvs(index);
  if (envs.length === 0) return [];
  const reach = reachability(index);
  return envs.map((env) => ({ env: env.path, classes: classesIn(index, reach(env.module)) }));
}

export function checkModelDiscovery(
  before: ProjectIndex | ModelsReached[],
  after: ProjectIndex,
  renames: Map<string, string>,
): Problem[] {
  const out: Problem[] = [];
  const reachedBefore = Array.isArray(before) ? before : modelsReached(before);
  if (reachedBefore.length === 0) return out;
  const reachAfter = reachability(after);
  for (const { env: path, classes: classesBefore } of reachedBefore) {
    const envAfter = after.files.get(path);
    if (!envAfter) continue;
    const classesAfter = new Set(classesIn(after, reachAfter(envAfter.module)).map((c) => c.name));
    const lost = classesBefore.filter((c) => !classesAfter.has(c.name));
    for (const c of lost.slice(0, 20)) {
      out.push({
        code: "RM008",
        path,
        line: 1,
        column: 1,
        message: `model discovery: ${c.name} (${c.module}) is no longer imported by ${path}`,
        data: { model: c.name, module: c.module, renames: [...renames.entries()] },
      });
    }
  }
  return out;
}

function alembicEnvs(index: ProjectIndex): SourceFile[] {
  return alembicEnvFiles(index).map((p) => index.files.get(p)!);
}

/** Modules reachable from a module through eager and lazy first-party imports. */
function reachability(index: ProjectIndex): (start: string) => Set<string> {
  const adj = adjacency(importGraph(new Resolver(index)), ["eager", "lazy"]);
  return (start) => {
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length) {
      const m = queue.pop()!;
      // Importing a module runs its packages' __init__ first.
      const parts = m.split(".");
      const next = [...(adj.get(m) ?? []), ...parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("."))];
      for (const n of next)
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
    }
    return seen;
  };
}

function classesIn(index: ProjectIndex, modules: Set<string>): { name: string; module: string }[] {
  const out: { name: string; module: string }[] = [];
  for (const m of modules) {
    const file = index.modules.get(m)?.file;
    for (const c of file?.facts.classes ?? []) if (c.bases.length) out.push({ name: c.name, module: m });
  }
  return out;
}

export const modelDiscovery: Check = {
  code: "RM008",
  name: "model-discovery",
  scope: "change",
  summary: "(refactorings) a model an Alembic `env.py` imported is no longer imported",
  example:
    "`inv/models/__init__.py` stops importing `shelf`, which `migrations/env.py` reached through `import inv.models` → `migrations/env.py:1:1: RM008 model discovery: Shelf (inv.models.shelf) is no longer imported by migrations/env.py` (pitfall 11: models imported only so that the metadata sees them)",
  run: (ctx) =>
    ctx.change
      ? checkModelDiscovery(
          ctx.change.beforeModels ? ctx.change.beforeModels() : ctx.change.before,
          ctx.index,
          ctx.change.renames,
        )
      : [],
};
