/**
 * What a check is: one file under checks/ exporting a `Check`, one line in registry.ts. The
 * registry also writes the code tables of README.md and docs/commands/check.md
 * (`npm run docs:checks`; a test fails when they drift).
 */
import type { Problem } from "../core/diagnostics.js";
import type { Overlay } from "../core/overlay.js";
import type { Resolver } from "../project/resolver.js";
import type { ProjectIndex } from "../project/types.js";
import type { Schema } from "../schema/model.js";
import type { DefinitionIndex } from "./checks/definitions.js";
import type { ModelsReached } from "./checks/model-discovery.js";

export interface CheckContext {
  index: ProjectIndex;
  /** Over the whole index: a module name is the most specific source root's (module-precedence.ts). */
  resolver: Resolver;
  /**
   * The project as a file of source root `root` sees it (own-root.ts): what its imports and
   * attribute reads resolve with, where sub-projects give the same top-level name.
   */
  resolverFor(root: string): Resolver;
  defs: DefinitionIndex;
  /** One computation shared by the checks of one run (RM001 and RM002 come from one pass). */
  shared<T>(key: string, compute: () => T): T;
  /** Set for checks of scope "change" only: the project before a planned change. */
  change?: ChangeContext;
}

/** A planned change as the change-scoped checks see it: the index above is the "after" side. */
export interface ChangeContext {
  before: ProjectIndex;
  overlay: Overlay;
  /** New module name → old module name (EditPlan.renames). */
  renames: Map<string, string>;
  /** The "before" side where the caller has it cached. */
  beforeSchema?: () => Schema;
  /** The "after" schema where the caller computes it (on a second thread); else from `index`. */
  afterSchema?: () => Schema;
  beforeModels?: () => ModelsReached[];
}

export interface Check {
  /** Stable code, `RM` and three digits. */
  code: string;
  /** kebab-case name (like ruff's rule names). */
  name: string;
  /** "project": `remodel check` and every verification; "change": only when verifying a planned change. */
  scope: "project" | "change";
  /** One line for README.md's table (markdown). */
  summary: string;
  /** An example that triggers it, for docs/commands/check.md (markdown). */
  example: string;
  run(ctx: CheckContext): Problem[];
}
