/**
 * The one runner every refactoring goes through: plan (pure) → apply in memory and sort the
 * touched imports → verify against the "before" side → runtime oracle (when an interpreter is
 * given and the refactoring names modules to import) → write atomically and commit. It sits above
 * refactor/ and verify/ and returns a result; it throws only for bugs and bad configuration.
 */
import { timed } from "../core/timing.js";
import type { LoadedProject } from "../project/load.js";
import { Resolver } from "../project/resolver.js";
import { noteLines, type RefactorResult, type Refactoring, type RefactorWarning } from "../refactor/refactoring.js";
import { executeOverlay, prepareOverlay, sortsImports, type ExecuteOptions, type ExecuteResult } from "./execute.js";
import { compareOracle } from "./runtime-oracle.js";

export interface RunOptions extends Omit<ExecuteOptions, "commitMessage" | "verified"> {
  /** Interpreter for the runtime oracle; none: static verification only. */
  python?: string | null;
  /** The commit message for the planned change (none: no commit). */
  commitMessage?: (planned: Planned<unknown>) => string | null;
}

export type Planned<D> = Extract<RefactorResult<D>, { kind: "planned" }>;

export type RunResult<D = unknown> =
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string }
  | {
      kind: "executed";
      planned: Planned<D>;
      /** The plan's notes, its warnings (marked) and what the runner found (the oracle's verdict). */
      notes: string[];
      warnings: RefactorWarning[];
      execution: ExecuteResult;
      /** The runtime oracle found a difference (the change was not written unless forced). */
      oracleDiffers?: boolean;
      /** The plan's refusals stopped the write (see `notes`). */
      refused?: boolean;
    };

export async function runRefactoring<O, D>(
  project: LoadedProject,
  refactoring: Refactoring<O, D>,
  options: O,
  run: RunOptions = {},
): Promise<RunResult<D>> {
  const resolver = new Resolver(project);
  const planned = timed("plan", () => refactoring.plan(resolver, options));
  if (planned.kind !== "planned") return planned;
  return executePlanned(project, planned as Planned<D>, run);
}

/** The second half of the runner, for a result planned by the caller. */
export async function executePlanned<D>(
  project: LoadedProject,
  planned: Planned<D>,
  run: RunOptions,
): Promise<RunResult<D>> {
  const notes = noteLines(planned.plan, planned.warnings);
  const base = { kind: "executed" as const, planned, notes, warnings: planned.warnings };
  const commitMessage = run.commitMessage ? run.commitMessage(planned as Planned<unknown>) : null;
  const overlay = prepareOverlay(project, planned.plan, sortsImports(project, run.sortImports), run.before);
  if (planned.refusals?.length && !run.force) {
    const checked = await executeOverlay(project, overlay, planned.plan.renames, { dryRun: true, before: run.before });
    const lines = planned.refusals.map((r) => `refused: ${r.message}`);
    const reason = `refused: ${planned.refusals.length} call site(s) the change would silently break`;
    return { ...base, notes: [...notes, ...lines], execution: { ...checked, status: "failed", reason }, refused: true };
  }
  const renames = planned.plan.renames;
  const modules = planned.runtimeModules ?? [];
  if (!run.python || modules.length === 0) {
    return { ...base, execution: await executeOverlay(project, overlay, renames, { ...run, commitMessage }) };
  }
  const checked = await executeOverlay(project, overlay, renames, { dryRun: true, before: run.before });
  if (!checked.added.length || run.force) {
    const python = run.python;
    for (const module of modules) {
      const diff = compareOracle(python, project, overlay, module, planned.runtimeRoot);
      notes.push(
        diff.ok
          ? `runtime oracle (${python}): ORM metadata identical (${diff.summary})`
          : `runtime oracle (${python}): ORM metadata differs:\n${diff.differences.map((d) => `  ${d}`).join("\n")}`,
      );
      if (!diff.ok && !run.force)
        return { ...base, execution: { ...checked, status: run.dryRun ? "dry-run" : "failed" }, oracleDiffers: true };
    }
  }
  if (run.dryRun) return { ...base, execution: checked };
  if (checked.added.length && !run.force) return { ...base, execution: { ...checked, status: "failed" } };
  const written = await executeOverlay(project, overlay, renames, {
    ...run,
    commitMessage,
    verified: { after: checked.after },
  });
  return { ...base, execution: { ...written, added: checked.added } };
}

/**
 * The exit code of a run, the same for every command: 0 written, a clean dry run or nothing to
 * do; 1 the change adds problems (verification or the runtime oracle) and was not written, or a
 * dry run found that it would (a CI step that runs `--dry-run` as a gate must fail then, as the
 * real run would); 2 it cannot be planned as asked, or writing was refused (uncommitted changes).
 */
export function exitCodeOf(result: RunResult<unknown>): 0 | 1 | 2 {
  if (result.kind === "skipped") return 0;
  if (result.kind === "failed") return 2;
  if (result.oracleDiffers || result.refused) return 1;
  const status = result.execution.status;
  if (status === "dry-run") return result.execution.added.length ? 1 : 0;
  return status === "written" ? 0 : status === "refused" ? 2 : 1;
}
