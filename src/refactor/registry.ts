/**
 * Every refactoring, by id. Add one: a folder src/refactor/<id>/ exporting a `Refactoring`, one
 * line here; the runner (src/run/runner.ts) gives it sorting, verification, the runtime oracle
 * and the write.
 */
import { move } from "./move/move.js";
import { moveModule } from "./move/move-module.js";
import { moveToPackage } from "./package/move-to-package.js";
import type { Refactoring } from "./refactoring.js";
import { split } from "./split/refactoring.js";

export const refactorings = {
  move,
  "move-module": moveModule,
  "move-to-package": moveToPackage,
  split,
} satisfies Record<string, Refactoring<never, unknown>>;
