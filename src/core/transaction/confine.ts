/**
 * Every path a transaction writes or deletes comes from somewhere that could be hostile (a plan,
 * a journal committed into a repository, a cache, a config): it is resolved, symlinks included,
 * and must stay inside the project root before anything touches it.
 */
import { existsSync, lstatSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { RemodelError } from "../errors.js";

/** The absolute path of `rel` under `root`, or a RemodelError naming where it came from. */
export function confinedPath(root: string, rel: unknown, source: string): string {
  if (typeof rel !== "string" || rel === "" || rel.includes("\0"))
    throw new RemodelError(`${source}: invalid path ${JSON.stringify(rel)}`);
  if (isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.split(/[\\/]/).includes(".."))
    throw new RemodelError(`${source}: path '${rel}' is outside the project`);
  const realRoot = realpathSync(root);
  const abs = join(root, rel);
  // The deepest part of the path that exists decides where the rest lands.
  let probe = abs;
  const rest: string[] = [];
  while (!exists(probe, rel, source)) {
    rest.unshift(basename(probe));
    probe = dirname(probe);
  }
  const resolved = join(realpathSync(probe), ...rest);
  if (!isInside(realRoot, resolved))
    throw new RemodelError(
      `${source}: path '${rel}' resolves outside the project (${isSymlink(probe) ? "through a symlink" : "through its parent"})`,
    );
  return abs;
}

function exists(p: string, rel: string, source: string): boolean {
  try {
    lstatSync(p);
  } catch {
    return false;
  }
  // A dangling symlink would be written through to wherever it points.
  if (!existsSync(p)) throw new RemodelError(`${source}: path '${rel}' goes through a dangling symlink`);
  return true;
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether path `p` is `root` or lies under it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === "" || (!r.startsWith(".." + sep) && r !== ".." && !isAbsolute(r));
}
