/** `plan split` over a project index: the module's statements plus how importers use its names. */
import type { Resolver } from "../../project/resolver.js";
import type { ImportFact } from "../../python/facts.js";
import { absoluteTarget } from "../shared/relative.js";
import { rootRenames } from "../shared/root-renames.js";
import type { Importer } from "./domains.js";
import { buildSplitModel, type SplitModel } from "./model.js";
import { modelPerModulePackage } from "./project-style.js";
import { planSplit, type PlanSplitOptions, type SplitPlan } from "./plan-split.js";
import { unsplittable } from "./split.js";
import { failure, isFailure, type Outcome } from "../../core/outcome.js";

/** Package names that splitting a `models.py` (or `schemas.py`, `tables.py`) leaves behind. */
const SPLIT_PACKAGE = /^(models?|schemas?|tables|entities|orm|db|database|domain|dto|serializers)$/;

/** `modules`: at most this many new modules (`--modules N`, see asked-count.ts). */
export function proposeSplit(resolver: Resolver, path: string, modules?: number): Outcome<SplitPlan> {
  const input = splitInput(resolver, path);
  if (isFailure(input)) return input;
  const classes = input.model.statements.filter((s) => s.cls).length;
  // More modules than classes would leave a module with no class: a count no plan can mean.
  // (A file with no class is planned as it is: an empty or facade module is no split, whatever N.)
  if (modules !== undefined && classes > 0 && modules > classes)
    return failure(`--modules ${modules}: ${path} has ${classes} class(es), so at most --modules ${classes}`);
  return planSplit(input.model, { ...input.opts, modules });
}

/** What the planner reads of a module: its split model, and its importers and whether it is a part of an earlier split. */
export function splitInput(resolver: Resolver, path: string): Outcome<{ model: SplitModel; opts: PlanSplitOptions }> {
  const file = resolver.index.files.get(path);
  if (!file) return failure(`${path} is not a Python file of the project`);
  const problem = unsplittable(file.isPackage, file.isStub, path);
  if (problem) return failure(problem);
  const model = buildSplitModel(resolver.index.readText(path), file.facts);
  if (model.parsed.syntaxError)
    return failure(
      `${path}:${model.parsed.syntaxError.line}:${model.parsed.syntaxError.column}: syntax error; fix it before splitting`,
    );
  // A module its package's __init__ re-exports from is a part of an earlier split (or a package's
  // own module). Only a module-level import re-exports: an app factory's `from app.models import
  // User` inside `create_app()` (or a TYPE_CHECKING import) is a use, like any importer's.
  const init = resolver.index.files.get(path.replace(/[^/]+\.py$/, "__init__.py"));
  const reExports = (imp: ImportFact) =>
    !imp.commented && !imp.context.function && !imp.context.class && !imp.context.typeChecking;
  const importers: Importer[] = [];
  // An importer reads the module as its own source root sees it: another sub-project's module of
  // the same name, and what its importers use together, says nothing about this file.
  const seen = rootRenames(resolver, new Map([[file.module, file.module]]), new Set([path]));
  for (const f of resolver.index.files.values()) {
    if (f === file || !seen.seesMoved(f.sourceRoot)) continue;
    const own = seen.resolverFor(f.sourceRoot);
    for (const imp of f.facts.imports) {
      if (imp.commented || imp.star || imp.kind !== "from" || absoluteTarget(own, f, imp) !== file.module) continue;
      // The package's own re-export lists every name: it says nothing about which go together.
      if (f === init && reExports(imp)) continue;
      importers.push({ module: f.module, names: imp.names.map((n) => n.name) });
    }
  }
  // Only a package named for what a split makes (`models/`, `schemas/`) is an earlier split: a
  // project's top package re-exporting its public API (`from pkg.schema import Record`) is not.
  const splitPackage = SPLIT_PACKAGE.test(file.module.split(".").slice(-2, -1)[0] ?? "");
  const alreadySplit =
    splitPackage &&
    !!init &&
    init.facts.imports.some(
      (imp) => reExports(imp) && absoluteTarget(seen.resolverFor(file.sourceRoot), init, imp) === file.module,
    );
  const perModule = modelPerModulePackage(resolver.index.files.values(), path, file.facts.classes);
  return {
    model,
    opts: { file: path, importers, alreadySplit, ...(perModule ? { modelPerModule: perModule.package } : {}) },
  };
}
