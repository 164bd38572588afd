import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { RemodelError } from "../core/errors.js";
import { parseAlembicIni, parsePyprojectAlembic, splitVersionLocations } from "./ini.js";

/** One Alembic environment: its script directory and the versions directories it loads. */
export interface VersionsLocation {
  /** The script directory (where env.py lives), or the versions directory given directly. */
  scriptDir: string;
  /** Directories read in order (`version_locations`, else `<scriptDir>/versions`). */
  versionDirs: string[];
  /** How it was found: config files (`configs/manager/halfstack.alembic.ini`), `env.py`, or `argument`. */
  sources: string[];
  /** The config files that declare it (absolute paths), where it was found through one. */
  configFiles: string[];
}

// Trees that never hold a project's own migrations and are expensive to walk.
const SKIP_DIRS = new Set([
  ".git",
  "node_modules",
  ".venv",
  "venv",
  "__pycache__",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
  "site-packages",
  "dist-packages",
  "dist",
  "build",
  ".pants.d",
]);

/**
 * Finds the versions directories to read: the explicit argument (a versions directory, a script
 * directory, or an alembic.ini), else every alembic.ini-style file under `root` that sets
 * `script_location` (package form `pkg.sub:dir` too), plus every `versions/` next to an `env.py`.
 */
export function locateVersions(root: string, explicit?: string): VersionsLocation[] {
  if (explicit !== undefined) return fromArgument(resolve(root, explicit), root);
  return locateFromListing(root, scan(root));
}

/**
 * The one Alembic environment discovery, over a listing of the tree: config files that set
 * `script_location` (with their `version_locations`) and `env.py` directories with `versions/`.
 * `remodel alembic` lists by walking; `check` and verification list from the project index.
 */
export function locateFromListing(
  root: string,
  { inis, scriptDirs }: { inis: readonly string[]; scriptDirs: readonly string[] },
): VersionsLocation[] {
  const found = new Map<string, VersionsLocation>();
  const add = (loc: VersionsLocation) => {
    const key = canonical(loc.scriptDir);
    const prev = found.get(key);
    if (prev) {
      prev.sources.push(...loc.sources.filter((s) => !prev.sources.includes(s)));
      prev.configFiles.push(...loc.configFiles.filter((f) => !prev.configFiles.includes(f)));
    } else found.set(key, loc);
  };
  for (const ini of inis) for (const loc of fromIni(ini, root, scriptDirs)) add(loc);
  for (const dir of scriptDirs)
    add({ scriptDir: dir, versionDirs: [join(dir, "versions")], sources: ["env.py"], configFiles: [] });
  return [...found.values()].sort((a, b) => (a.scriptDir < b.scriptDir ? -1 : 1));
}

function fromArgument(path: string, root: string): VersionsLocation[] {
  if (!existsSync(path)) throw new RemodelError(`${path}: no such file or directory`);
  if (statSync(path).isFile()) {
    const locs = fromIni(path, root, scan(root).scriptDirs);
    if (locs.length === 0) throw new RemodelError(`${path}: no script_location in this file`);
    return locs;
  }
  if (existsSync(join(path, "env.py")) && isDir(join(path, "versions"))) {
    return [{ scriptDir: path, versionDirs: [join(path, "versions")], sources: ["argument"], configFiles: [] }];
  }
  const hasPy = readdirSync(path).some((n) => n.endsWith(".py"));
  if (hasPy || basename(path) === "versions")
    return [{ scriptDir: path, versionDirs: [path], sources: ["argument"], configFiles: [] }];
  const below = locateVersions(path);
  if (below.length === 0) throw new RemodelError(`${path}: no Alembic versions directory here or below`);
  return below;
}

/** Each `[section]` with script_location in one config file, resolved to directories. */
function fromIni(iniPath: string, root: string, scriptDirs: readonly string[]): VersionsLocation[] {
  const here = dirname(iniPath);
  const source = relative(root, iniPath).split(sep).join("/") || iniPath;
  const out: VersionsLocation[] = [];
  const text = readFileSync(iniPath, "utf8");
  const sections =
    basename(iniPath) === "pyproject.toml" ? parsePyprojectAlembic(text, here) : parseAlembicIni(text, here);
  for (const section of sections) {
    const scriptDir = resolveLocation(section.scriptLocation, here, root, scriptDirs);
    if (!scriptDir) continue;
    const versionDirs = section.versionLocations
      ? splitVersionLocations(section.versionLocations, section.versionPathSeparator, sep === "\\" ? ";" : ":")
          .map((v) => resolveLocation(v, here, root, scriptDirs))
          .filter((v): v is string => v !== undefined)
      : [join(scriptDir, "versions")];
    out.push({
      scriptDir,
      versionDirs,
      sources: [
        section.section === "alembic" || section.section === "tool.alembic" ? source : `${source} [${section.section}]`,
      ],
      configFiles: [iniPath],
    });
  }
  return out;
}

/**
 * `pkg.sub:dir` names a directory inside an installed package; without an environment we look for
 * it under the project's source roots (found env.py directories first, then root and root/src).
 * A plain path is relative to the config file's directory, where alembic is normally run.
 */
function resolveLocation(
  location: string,
  here: string,
  root: string,
  scriptDirs: readonly string[],
): string | undefined {
  const pkg = /^([A-Za-z_][\w.]*):(.*)$/.exec(location);
  if (pkg && !isAbsolute(location)) {
    const suffix = join(...pkg[1].split("."), pkg[2]);
    const hit =
      scriptDirs.find((d) => d.endsWith(sep + suffix)) ??
      [root, join(root, "src"), here].map((r) => join(r, suffix)).find(isDir);
    return hit;
  }
  return [resolve(here, location), resolve(root, location)].find(isDir);
}

/** One walk of the tree: config files that mention script_location, and env.py dirs with versions/. */
function scan(root: string): { inis: string[]; scriptDirs: string[] } {
  const inis: string[] = [];
  const scriptDirs: string[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const dir = todo.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable directories are not ours to report here
    }
    const names = new Set(entries.map((e) => e.name));
    if (names.has("env.py") && names.has("versions")) scriptDirs.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) todo.push(join(dir, e.name));
      else if (e.isFile() && isConfigName(e.name) && declaresScriptLocation(join(dir, e.name)))
        inis.push(join(dir, e.name));
    }
  }
  return { inis: inis.sort(), scriptDirs: scriptDirs.sort() };
}

/** Whether a config file can declare an Alembic environment (a cheap text test before parsing). */
export function declaresScriptLocation(path: string): boolean {
  try {
    return readFileSync(path, "utf8").includes("script_location");
  } catch {
    return false;
  }
}

/** alembic.ini under any name, and pyproject.toml (`[tool.alembic]`, Alembic 1.16+). */
export function isConfigName(name: string): boolean {
  return name.endsWith(".ini") || name === "pyproject.toml";
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
