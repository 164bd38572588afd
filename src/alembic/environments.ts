/**
 * The Alembic environments of an indexed project, found the way `remodel alembic` finds them
 * (config files with `script_location` and `version_locations`, `env.py` beside `versions/`),
 * but from the index's listing instead of a second walk; and the one predicate for "is this path
 * an Alembic revision file".
 */
import { statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ProjectIndex } from "../project/types.js";
import { isRevisionFileName } from "./load.js";
import { declaresScriptLocation, isConfigName, locateFromListing, type VersionsLocation } from "./locate.js";

/** One environment with its versions directories relative to the project root ("" for the root). */
export interface IndexedEnvironment {
  location: VersionsLocation;
  versionDirs: string[];
}

export function alembicEnvironments(index: ProjectIndex): IndexedEnvironment[] {
  return environmentsOfListing(index.root, index.files.keys(), index.configFiles ?? []);
}

/**
 * The same discovery over a walk's listing (Python files and config files, relative to `root`):
 * for readers that walk a folder without building a project index, such as the ORM loader.
 */
export function environmentsOfListing(
  root: string,
  files: Iterable<string>,
  configFiles: readonly string[],
): IndexedEnvironment[] {
  const all = [...files];
  const scriptDirs: string[] = [];
  for (const path of all) {
    if (path !== "env.py" && !path.endsWith("/env.py")) continue;
    const dir = path.slice(0, -"env.py".length);
    const versions = `${dir}versions`;
    if (isDir(join(root, versions)) || all.some((p) => p.startsWith(`${versions}/`))) scriptDirs.push(join(root, dir));
  }
  const inis = configFiles
    .filter((p) => isConfigName(p.slice(p.lastIndexOf("/") + 1)))
    .map((p) => join(root, p))
    .filter(declaresScriptLocation);
  return locateFromListing(root, { inis, scriptDirs: scriptDirs.map((d) => d.replace(/[/\\]$/, "")).sort() }).map(
    (location) => ({
      location,
      versionDirs: location.versionDirs.map((d) => relative(root, d).split(sep).join("/")),
    }),
  );
}

/**
 * The `env.py` files of the environments, plus any `env.py` that configures an Alembic context
 * (an environment with no revision yet has no `versions/` in a clone: git keeps no empty folder).
 */
export function alembicEnvFiles(index: ProjectIndex, environments = alembicEnvironments(index)): string[] {
  const dirs = new Set(environments.map((e) => relative(index.root, e.location.scriptDir).split(sep).join("/")));
  const out: string[] = [];
  for (const path of index.files.keys()) {
    if (path !== "env.py" && !path.endsWith("/env.py")) continue;
    const dir = path.slice(0, Math.max(0, path.length - "/env.py".length));
    if (dirs.has(path === "env.py" ? "" : dir) || index.readText(path).includes("context.configure")) out.push(path);
  }
  return out.sort();
}

/** A revision file: a Python file directly inside one of the environments' versions directories. */
export function isRevisionPath(environments: readonly IndexedEnvironment[], path: string): boolean {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "" : path.slice(0, slash);
  return isRevisionFileName(path.slice(slash + 1)) && environments.some((e) => e.versionDirs.includes(dir));
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
