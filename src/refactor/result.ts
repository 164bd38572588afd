import type { EditPlan } from "../core/edits.js";

/** What a refactoring returns at its boundary: a plan, a skip with its reason, or a failure. */
export type RefactorResult =
  | {
    kind: "planned"; plan: EditPlan; exports?: string[]; dest?: string; init?: string; renames?: Map<string, string>;
    /** Call sites the change would silently break (`path:line: why`): the command refuses unless forced. */
    refusals?: string[];
  }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };
