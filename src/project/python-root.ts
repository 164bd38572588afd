/**
 * Inside a monorepo whose only project marker is the repository itself (`.git`), the Python
 * project is the folder that holds the top-level package around the start folder (a service's
 * `services/api` holding `app/`), not the repository: there `app.models` is what importers write.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { holdsPackage, monorepoRoots } from "./roots.js";

const PACKAGING = ["pyproject.toml", "setup.cfg", "setup.py"];

/**
 * `marked`, the nearest folder at or above `start` with a project marker, or the folder below it
 * that holds the top-level package `start` is in (or the packages `start` holds) when `marked` is
 * only a git work tree and would name that package otherwise (it is not one of its source roots).
 */
export function pythonProjectRoot(start: string, marked: string): string {
  if (PACKAGING.some((m) => existsSync(join(marked, m)))) return marked;
  let dir = resolve(start);
  if (!isDir(dir)) dir = dirname(dir);
  let holder: string | null = null;
  if (existsSync(join(dir, "__init__.py"))) {
    while (dirname(dir) !== dir && existsSync(join(dirname(dir), "__init__.py"))) dir = dirname(dir);
    holder = dirname(dir);
  } else if (holdsPackage(dir)) holder = dir;
  if (!holder) return marked;
  const rel = relative(marked, holder).split("\\").join("/");
  if (rel === "" || rel.startsWith("..") || rel === "src" || monorepoRoots(marked).includes(rel)) return marked;
  return holder;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
