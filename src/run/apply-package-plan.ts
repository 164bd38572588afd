/**
 * Runs a package plan: every step is planned on the tree the previous steps leave (in memory),
 * the whole result is verified once against the original, and then written either as one change
 * or, with commit-each, step by step with one commit per step (seed 000's commit pattern).
 */
import { existsSync } from "node:fs";
import { timed } from "../core/timing.js";
import { join } from "node:path";
import type { Overlay } from "../core/overlay.js";
import type { LoadedProject } from "../project/load.js";
import { reindex } from "../project/reindex.js";
import { Resolver } from "../project/resolver.js";
import { composeOverlays } from "./compose.js";
import {
  dirtyRefusal,
  executeOverlay,
  prepareOverlay,
  sortsImports,
  type ExecuteOptions,
  type ExecuteResult,
} from "./execute.js";
import type { ExportMode } from "../refactor/shared/exports.js";
import { moveToPackage } from "../refactor/package/move-to-package.js";
import { noteLines } from "../refactor/refactoring.js";
import { stepState, type PackagePlan, type PackageStep } from "../refactor/package/package-plan.js";

export interface StepOutcome {
  step: PackageStep;
  state: "skipped" | "planned" | "failed";
  notes: string[];
  reason?: string;
  commit?: string;
}

export interface ApplyOptions extends Omit<ExecuteOptions, "commitMessage" | "verified"> {
  exports: ExportMode;
  commitEach: boolean;
  /** Builds the commit message of a step. */
  message(step: PackageStep): string;
}

export interface ApplyResult {
  outcomes: StepOutcome[];
  /** The verification and write of the whole plan (absent when no step had anything to do). */
  result: ExecuteResult | null;
}

export async function applyPackagePlan(
  project: LoadedProject,
  plan: PackagePlan,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const outcomes: StepOutcome[] = [];
  const overlays: { step: PackageStep; overlay: Overlay; before: LoadedProject; after: LoadedProject }[] = [];
  const renames = new Map<string, string>();
  let current = project;
  for (const step of plan.steps) {
    const state = stepState(current, step);
    if (state !== "remaining") {
      outcomes.push({
        step,
        state: "skipped",
        notes: [],
        reason: state === "done" ? "already done" : `${step.src} does not exist`,
      });
      continue;
    }
    const planned = timed("plan step", () =>
      moveToPackage.plan(new Resolver(current), {
        src: step.src,
        submodule: step.dest.replace(/^.*\//, "").replace(/\.py$/, ""),
        exports: opts.exports,
        exists: (p) =>
          existsSync(join(project.root, p)) || [...current.files.keys()].some((f) => f.startsWith(p + "/")),
      }),
    );
    if (planned.kind !== "planned") {
      outcomes.push({ step, state: "failed", notes: [], reason: planned.reason });
      return { outcomes, result: null };
    }
    if (planned.refusals?.length && !opts.force) {
      outcomes.push({
        step,
        state: "failed",
        notes: [],
        reason: `refused (--force to apply anyway): ${planned.refusals.map((r) => r.message).join("; ")}`,
      });
      return { outcomes, result: null };
    }
    const overlay = prepareOverlay(current, planned.plan, sortsImports(current, opts.sortImports));
    const after = timed("reindex step", () => reindex(current, overlay));
    overlays.push({ step, overlay, before: current, after });
    outcomes.push({ step, state: "planned", notes: noteLines(planned.plan, planned.warnings) });
    for (const [to, from] of planned.plan.renames) renames.set(to, from);
    current = after;
  }
  if (overlays.length === 0) return { outcomes, result: null };
  const combined = timed("compose", () =>
    composeOverlays(
      overlays.map((o) => o.overlay),
      (p) => project.files.has(p),
    ),
  );
  const whole = await executeOverlay(project, combined, renames, { ...opts, dryRun: opts.dryRun || opts.commitEach });
  if (opts.dryRun || !opts.commitEach || (whole.added.length && !opts.force)) {
    if (!opts.dryRun && !opts.commitEach) return { outcomes, result: whole };
    return { outcomes, result: opts.dryRun ? whole : { ...whole, status: "failed" } };
  }
  // Verified as a whole: write and commit one step at a time, but only once every step is known
  // to commit, so that a refusal never comes after the first commit.
  const refusal = commitEachRefusal(project, combined, overlays, opts);
  if (refusal) {
    const outcome = outcomes.find((x) => x.step === refusal.step);
    if (outcome) {
      outcome.state = "failed";
      outcome.reason = refusal.reason;
    }
    return { outcomes, result: { ...whole, status: "refused", reason: refusal.reason } };
  }
  let last: ExecuteResult = whole;
  for (const o of overlays) {
    last = await executeOverlay(o.before, o.overlay, renames, {
      ...opts,
      commitMessage: opts.message(o.step),
      verified: { after: o.after },
    });
    const outcome = outcomes.find((x) => x.step === o.step)!;
    if (last.status !== "written") {
      outcome.state = "failed";
      outcome.reason = last.reason;
      return { outcomes, result: last };
    }
    if (last.commit) outcome.commit = last.commit;
  }
  return { outcomes, result: { ...whole, status: "written", overlay: combined } };
}

/**
 * What would stop a step of commit-each half-way, checked for every step before the first one is
 * written: an empty commit message (git refuses it), and uncommitted changes in any file the plan
 * touches, the last step's included (each step alone only sees its own files).
 */
function commitEachRefusal(
  project: LoadedProject,
  combined: Overlay,
  overlays: { step: PackageStep }[],
  opts: ApplyOptions,
): { step: PackageStep | null; reason: string } | null {
  for (const { step } of overlays) {
    if (opts.message(step).trim() === "")
      return {
        step,
        reason: `the commit message of step ${step.module} is empty ([tool.remodel] commit-message); nothing was written`,
      };
  }
  const dirty = dirtyRefusal(project, combined, opts);
  return dirty ? { step: null, reason: `${dirty}; nothing was written` } : null;
}
