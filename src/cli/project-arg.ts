/** Shared by every command that reads a project: the ROOT positional and --no-cache. */
import { resolve } from "node:path";
import { loadProject, type LoadedProject } from "../project/load.js";
import type { Io, Values } from "./command.js";

export function loadFromArgs(positional: string | undefined, values: Values, io: Io): Promise<LoadedProject> {
  const root = resolve(io.cwd, positional ?? ".");
  return loadProject(root, { noCache: Boolean(values["no-cache"]), exactRoot: positional !== undefined });
}

export const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";
