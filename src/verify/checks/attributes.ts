/**
 * RM003: `mod.Name` read on a first-party module that has no such attribute (`from pkg import
 * models; models.Userr`). Stops at the first part that is a value, not a module: class attributes
 * are not checked. Modules with `__getattr__` or an unknowable namespace are never reported, nor a
 * last part that a plain assignment sets.
 */
import type { Problem } from "../../core/diagnostics.js";
import { importedModules } from "../../project/graph.js";
import { initAsPackage } from "../../project/init-as-package.js";
import { moduleRoots } from "../../project/module-roots.js";
import { rootResolvers } from "../../project/own-root.js";
import type { NameLookup, Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import type { Check } from "../check-contract.js";

/** A file's chains resolve as its own source root sees the project (own-root.ts), as its imports do (RM001). */
export function checkAttributes(
  whole: Resolver,
  resolverFor: (root: string) => Resolver = rootResolvers(whole),
): Problem[] {
  const out: Problem[] = [];
  for (const file of whole.index.files.values()) {
    if (file.facts.attributeRefs.length === 0) continue;
    const resolver = resolverFor(file.sourceRoot);
    const roots = moduleRoots(resolver, file);
    if (roots.size === 0) continue;
    let loaded: Set<string> | null = null;
    for (const ref of file.facts.attributeRefs) {
      // Most chains start at a name bound to no first-party module: looked up before any split.
      const dot = ref.chain.indexOf(".");
      let current = roots.get(dot < 0 ? ref.chain : ref.chain.slice(0, dot));
      if (!current) continue;
      const parts = ref.chain.split(".");
      let i = 1;
      // The name problems give: `pkg.__init__` where `current` is the package it stands for.
      let shown = current;
      // After `import a.b.c`, `a.b` and `a.b.c` are those modules even where `a` binds a value
      // named `b`: the import system sets the attribute when it first loads the submodule. Not
      // when `a/__init__` loads `a.b` itself: then its own later binding of `b` wins. The whole
      // chain counts too: `import pkg.__init__` then `pkg.__init__` is that module, which no
      // lookup of `__init__` in `pkg` finds.
      if (current === parts[0]) {
        loaded ??= importedPackages(file);
        for (let k = parts.length; k >= 2; k--) {
          const prefix = parts.slice(0, k).join(".");
          const module = initAsPackage(resolver, prefix);
          if (loaded.has(prefix) && resolver.module(module) && !initLoads(resolver, module)) {
            current = module;
            shown = prefix;
            i = k;
            break;
          }
        }
      }
      for (; i < parts.length && current; i++, shown = current ?? shown) {
        const look = resolver.lookup(current, parts[i]);
        if (look.kind === "missing") {
          if (i === parts.length - 1 && assigned(resolver, file, ref.end)) break;
          out.push({
            code: "RM003",
            path: file.path,
            line: ref.line,
            column: ref.column,
            message: `"${parts[i]}" is not a known attribute of module "${shown}"`,
            data: { module: shown, name: parts[i], chain: ref.chain },
          });
          break;
        }
        let found: NameLookup = look;
        while (found.kind === "star") found = found.found;
        current =
          found.kind === "submodule"
            ? found.module
            : found.kind === "binding"
              ? (resolver.moduleOfBinding(found.module, found.binding) ?? undefined)
              : undefined;
      }
    }
  }
  return out;
}

/**
 * Is the chain ending at `end` the target of a plain assignment (`mod.NAME = None`)? Setting a
 * module attribute creates it (CPython's module `__setattr__` never fails), so a missing last
 * part is no error there. An augmented assignment (`mod.NAME += 1`) reads it first, and is kept.
 * Asked only for a chain about to be reported, so the text is read for those files alone.
 */
function assigned(resolver: Resolver, file: SourceFile, end: number): boolean {
  return /^[ \t]*=(?!=)/.test(resolver.index.readText(file.path).slice(end, end + 40));
}

/** Does the parent package's own code import `module` (so that the parent's binding of the name wins)? */
function initLoads(resolver: Resolver, module: string): boolean {
  const parent = resolver.module(module.slice(0, module.lastIndexOf(".")))?.file;
  return (
    !!parent &&
    parent.facts.imports.some((imp) => !imp.commented && importedModules(resolver, parent, imp).includes(module))
  );
}

/** Every dotted prefix (two parts or more) of the modules the file loads by `import a.b.c`. */
function importedPackages(file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const imp of file.facts.imports) {
    if (imp.kind !== "import" || imp.commented) continue;
    for (const n of imp.names) {
      const parts = n.name.split(".");
      for (let k = 2; k <= parts.length; k++) out.add(parts.slice(0, k).join("."));
    }
  }
  return out;
}

export const unknownModuleAttribute: Check = {
  code: "RM003",
  name: "unknown-module-attribute",
  scope: "project",
  summary: "an attribute read on a first-party module that does not exist (`models.Userr`)",
  example:
    '`from pkg import models` then `models.Userr()` → `RM003 "Userr" is not a known attribute of module "pkg.models"`; also `import a.b as m; m.X` and `import a.b; a.b.X`',
  run: (ctx) => checkAttributes(ctx.resolver, ctx.resolverFor),
};
