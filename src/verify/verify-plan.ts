/**
 * Verification of a planned change before anything is written: apply it in memory, re-index,
 * run every check, and report the problems the change adds. Problems that existed before are
 * not the change's fault; files that moved are matched by their new paths, and modules that
 * became packages are compared as the same node in the import graph.
 */
import { timed } from "../core/timing.js";
import { sortProblems, type Problem } from "../core/diagnostics.js";
import type { Overlay } from "../core/overlay.js";
import type { LoadedProject } from "../project/load.js";
import { reindex } from "../project/reindex.js";
import {
  runChangeChecks,
  runChecks,
  type SourcedProblem,
  unmatchedProblems,
  withoutSource,
  withSources,
} from "./check.js";
import { alembicEnvironments, isRevisionPath } from "../alembic/environments.js";
import { alembicHeadsGrew } from "./checks/alembic-heads.js";
import type { ModelsReached } from "./checks/model-discovery.js";
import type { Schema } from "../schema/model.js";
import { touchesModels } from "./checks/schema-unchanged.js";
import type { SchemaThread, ThreadFile } from "./background-schema.js";
import { schemaFromProject } from "../orm/index.js";
import { clashingTops } from "../project/own-root.js";
import { moduleNameOf, rootOf } from "../project/roots.js";

export interface Verification {
  after: LoadedProject;
  added: Problem[];
  before: Problem[];
}

/**
 * What the project was before the change, where the caller has it cheaply (cached on disk); each
 * part left out is computed from the project.
 */
export interface BeforeSide {
  problems?: Problem[];
  schema?: () => Schema;
  /** What each Alembic env.py reached. */
  models?: () => ModelsReached[];
  /**
   * Compute the "after" schema on a second thread, while the other checks run (a split: every
   * model module is new text to parse). Same extraction, same files: only the thread differs.
   */
  afterSchemaThread?: () => SchemaThread;
}

/** `renames` maps new module names to the old names they stand for (row module → old module). */
export function verifyOverlay(
  project: LoadedProject,
  overlay: Overlay,
  renames: Map<string, string>,
  before: BeforeSide = {},
): Verification {
  // The "after" files are known before the reindex: the thread starts on them while it runs.
  const thread = before.afterSchemaThread && touchesModels(overlay) ? before.afterSchemaThread() : null;
  const files = thread ? afterFiles(project, overlay) : [];
  const answer = thread?.send(files, overlay.texts);
  thread?.done();
  const after = timed("reindex", () => reindex(project, overlay));
  const afterSchema = answer && sameFiles(files, after) ? threadSchema(answer, after) : undefined;
  const beforeProblems = before.problems ?? runChecks(project);
  // A change that touches no revision file leaves every Alembic graph as it was (RM007 unchanged).
  const touched = [...overlay.texts.keys(), ...overlay.removed];
  const envBefore = alembicEnvironments(project);
  const envAfter = alembicEnvironments(after);
  const environments = [...envBefore, ...envAfter];
  const skip = touched.some((p) => isRevisionPath(environments, p)) ? [] : ["RM007"];
  // Each side with the code line its problems point at: a problem that only moved with its code is not new.
  const mapped = withSources(
    beforeProblems.filter((p) => !skip.includes(p.code)),
    (path) => project.readText(path),
  ).map((p) => ({ ...p, path: overlay.moves.get(p.path) ?? p.path }));
  const afterRaw = withSources(
    timed("checks (after)", () => runChecks(after, { skip })),
    (path) => after.readText(path),
  );
  // Compared by cycle group, reported as check reports it (path, line and the cycle itself).
  const shared = new Set([...clashingTops(project).keys(), ...clashingTops(after).keys()]);
  const group = (p: SourcedProblem) => normalizeCycle(p, renames, shared, after.sourceRoots);
  const reported = new Map(afterRaw.map((p) => [group(p), p]));
  const added = unmatchedProblems([...reported.keys()], mapped.map(group)).map((p) => withoutSource(reported.get(p)!));
  added.push(
    ...runChangeChecks(after, {
      before: project,
      overlay,
      renames,
      beforeSchema: before.schema,
      afterSchema,
      beforeModels: before.models,
    }),
  );
  // The same environments and revision files as RM007 above: growth of the head count is the change's.
  if (skip.length === 0) added.push(...alembicHeadsGrew(project, after, envBefore, envAfter));
  return { after, added: sortProblems(added), before: beforeProblems };
}

/**
 * The files of the project after the change, in the order the reindex lists them (the extractor
 * takes the first file of a module name): untouched files, then the change's Python texts.
 */
function afterFiles(project: LoadedProject, overlay: Overlay): ThreadFile[] {
  const added = [...overlay.texts.keys()].filter((p) => p.endsWith(".py") || p.endsWith(".pyi"));
  const gone = new Set([...overlay.removed, ...added]);
  const kept = [...project.files.values()]
    .filter((f) => !gone.has(f.path))
    .map((f) => ({ path: f.path, module: f.module, hash: f.hash }));
  return [
    ...kept,
    ...added.map((path) => ({ path, module: moduleNameOf(path, rootOf(path, project.sourceRoots)).module })),
  ];
}

/** The thread read exactly the files the reindex lists (else the schema is computed from the index). */
function sameFiles(files: ThreadFile[], after: LoadedProject): boolean {
  const listed = [...after.files.values()];
  return (
    listed.length === files.length && listed.every((f, i) => f.path === files[i].path && f.module === files[i].module)
  );
}

function threadSchema(answer: ReturnType<SchemaThread["send"]>, after: LoadedProject): () => Schema {
  let schema: Schema | null = null;
  return () => (schema ??= answer().schema ?? schemaFromProject(after));
}

/**
 * A cycle is identified by its members with renamed modules folded back to their old names, and,
 * where a member's top-level name is one several source roots give (`shared`: each sub-project's
 * own `common`), by the root of the file it is reported at: `common.c -> common.d` of one
 * sub-project is another cycle than the same-named one of another.
 */
function normalizeCycle<T extends Problem>(
  p: T,
  renames: Map<string, string>,
  shared: ReadonlySet<string>,
  sourceRoots: readonly string[],
): T {
  if (p.code !== "RM006") return p;
  const modules = ((p.data?.modules as string[]) ?? []).map((m) => fold(m, renames));
  const key = [...new Set(modules)].sort().join(" ");
  const where = modules.some((m) => shared.has(m.split(".")[0])) ? ` in ${rootOf(p.path, sourceRoots) || "."}` : "";
  return { ...p, path: "", message: `import cycle group: ${key}${where}` };
}

function fold(module: string, renames: Map<string, string>): string {
  for (const [to, from] of renames)
    if (module === to || module.startsWith(to + ".")) return from + module.slice(to.length);
  return module;
}
