/**
 * The folder a run on a sub-folder of a project reads the project from, so that the sub-folder's
 * modules get the names CPython gives them and its imports of the rest of the project resolve.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { isIdentifier } from "../python/module-name.js";
import { readToolConfig } from "./config.js";
import { findMarkedRoot, isPackagingProject, packageHome, pythonProjectRoot, rootOf, sourceRoots } from "./roots.js";

export interface CheckedHome {
  /** The folder to read (absolute); `dir` itself when it is read as given. */
  home: string;
  /** "package": the folder above `dir`'s top package; "project": the project `dir` is in. */
  kind: "package" | "project";
}

/**
 * Where to read `dir` from. A package folder is named from the folder above its top package
 * (packageHome); inside a project (found as findRoot finds it) whose source root holds `dir` at
 * or above that folder, from the project itself: `src/ai/backend/common` of a src layout, whose
 * `ai/` and `backend/` are namespace folders, is `ai.backend.common`, not the top-level `common`
 * (with `ai/backend/logging/` taken for the standard library's `logging`). A folder that is itself
 * a source root, or a plain folder of loose scripts, is read as given: its files' names are the
 * same from there.
 */
export function checkedHome(dir: string): CheckedHome {
  const given = resolve(dir);
  const flat = existsSync(join(given, "__init__.py")) ? packageHome(given) : given;
  const marked = findMarkedRoot(given);
  const project = marked ? pythonProjectRoot(given, marked) : null;
  const workspace = project ? enclosingWorkspace(given, flat, project) : null;
  if (workspace) return { home: workspace, kind: "project" };
  if (!project || project === flat || project === given) return { home: flat, kind: "package" };
  const rel = relative(project, given).split(sep).join("/");
  if (rel.startsWith("..")) return { home: flat, kind: "package" };
  const roots = sourceRoots(project, readToolConfig(project));
  if (roots.includes(rel)) return { home: flat, kind: "package" };
  const root = rootOf(`${rel}/`, roots);
  // From the project's root "" a package is named as the whole-project run names it only when it
  // sits right in it: a package below a plain folder (`backend/app/`) is run from that folder. A
  // test folder pytest puts on sys.path names a package below it from the package's own folder
  // (rootdir-relative "prepend" import), and a folder named like no module is no namespace portion.
  const between = relative(join(project, root), flat).split(sep).filter(Boolean);
  const above =
    !relative(join(project, root), flat).startsWith("..") &&
    (between.length === 0 || (root !== "" && !PYTEST_ROOTS.has(root) && between.every(isIdentifier)));
  return above ? { home: project, kind: "project" } : { home: flat, kind: "package" };
}

/**
 * The workspace `dir` is read with when `member`, its nearest project, is a sub-project of the
 * packaging project right above it (`dir` being below the member folder): one of whose source roots (a `packages/<name>/src`, a flat
 * member folder) lies in `member` and holds `dir`. Read alone, the member takes its siblings'
 * packages for third-party, so imports of them and cycles through them go unchecked; the
 * workspace reads them, and names `dir`'s files from that same root.
 */
function enclosingWorkspace(dir: string, flat: string, member: string): string | null {
  // The member folder itself is the project asked for (`check backend`), read as before.
  if (dir === member || member === dirname(member)) return null;
  const outer = findMarkedRoot(dirname(member));
  if (!outer || !isPackagingProject(outer)) return null;
  const rel = relative(outer, dir).split(sep).join("/");
  const root = rootOf(`${rel}/`, sourceRoots(outer, readToolConfig(outer)));
  if (root === "" || relative(member, join(outer, root)).startsWith("..")) return null;
  const between = relative(join(outer, root), flat);
  return between.startsWith("..") || !between.split(sep).filter(Boolean).every(isIdentifier) ? null : outer;
}

/** The test folders sourceRoots takes because pytest puts them on sys.path. */
const PYTEST_ROOTS = new Set(["tests", "test"]);
