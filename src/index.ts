/** Remodel as a library: the index, the resolver, the checks and the refactorings. */
export { loadProject, type LoadedProject, type LoadOptions } from "./project/load.js";
export type { ProjectIndex, SourceFile, ModuleInfo, RemodelConfig } from "./project/types.js";
export type { ModuleFacts, ImportFact, Binding, StringRef } from "./python/facts.js";
export { scanModule } from "./python/scan.js";
export { Resolver, type NameLookup } from "./project/resolver.js";
export { importGraph, stronglyConnected, shortestCycle } from "./project/graph.js";
export { runChecks, newProblems } from "./verify/check.js";
export type { Problem } from "./core/diagnostics.js";
export type { Edit, EditPlan, FileOp } from "./core/edits.js";
export { planMoveToPackage } from "./refactor/move-to-package.js";
export { planPackage } from "./refactor/package-plan.js";
export { applyPackagePlan } from "./refactor/apply-package-plan.js";
export { executePlan } from "./refactor/execute.js";
export { computeExports } from "./refactor/exports.js";
export type { Schema } from "./schema/model.js";
export { main } from "./cli/main.js";
