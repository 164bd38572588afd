/** `plan split` over a project index: the module's statements plus how importers use its names. */
import type { Resolver } from "../../project/resolver.js";
import { absoluteTarget } from "../shared/relative.js";
import { buildSplitModel } from "./model.js";
import { planSplit, type SplitPlan } from "./plan-split.js";

export function proposeSplit(resolver: Resolver, path: string): SplitPlan | { error: string } {
  const file = resolver.index.files.get(path);
  if (!file) return { error: `${path} is not a Python file of the project` };
  if (file.isPackage || file.isStub) return { error: `${path} is a package or a stub; split a plain module` };
  const model = buildSplitModel(resolver.index.readText(path), file.facts);
  if (model.parsed.syntaxError) return { error: `${path}:${model.parsed.syntaxError.line}:${model.parsed.syntaxError.column}: syntax error; fix it before splitting` };
  const coImports: string[][] = [];
  for (const f of resolver.index.files.values()) {
    if (f === file) continue;
    for (const imp of f.facts.imports) {
      if (imp.commented || imp.star || imp.names.length < 2 || absoluteTarget(resolver, f, imp) !== file.module) continue;
      coImports.push(imp.names.map((n) => n.name));
    }
  }
  return planSplit(model, { file: path, coImports });
}
