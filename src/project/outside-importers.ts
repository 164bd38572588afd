/**
 * A move run from a sub-project of a monorepo sees only that sub-project, but importers of the
 * moved module may live elsewhere in the repository. Those files are found by their text (the
 * dotted name in an import or a string), with git, without indexing the rest of the repository.
 */
import { existsSync } from "node:fs";
import { join, posix, relative, resolve } from "node:path";
import { gitRun, workTreeRoot } from "../core/git.js";

/**
 * Python files of the work tree outside `root` that mention `module` as a whole dotted name,
 * except those that read the name as their own package: another sub-project's `common`.
 */
export function importersOutside(root: string, module: string): string[] {
  const top = workTreeRoot(root);
  if (!top || resolve(top) === resolve(root)) return [];
  const inside = relative(top, root).split("\\").join("/");
  const pattern = `(^|[^A-Za-z0-9_.])${module.replace(/\./g, "\\.")}($|[^A-Za-z0-9_])`;
  const r = gitRun(top, ["grep", "-l", "-E", pattern, "--", "*.py", "*.pyi", `:(exclude)${inside}/**`]);
  if (r.status !== 0) return [];
  const name = module.split(".")[0];
  return r.stdout
    .toString("utf8")
    .split("\n")
    .filter((p) => p && !ownsTopName(top, p, name))
    .map((p) => relative(root, resolve(top, p)).split("\\").join("/"));
}

/**
 * A folder above `path` (below the work tree's top) holds a regular package or a module named
 * `name`: the file's own source root gives that top-level name, and a file reads it as its own
 * root sees the project (own-root.ts), as check does: `stock/src/common/rates.py` beside
 * `stock/src/common/__init__.py` means stock's `common.units`, not the moved orders one.
 */
function ownsTopName(top: string, path: string, name: string): boolean {
  for (let dir = posix.dirname(path); dir !== "." && dir !== "/"; dir = posix.dirname(dir)) {
    if (existsSync(join(top, dir, name, "__init__.py")) || existsSync(join(top, dir, `${name}.py`))) return true;
  }
  return false;
}

/**
 * Why a change that rewrites the importers of `module` cannot run from `root` (some importers live
 * outside it, where it cannot rewrite them), or null: the one-line error and the files. `forced`
 * (the change runs anyway): the same files as a warning, since verification cannot see them.
 */
export function outsideImportersRefusal(
  root: string,
  module: string,
  command: string,
  alternative: string,
  forced = false,
): string | null {
  const outside = importersOutside(root, module);
  if (!outside.length) return null;
  const files = outside
    .slice(0, 20)
    .map((p) => `  ${p}`)
    .join("\n");
  if (forced)
    return `warning: ${module} is also named outside this project, where this ${command} does not rewrite it and verification does not look (--force):\n${files}\n`;
  return `remodel ${command}: ${module} is also named outside this project, where this ${command} cannot rewrite it:\n${files}\nrun it from the repository's root (or --root), or ${alternative}; nothing written\n`;
}
