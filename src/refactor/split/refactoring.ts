/** `split` behind the Refactoring contract: propose a plan (or take the given one) and plan its edits. */
import type { Refactoring } from "../refactoring.js";
import type { SplitPlan } from "./plan-split.js";
import { countNote } from "./asked-count.js";
import { proposeSplit } from "./propose.js";
import { planSplitEdits, type SplitDetails, type SplitOptions } from "./split.js";
import { isFailure } from "../../core/outcome.js";

export interface SplitRefactoringOptions extends SplitOptions {
  /** The module to split (project-relative path). */
  file: string;
  /** The plan to follow (from `remodel plan split`, maybe edited); default: the proposed one. */
  plan?: SplitPlan;
  /** At most this many new modules when planning here (`--modules N`). */
  modules?: number;
}

export const split: Refactoring<SplitRefactoringOptions, SplitDetails> = {
  id: "split",
  summary: "split a monolithic module (models.py) into a package of domain modules",
  plan(resolver, opts) {
    const pkgDir = opts.file.replace(/\.py$/, "");
    const files = resolver.index.files;
    if (!files.has(opts.file) && files.has(`${pkgDir}/__init__.py`))
      return { kind: "skipped", reason: `${opts.file} is already split into ${pkgDir}/` };
    const plan = opts.plan ?? proposeSplit(resolver, opts.file, opts.modules);
    if (isFailure(plan)) return { kind: "failed", reason: plan.error };
    // A package `__init__.py` that defines nothing more is a facade: split already (or nothing to split).
    if (plan.modules.length === 0 && !plan.unplaced.length && /(^|\/)__init__\.py$/.test(opts.file))
      return { kind: "skipped", reason: `${opts.file} defines nothing to split (already split)` };
    // One module is no split: the same file under a package's name, every importer's path longer.
    // Only the planner's own plan is judged so: a plan file of one module is what its user asked for.
    if (!opts.plan && plan.modules.length === 1 && !plan.unplaced.length)
      return {
        kind: "skipped",
        reason: `${opts.file} is one domain: the plan puts all of it in one module (${plan.modules[0].name}), which is no split`,
      };
    const planned = planSplitEdits(resolver, plan, opts);
    const bound = opts.plan ? null : countNote(opts.modules, plan.modules.length);
    if (planned.kind === "planned" && bound) planned.plan.notes.unshift(bound);
    return planned;
  },
};
