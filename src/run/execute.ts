/**
 * The seam between planning and writing, shared by every refactoring: apply the plan in memory,
 * sort the touched import blocks, verify the result, and only then write it (atomically, with
 * `git mv`) and commit it. Returns a result instead of throwing for expected outcomes.
 */
import { existsSync } from "node:fs";
import type { Warning } from "../core/warning.js";
import { join } from "node:path";
import { RemodelError } from "../core/errors.js";
import { timed } from "../core/timing.js";
import { invalidModuleName } from "../python/module-name.js";
import { changedLines, unifiedDiff, type FileChange } from "../core/diff.js";
import type { Problem } from "../core/diagnostics.js";
import type { EditPlan } from "../core/edits.js";
import { commitPaths, dirtyPaths, workTreeRoot } from "../core/git.js";
import { applyPlanInMemory, type Overlay } from "../core/overlay.js";
import { writeOverlay } from "../core/transaction/index.js";
import type { LoadedProject } from "../project/load.js";
import { Resolver } from "../project/resolver.js";
import { verifyOverlay, type BeforeSide } from "../verify/verify-plan.js";
import { touchesModels } from "../verify/checks/schema-unchanged.js";
import { canDefineModels } from "../orm/registry.js";
import { ruffOptions, sortTouchedImports } from "../refactor/shared/sort-imports.js";

export interface ExecuteOptions {
  dryRun?: boolean;
  /** Write even when verification found new problems. */
  force?: boolean;
  /** Touch files with uncommitted changes. */
  allowDirty?: boolean;
  /** Sort touched import blocks (default: `[tool.remodel] sort-imports`). */
  sortImports?: boolean;
  /** Commit the change with this message (inside a git work tree). */
  commitMessage?: string | null;
  /** The project before the change, as far as the caller already has it. */
  before?: BeforeSide;
  /** The change was already verified as part of a larger one (a step of a verified plan). */
  verified?: { after: LoadedProject };
}

export interface ExecuteResult {
  status: "written" | "dry-run" | "failed" | "refused";
  overlay: Overlay;
  /** Problems the change would add. */
  added: Problem[];
  /** The project as it is after the change (in memory, or on disk once written). */
  after: LoadedProject;
  diff: string;
  /** Why the change was refused (dirty files). */
  reason?: string;
  commit?: string;
  before: Problem[];
  /** What went wrong after the change was written completely (it stands). */
  warnings?: Warning[];
}

/** Does the project ask for touched import blocks to be sorted? (`[tool.remodel] sort-imports`) */
export function sortsImports(project: LoadedProject, flag?: boolean): boolean {
  return flag ?? project.config.raw["sort-imports"] === true;
}

/**
 * A plan applied in memory, touched import blocks sorted when `sort` says so (default: as the
 * project's `[tool.remodel] sort-imports` says): what would be written. `before`: the side the
 * change is verified against; when it computes the "after" schema on a second thread, that
 * thread parses the unsorted model texts while they are sorted here (sorting changes only their
 * import blocks, and the thread then reparses just those).
 */
export function prepareOverlay(
  project: LoadedProject,
  plan: EditPlan,
  sort = sortsImports(project),
  before?: BeforeSide,
): Overlay {
  const overlay = timed("apply in memory", () => applyPlanInMemory(plan, project.readText));
  if (sort) {
    if (before?.afterSchemaThread && touchesModels(overlay))
      before
        .afterSchemaThread()
        .drafts(new Map([...overlay.texts].filter(([p, t]) => p.endsWith(".py") && canDefineModels(t))));
    timed("sort imports", () => sortImports(project, overlay));
  }
  return overlay;
}

/** A plan applied, verified and written; the plan's renames match problems across the change. */
export function executePlan(project: LoadedProject, plan: EditPlan, opts: ExecuteOptions): Promise<ExecuteResult> {
  return executeOverlay(
    project,
    prepareOverlay(project, plan, sortsImports(project, opts.sortImports), opts.before),
    plan.renames,
    opts,
  );
}

