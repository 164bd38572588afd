/**
 * What `Tortoise.init(modules={"models": ["app.models"]})` would register, read statically:
 * Tortoise imports each listed module and takes every Model subclass bound in its namespace
 * (`dir(module)`), so after a split the package's `__init__` must still bind every model. Used by
 * the fixture runner, since Tortoise itself is not installed here.
 */
import type { LoadedProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import type { Schema } from "../../src/schema/model.js";

/** Dotted module names listed in `Tortoise.init(modules=...)` calls and `"apps": {..."models": [...]}` configs. */
export function tortoiseModuleLists(project: LoadedProject): string[] {
  const out = new Set<string>();
  for (const path of project.files.keys()) {
    const text = project.readText(path);
    const lists = [
      ...[...text.matchAll(/Tortoise\.init\([^)]*?modules\s*=\s*\{([^}]*)\}/gs)].map((m) => m[1]),
      ...[...text.matchAll(/["']models["']\s*:\s*\[([^\]]*)\]/g)].map((m) => m[1]),
    ];
    for (const l of lists) for (const s of l.matchAll(/["']([\w.]+)["']/g)) if (s[1].includes(".")) out.add(s[1]);
  }
  return [...out].sort();
}

/** Per listed module, the Tortoise model classes its namespace binds (sorted). */
export function discoveredModels(project: LoadedProject, schema: Schema): Record<string, string[]> {
  const resolver = new Resolver(project);
  const models = schema.tables
    .filter((t) => t.framework === "tortoise" && t.model)
    .map((t) => ({ name: t.model!, module: t.module }));
  const out: Record<string, string[]> = {};
  for (const listed of tortoiseModuleLists(project)) {
    out[listed] = models
      .filter((m) => {
        const def = resolver.definition(resolver.lookup(listed, m.name));
        return def !== null && !("submodule" in def) && def.binding.kind === "class" && def.module === m.module;
      })
      .map((m) => m.name)
      .sort();
  }
  return out;
}
