/**
 * The contract every refactoring keeps: a pure function from the project (through its resolver)
 * and the refactoring's own options to a result. Planning reads no files and writes none; the
 * runner (src/run/runner.ts) sorts imports, verifies, asks the runtime oracle and writes.
 */
import type { EditPlan } from "../core/edits.js";
import { type Warning, warningText } from "../core/warning.js";
import type { Resolver } from "../project/resolver.js";

/** Something a person should check by hand; the plan is still sound without them. */
export type RefactorWarning = Warning;

/**
 * What a refactoring returns at its boundary. `planned` carries the plan and the refactoring's own
 * details (`D`: exports, destination, new modules, ...); `skipped` means there is nothing to do
 * (already done); `failed` means it cannot be done as asked, with the reason in one line or more.
 */
export type RefactorResult<D = unknown> =
  | ({
      kind: "planned";
      plan: EditPlan;
      warnings: RefactorWarning[];
      /** Modules the runtime oracle imports before and after the change (none: no runtime comparison). */
      runtimeModules?: string[];
      /**
       * The source root the runtime oracle imports them from, first on sys.path (default: the
       * project's roots in their order): a monorepo's sub-project with its own package of a name
       * another sub-project also has.
       */
      runtimeRoot?: string;
      /**
       * Call sites the change would silently break where verification cannot see it (a
       * `patch.object` that stops reaching the code it patches): the runner refuses unless forced.
       */
      refusals?: RefactorWarning[];
    } & D)
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

export interface Refactoring<O, D = unknown> {
  /** The refactoring's name in the registry, the CLI and plan files. */
  readonly id: string;
  readonly summary: string;
  plan(resolver: Resolver, options: O): RefactorResult<D>;
}

/** Notes and warnings as the text reporters print them (warnings last, marked). */
export function noteLines(plan: EditPlan, warnings: readonly RefactorWarning[]): string[] {
  return [...plan.notes, ...warnings.map((w) => warningText({ message: w.message }))];
}