/** `renames`: new module name → old module name (as in `EditPlan.renames`). */
export async function executeOverlay(
  project: LoadedProject,
  overlay: Overlay,
  renames: Map<string, string>,
  opts: ExecuteOptions,
): Promise<ExecuteResult> {
  refuseUnimportableNames(project, overlay);
  const v = opts.verified
    ? { added: [], after: opts.verified.after, before: [] }
    : timed("verify", () => verifyOverlay(project, overlay, renames, opts.before));
  const base = {
    overlay,
    added: v.added,
    after: v.after,
    diff: timed("diff", () => renderDiff(project, overlay)),
    before: v.before,
  };
  if (opts.dryRun) return { status: "dry-run", ...base };
  if (v.added.length && !opts.force) return { status: "failed", ...base };
  const gitRoot = workTreeRoot(project.root);
  const touched = touchedPaths(overlay);
  const dirty = dirtyRefusal(project, overlay, opts);
  if (dirty) return { status: "refused", ...base, reason: dirty };
  const boms = new Map<string, boolean>();
  for (const [from, to] of overlay.moves) boms.set(to, project.files.get(from)?.bom ?? false);
  const written = await writeOverlay(project.root, overlay, {
    gitRoot,
    bom: (p) => boms.get(p) ?? project.files.get(p)?.bom ?? false,
    readHash: (p) => project.files.get(p)?.hash,
    // Without --commit, the files the change creates are staged with the renames (in the same
    // index swap), so that `git commit -a` commits a whole package.
    stage: (p) => !opts.commitMessage && !project.files.has(p) && !isMoveTarget(overlay, p),
  });
  const commit = gitRoot && opts.commitMessage ? commitPaths(project.root, touched, opts.commitMessage) : undefined;
  return {
    status: "written",
    ...base,
    ...(commit ? { commit } : {}),
    ...(written.warnings.length ? { warnings: written.warnings } : {}),
  };
}

const touchedPaths = (overlay: Overlay) => [...new Set([...overlay.texts.keys(), ...overlay.removed])];

/** Why a change is refused for touching files with uncommitted changes (inside a git work tree, without allowDirty), or null. */
export function dirtyRefusal(
  project: LoadedProject,
  overlay: Overlay,
  opts: Pick<ExecuteOptions, "allowDirty">,
): string | null {
  if (opts.allowDirty || !workTreeRoot(project.root)) return null;
  const dirty = dirtyPaths(
    project.root,
    touchedPaths(overlay).filter((p) => project.files.has(p) || overlay.removed.has(p)),
  );
  return dirty.length ? `uncommitted changes in ${dirty.join(", ")} (use --allow-dirty)` : null;
}

/**
 * A change that creates a module CPython cannot import (`user/class.py`, `utils/None.py`, a split
 * module named `class`) is bad input, refused before anything is verified or written, even with
 * --force: every check would pass on a package nobody can import. Only the parts the change
 * creates are judged (the file's own name and the folders that do not exist yet); folders above
 * the source roots may be named anything.
 */
function refuseUnimportableNames(project: LoadedProject, overlay: Overlay): void {
  for (const path of overlay.texts.keys()) {
    if (!path.endsWith(".py") || project.files.has(path)) continue;
    const parts = path.split("/");
    const stem = parts[parts.length - 1].slice(0, -3);
    const names: string[] = stem === "__init__" ? [] : [stem];
    for (let i = parts.length - 1; i > 0; i--) {
      const dir = parts.slice(0, i).join("/");
      if (existsSync(join(project.root, dir))) break;
      names.push(parts[i - 1]);
    }
    for (const n of names) {
      const why = invalidModuleName(n);
      if (why)
        throw new RemodelError(
          `${path}: ${why}, so Python cannot import it; choose another name (nothing was written)`,
        );
    }
  }
}

const isMoveTarget = (overlay: Overlay, path: string) => originalOf(overlay, path) !== null;

function originalOf(overlay: Overlay, path: string): string | null {
  for (const [from, to] of overlay.moves) if (to === path) return from;
  return null;
}

function sortImports(project: LoadedProject, overlay: Overlay): void {
  const lines = new Map<string, Set<number>>();
  for (const [path, text] of overlay.texts) {
    const from = originalOf(overlay, path) ?? path;
    const before = project.files.has(from) ? project.readText(from) : null;
    const changed = changedLines(before, text);
    // Ruff only needs to see files where an import line changed (not, say, a patch string).
    const textLines = text.split("\n");
    if ([...changed].some((l) => /^\s*(from|import)\s/.test(textLines[l - 1] ?? ""))) lines.set(path, changed);
  }
  const resolver = new Resolver(project);
  const firstParty = [...project.modules.keys()].filter((m) => !m.includes(".") && resolver.isFirstParty(m));
  sortTouchedImports(overlay, lines, ruffOptions(project.tool, firstParty));
}

function renderDiff(project: LoadedProject, overlay: Overlay): string {
  const changes: FileChange[] = [];
  const movedTo = new Set(overlay.moves.values());
  for (const [path, text] of [...overlay.texts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const from = originalOf(overlay, path);
    if (from) changes.push({ from, to: path, before: project.readText(from), after: text });
    else if (project.files.has(path))
      changes.push({ from: path, to: path, before: project.readText(path), after: text });
    else changes.push({ from: null, to: path, before: "", after: text });
  }
  for (const p of overlay.removed)
    if (!overlay.moves.has(p) && !movedTo.has(p))
      changes.push({ from: p, to: null, before: project.readText(p), after: "" });
  return unifiedDiff(changes);
}
