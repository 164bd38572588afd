/**
 * RM010: a module file that Python never imports, because a package of the same name sits beside
 * it (`pkg/mod.py` and `pkg/mod/__init__.py`): CPython's finder takes the package. What a half-done
 * "move into a package" leaves behind, and edits to it change nothing that runs.
 */
import type { Problem } from "../../core/diagnostics.js";
import { hiddenByPackage } from "../../project/module-precedence.js";
import type { ProjectIndex } from "../../project/types.js";
import type { Check } from "../check-contract.js";

export function checkShadowedModules(index: ProjectIndex): Problem[] {
  const out: Problem[] = [];
  for (const file of index.files.values()) {
    const winner = file.module ? index.modules.get(file.module)?.file : undefined;
    if (!winner || winner === file || !hiddenByPackage(file, winner)) continue;
    out.push({
      code: "RM010",
      path: file.path,
      line: 1,
      column: 1,
      message: `module "${file.module}" is never imported from this file: the package "${winner.path}" beside it is what Python imports`,
      data: { module: file.module, package: winner.path },
    });
  }
  return out;
}

export const shadowedModule: Check = {
  code: "RM010",
  name: "shadowed-module",
  scope: "project",
  summary: "a module file hidden by a package of the same name beside it (`mod.py` and `mod/__init__.py`)",
  example:
    '`pkg/mod.py` beside `pkg/mod/__init__.py` → `pkg/mod.py:1:1: RM010 module "pkg.mod" is never imported from this file: the package "pkg/mod/__init__.py" beside it is what Python imports`; imports of `pkg.mod` are checked against the package',
  run: (ctx) => checkShadowedModules(ctx.index),
};
