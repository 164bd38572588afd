/** Shared by every command that reads a project: the ROOT positional and --no-cache. */
import { resolve } from "node:path";
import { discoverProject, loadProject, type Discovery, type LoadedProject } from "../project/load.js";
import type { Io, Values } from "./command.js";

export function loadFromArgs(
  positional: string | undefined,
  values: Values,
  io: Io,
  found?: Discovery,
): Promise<LoadedProject> {
  const root = resolve(io.cwd, positional ?? ".");
  const onProgress = io.progress ? progressBar(io) : undefined;
  return loadProject(
    root,
    { noCache: Boolean(values["no-cache"]), exactRoot: positional !== undefined, onProgress },
    found,
  );
}

export function discoverFromArgs(
  positional: string | undefined,
  values: Values,
  io: Io,
  opts: { forWriting?: boolean } = {},
): Discovery {
  return discoverProject(resolve(io.cwd, positional ?? "."), {
    exactRoot: positional !== undefined,
    noCache: Boolean(values["no-cache"]),
    forWriting: opts.forWriting,
  });
}

/** A one-line progress bar on stderr, only on a terminal and only for projects big enough to wait for. */
function progressBar(io: Io): (done: number, total: number) => void {
  let shown = false;
  return (done, total) => {
    if (total < 1000) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.err(`\rindexing [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} files`);
    shown = true;
    if (done === total && shown) io.err("\r\x1b[2K");
  };
}

export const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";
