/**
 * Loading for the refactoring commands: the project plus the "before" state they verify against.
 * Kept apart from project-arg.ts so that `check` and `scan` do not load the ORM extractor and
 * tree-sitter at start-up (~0.1 s).
 */
import { beforeState, type BeforeState } from "../verify/before-cache.js";
import { startSchemaThread } from "../verify/background-schema.js";
import type { LoadedProject } from "../project/load.js";
import type { Io, Values } from "./command.js";
import { discoverFromArgs, loadFromArgs } from "./project-arg.js";

export async function loadForRefactoring(
  positional: string | undefined,
  values: Values,
  io: Io,
  opts: { backgroundSchema?: boolean } = {},
): Promise<{ project: LoadedProject; before: BeforeState }> {
  const found = discoverFromArgs(positional, values, io, { forWriting: true });
  if (opts.backgroundSchema) startSchemaThread();
  const project = await loadFromArgs(positional, values, io, found);
  const before = await beforeState(found, project, {
    noCache: Boolean(values["no-cache"]),
    background: opts.backgroundSchema,
  });
  return { project, before };
}
