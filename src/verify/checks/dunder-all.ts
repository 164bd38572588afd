/** RM004: a name listed in `__all__` that the module does not define (`from m import *` would fail). */
import type { Problem } from "../../core/diagnostics.js";
import { rootResolvers } from "../../project/own-root.js";
import type { Resolver } from "../../project/resolver.js";
import type { Check } from "../check-contract.js";

/**
 * Each module as its own source root sees the project (own-root.ts): a sub-project's package that
 * another root's of the same name hides in the whole index is still what its own code imports.
 */
export function checkDunderAll(
  whole: Resolver,
  resolverFor: (root: string) => Resolver = rootResolvers(whole),
): Problem[] {
  const out: Problem[] = [];
  for (const file of whole.index.files.values()) {
    const all = file.facts.all;
    if (!all || !file.module) continue;
    const resolver = resolverFor(file.sourceRoot);
    if (resolver.module(file.module)?.file !== file) continue;
    for (const e of all.entries) {
      const look = resolver.lookup(file.module, e.name);
      if (look.kind !== "missing") continue;
      out.push({
        code: "RM004",
        path: file.path,
        line: e.line,
        column: e.column,
        message: `"${e.name}" is specified in __all__ but is not present in module`,
        data: { module: file.module, name: e.name },
      });
    }
  }
  return out;
}

export const undefinedAllEntry: Check = {
  code: "RM004",
  name: "undefined-all-entry",
  scope: "project",
  summary: "an `__all__` entry the module does not define",
  example:
    '`__all__ = ["Alpha", "Beta"]` without `Beta` → `RM004 "Beta" is specified in __all__ but is not present in module` (literal lists and tuples, `+=`, `.extend`, `.append`; submodule names are fine: `import *` imports them)',
  run: (ctx) => checkDunderAll(ctx.resolver, ctx.resolverFor),
};
