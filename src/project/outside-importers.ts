/**
 * A move run from a sub-project of a monorepo sees only that sub-project, but importers of the
 * moved module may live elsewhere in the repository. Those files are found by their text (the
 * dotted name in an import or a string), with git, without indexing the rest of the repository.
 */
import { relative, resolve } from "node:path";
import { gitRun, workTreeRoot } from "../core/git.js";

/** Python files of the work tree outside `root` that mention `module` as a whole dotted name. */
export function importersOutside(root: string, module: string): string[] {
  const top = workTreeRoot(root);
  if (!top || resolve(top) === resolve(root)) return [];
  const inside = relative(top, root).split("\\").join("/");
  const pattern = `(^|[^A-Za-z0-9_.])${module.replace(/\./g, "\\.")}($|[^A-Za-z0-9_])`;
  const r = gitRun(top, ["grep", "-l", "-E", pattern, "--", "*.py", "*.pyi", `:(exclude)${inside}/**`]);
  if (r.status !== 0) return [];
  return r.stdout
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((p) => relative(root, resolve(top, p)).split("\\").join("/"));
}

/**
 * Why a change that rewrites the importers of `module` cannot run from `root` (some importers live
 * outside it, where it cannot rewrite them), or null: the one-line error and the files.
 */
export function outsideImportersRefusal(
  root: string,
  module: string,
  command: string,
  alternative: string,
): string | null {
  const outside = importersOutside(root, module);
  if (!outside.length) return null;
  return `remodel ${command}: ${module} is also named outside this project, where this ${command} cannot rewrite it:\n${outside
    .slice(0, 20)
    .map((p) => `  ${p}`)
    .join("\n")}\nrun it from the repository's root (or --root), or ${alternative}; nothing written\n`;
}
