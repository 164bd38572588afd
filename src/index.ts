/**
 * Remodel as a library: every kind of unit the CLI is built from. A long-running host (an editor
 * server, a watcher) can embed it: the library sets no process-wide flag and keeps its caches per
 * Resolver (or bounded by the run).
 */

// The project: discovery, the index, the resolver, the import graph.
export { loadProject, discoverProject, type LoadedProject, type LoadOptions, type Discovery } from "./project/load.js";
export type { ProjectIndex, SourceFile, ModuleInfo, RemodelConfig } from "./project/types.js";
export type { ModuleFacts, ImportFact, Binding, StringRef } from "./python/facts.js";
export { scanModule } from "./python/scan.js";
export { Resolver, type NameLookup } from "./project/resolver.js";
export { importGraph, stronglyConnected, shortestCycle } from "./project/graph.js";

// Edits and plans.
export type { Edit, EditPlan, FileOp } from "./core/edits.js";
export { applyEdits, emptyPlan, insertion, deletion, replacement, EditConflictError } from "./core/edits.js";
export { applyPlanInMemory, type Overlay } from "./core/overlay.js";
export type { Problem } from "./core/diagnostics.js";
export { RemodelError } from "./core/errors.js";
export { VERSION } from "./core/version.js";
export { DIALECTS, type Dialect } from "./db/dialect.js";
// The write transaction: all or nothing; a write a kill interrupted is finished by the next run.
export { recoverInterrupted, discardJournal } from "./core/transaction/index.js";

// Checks.
export { runChecks, newProblems } from "./verify/check.js";
export { checks } from "./verify/registry.js";
export type { Check, CheckContext } from "./verify/check-contract.js";
export { verifyOverlay } from "./verify/verify-plan.js";

// Refactorings and the runner.
export type { Refactoring, RefactorResult, RefactorWarning } from "./refactor/refactoring.js";
export { refactorings } from "./refactor/registry.js";
export { move, type MoveOptions } from "./refactor/move/move.js";
export { moveModule, planMoveModule } from "./refactor/move/move-module.js";
export { moveToPackage, planMoveToPackage } from "./refactor/package/move-to-package.js";
export { planPackage, renderPackagePlan, type PackagePlan } from "./refactor/package/package-plan.js";
export { split, type SplitRefactoringOptions } from "./refactor/split/refactoring.js";
export { proposeSplit } from "./refactor/split/propose.js";
export { parseSplitPlan, renderSplitPlan } from "./refactor/split/split-toml.js";
export { computeExports } from "./refactor/shared/exports.js";
export { runRefactoring, exitCodeOf, type RunOptions, type RunResult } from "./run/runner.js";
export { executePlan, type ExecuteResult } from "./run/execute.js";
export { applyPackagePlan } from "./run/apply-package-plan.js";

// The schema: static ORM extraction and schema diff.
export type { Schema, Table, Column } from "./schema/model.js";
export { schemaFromProject, extractSchema } from "./orm/index.js";
export { extractors, canDefineModels } from "./orm/registry.js";
export type { OrmExtractor } from "./orm/extractor.js";
export { schemaOfDirectory } from "./schema/load.js";
export { diffSchemas, formatDiff } from "./schema/diff.js";

// Docs renderers.
export { renderers } from "./docs/renderers.js";
export type { DocsRenderer } from "./docs/renderer.js";
export { docsContext } from "./docs/context.js";
export { renderMarkdown } from "./docs/markdown/markdown.js";
export { renderHtml } from "./docs/html/html.js";

// Databases: dialects, connections, drift, DDL, models from a database.
export { dialects, type DialectSpec } from "./db/dialect.js";
export { connect, introspectUrl } from "./db/registry.js";
export { diffSchemas as diffDatabase } from "./db/diff.js";
export { renderDdl } from "./db/ddl.js";
export { pullModels, pullPackage } from "./db/pull/index.js";
export { findMigrations, migratedSchema } from "./db/migrations.js";
export type { Introspection, DbConnection, ConnectOptions } from "./db/connection.js";

// Raw SQL: the execute() sites of a project's files and what each one reads or writes.
export {
  inventory as sqlInventory,
  type SqlSite,
  type Inventory as SqlInventory,
  type SqlFile,
} from "./sql/inventory.js";
export { loadPythonFiles } from "./orm/loader.js";

// The runtime oracle: what the ORM itself registers, imported with a real interpreter.
export { dumpRuntimeSchema, type RuntimeKind } from "./orm/runtime.js";

// Alembic, read statically.
export {
  locateVersions,
  loadVersionDirs,
  buildGraph as buildRevisionGraph,
  renderHeads,
  projectGraphs,
} from "./alembic/index.js";

// The CLI, for embedding.
export { main } from "./cli/main.js";
export { commands } from "./cli/registry.js";
