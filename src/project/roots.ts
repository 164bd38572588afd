/**
 * Roots: the project's root folder (the one marker list and the one climb up the folders), the
 * folder a package is imported from, and the source roots a module's absolute name is relative to.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, parse, relative, resolve, sep } from "node:path";
import { isIdentifier } from "../python/module-name.js";
import type { ToolConfig } from "./config.js";

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * Files whose folder is a project's root: the union of what packaging and version control say.
 * `packaging` markers also say that the folder is the Python project itself.
 */
const PROJECT_MARKERS: readonly { file: string; packaging: boolean }[] = [
  // PEP 517/621: the build system and the tools' settings ([tool.remodel], mypy, pyright, isort).
  { file: "pyproject.toml", packaging: true },
  // setuptools' declarative metadata, and the settings of tools that read it (flake8, isort, mypy).
  { file: "setup.cfg", packaging: true },
  // setuptools' build script, the only marker of older distributions.
  { file: "setup.py", packaging: true },
  // A git work tree: a service or script folder without packaging still has its repository. It is
  // not packaging: in a monorepo the project is the folder holding the top-level package (pythonProjectRoot).
  { file: ".git", packaging: false },
];

const hasMarker = (dir: string, packagingOnly = false) =>
  PROJECT_MARKERS.some((m) => (!packagingOnly || m.packaging) && existsSync(join(dir, m.file)));

/** The nearest folder at or above `start` for which `found` holds, or null at the filesystem root. */
export function climb(start: string, found: (dir: string) => boolean): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (found(dir)) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The nearest directory at or above `start` with a project marker (below a bare git work tree: the
 * folder that holds `start`'s top-level package); `start` itself when none.
 */
export function findRoot(start: string): string {
  const marked = findMarkedRoot(start);
  return marked ? pythonProjectRoot(start, marked) : resolve(start);
}

/** Does `dir` hold packaging (pyproject.toml, setup.cfg, setup.py), not only a git work tree? */
export function isPackagingProject(dir: string): boolean {
  return hasMarker(dir, true);
}

/** The nearest directory at or above `start` with a project marker, or null. */
export function findMarkedRoot(start: string): string | null {
  return climb(start, (dir) => hasMarker(dir));
}

/**
 * The folder a package is imported from: `dir` itself when it is not a package, else the first
 * folder above it that is not (the filesystem root when every one is).
 */
export function outsidePackages(dir: string): string {
  return climb(dir, (d) => !existsSync(join(d, "__init__.py"))) ?? parse(resolve(dir)).root;
}

/**
 * The folder CPython names a package folder's modules from (as ruff and pyright find it): up
 * while the folder is a package, stopping at a folder with a project marker, which is a project
 * of its own rather than a subpackage of the folder above. `dir` itself when it is not a package.
 */
export function packageHome(dir: string): string {
  return climb(dir, (d) => !existsSync(join(d, "__init__.py")) || hasMarker(d)) ?? parse(resolve(dir)).root;
}

/**
 * Inside a monorepo whose only project marker is the repository itself (`.git`), the Python
 * project is the folder that holds the top-level package around the start folder (a service's
 * `services/api` holding `app/`), not the repository: there `app.models` is what importers write.
 * So: `marked`, the nearest folder at or above `start` with a project marker, or the folder below
 * it that holds the top-level package `start` is in (or the packages `start` holds) when `marked`
 * is only a git work tree and would name that package otherwise (it is not one of its source roots).
 */
export function pythonProjectRoot(start: string, marked: string): string {
  if (hasMarker(marked, true)) return marked;
  let dir = resolve(start);
  if (!isDir(dir)) dir = dirname(dir);
  let holder: string | null = null;
  if (existsSync(join(dir, "__init__.py"))) holder = outsidePackages(dir);
  else if (holdsPackage(dir)) holder = dir;
  if (!holder) return marked;
  const rel = relative(marked, holder).split("\\").join("/");
  if (rel === "" || rel.startsWith("..") || rel === "src" || monorepoRoots(marked).includes(rel)) return marked;
  return holder;
}

/** `a.b` when `dir` is the package directory `.../a/b` (both with `__init__.py`); "" otherwise. */
export function packagePrefix(dir: string): string {
  const rel = relative(outsidePackages(dir), resolve(dir));
  return rel ? rel.split(sep).join(".") : "";
}
const norm = (p: string) =>
  p
    .replace(/\\/g, "/")
    .replace(/^\.\/?/, "")
    .replace(/\/+$/, "");

/**
 * Source roots, most specific first: the project root, `src/` (src layout), test folders without
 * `__init__.py` (pytest puts them on sys.path), folders a Django `manage.py` runs from, [tool.remodel] src, and roots declared for mypy,
 * pyright, pants and setuptools. Pants patterns with `*` are expanded one level.
 */
export function sourceRoots(root: string, config: ToolConfig): string[] {
  const roots = new Set<string>([""]);
  if (isDir(join(root, "src"))) roots.add("src");
  for (const r of monorepoRoots(root)) roots.add(r);
  for (const r of flatMemberRoots(root)) roots.add(r);
  for (const r of nonPackageFolderRoots(root)) roots.add(r);
  for (const r of djangoProjectRoots(root)) roots.add(r);
  // pytest puts a test folder without __init__.py on sys.path; a project that declares its roots
  // to mypy/pyright/pants has said how its tests are named instead.
  const declares = config.remodel.src.length > 0 || config.declaredRoots.length > 0;
  for (const t of declares ? [] : ["tests", "test"]) {
    if (isDir(join(root, t)) && !existsSync(join(root, t, "__init__.py"))) roots.add(t);
  }
  for (const raw of [...config.remodel.src, ...config.declaredRoots]) {
    for (const r of expand(root, norm(raw))) if (isDir(join(root, r))) roots.add(r);
  }
  return [...roots].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

// Folders that hold the sub-projects of a monorepo: `<name>/src`, `packages/<name>/src` and kin.
const MONOREPO_PARENTS = ["", "packages", "libs", "apps", "services", "projects"];

/**
 * The folders sub-projects sit in: the usual names, and every other top-level folder that is not
 * a package (`exporter/`, `propagator/` of a monorepo that groups its distributions by kind). A
 * package's sub-folders are its own subpackages, never the home of another distribution.
 */
function monorepoParents(root: string): string[] {
  const out = new Set(MONOREPO_PARENTS);
  for (const name of childFolders(root)) if (!existsSync(join(root, name, "__init__.py"))) out.add(name);
  return [...out];
}

/**
 * `<sub-project>/src` folders of a monorepo that hold a Python package (a folder with an
 * `__init__.py`, or a namespace portion such as `src/opentelemetry/` whose packages sit further
 * down): each is a source root, as the sub-project's own packaging makes it.
 */
export function monorepoRoots(root: string): string[] {
  return memberFolders(root)
    .filter(({ name }) => name !== "src")
    .map(({ dir }) => `${dir}/src`)
    .filter((src) => holdsPackage(join(root, src)) || holdsNamespacePortion(join(root, src)));
}

/**
 * Sub-projects in the flat layout (`pydantic_graph/pyproject.toml` beside `pydantic_graph/pydantic_graph/`,
 * the members of a uv or Poetry workspace, `libs/core/` holding `langchain_core/`): a folder that is not
 * a package, has its own packaging and holds a package directly. Installed (a workspace installs every
 * member, editable), its packages import from that folder, as a `src/` sub-project's from its `src/`;
 * and CPython prefers that regular package to the namespace portion the member folder would be from
 * the repository root, so `from pydantic_graph import End` is the member's `End`.
 */
export function flatMemberRoots(root: string): string[] {
  return memberFolders(root)
    .filter(({ name, dir }) => name !== "src" && !existsSync(join(root, dir, "__init__.py")))
    .filter(({ dir }) => hasMarker(join(root, dir), true) && holdsPackage(join(root, dir)))
    .map(({ dir }) => dir);
}

/**
 * Does `dir` hold a PEP 420 namespace portion: a folder named as an identifier, without
 * `__init__.py`, with a package somewhere below it through such folders (`opentelemetry/` then
 * `exporter/otlp/` then `common/__init__.py`)? Bounded: namespace chains are a few levels deep.
 */
function holdsNamespacePortion(dir: string, depth = 5): boolean {
  if (depth === 0) return false;
  for (const name of childFolders(dir)) {
    if (!isIdentifier(name) || existsSync(join(dir, name, "__init__.py"))) continue;
    const sub = join(dir, name);
    if (holdsPackage(sub) || holdsNamespacePortion(sub, depth - 1)) return true;
  }
  return false;
}

/**
 * Folders whose name is not an identifier (`my-app/`, `services/billing-api/`) that hold Python code:
 * no import can name them, so the code in them is imported from there (the folder a service is run
 * from, or its own project root), not as `my-app.app.models`, a name CPython cannot import.
 */
export function nonPackageFolderRoots(root: string): string[] {
  return memberFolders(root)
    .filter(({ name, dir }) => !isIdentifier(name) && (holdsPackage(join(root, dir)) || holdsModule(join(root, dir))))
    .map(({ dir }) => dir);
}

/**
 * Folders that hold a Django project's `manage.py` (`src/django/manage.py` beside `src/django/VLE/`)
 * and are no package: `manage.py` runs from there, so its apps import as `VLE.models`, not as
 * `django.VLE.models` from `src/` (a name that would even shadow Django itself).
 */
export function djangoProjectRoots(root: string): string[] {
  return memberFolders(root)
    .filter(({ dir }) => existsSync(join(root, dir, "manage.py")) && !existsSync(join(root, dir, "__init__.py")))
    .map(({ dir }) => dir);
}

/** Every folder one level below a folder sub-projects sit in (monorepoParents), in that order: `name` and its path `dir`. */
function memberFolders(root: string): { name: string; dir: string }[] {
  return monorepoParents(root).flatMap((parent) =>
    childFolders(join(root, parent)).map((name) => ({ name, dir: parent ? `${parent}/${name}` : name })),
  );
}

function childFolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
      .map((e) => e.name);
  } catch {
    return [];
  }
}

function holdsModule(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && /\.pyi?$/.test(e.name));
  } catch {
    return false;
  }
}

/** Does `dir` hold a Python package (a folder with an `__init__.py`)? */
export function holdsPackage(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some(
      (e) => e.isDirectory() && existsSync(join(dir, e.name, "__init__.py")),
    );
  } catch {
    return false;
  }
}

function expand(root: string, pattern: string): string[] {
  const star = pattern.indexOf("*");
  if (star < 0) return [pattern === "." ? "" : pattern];
  const parent = pattern.slice(0, pattern.lastIndexOf("/", star) + 1);
  const rx = new RegExp(
    "^" +
      pattern
        .slice(parent.length)
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*") +
      "$",
  );
  try {
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((e) => e.isDirectory() && rx.test(e.name))
      .map((e) => parent + e.name);
  } catch {
    return [];
  }
}

/** The most specific source root containing `path`. */
export function rootOf(path: string, roots: readonly string[]): string {
  for (const r of roots) if (r === "" || path.startsWith(r + "/")) return r;
  return "";
}

/** `src/pkg/models/__init__.py` with root `src` → `pkg.models`. */
export function moduleNameOf(path: string, root: string): { module: string; isPackage: boolean; isStub: boolean } {
  const rel = root === "" ? path : path.slice(root.length + 1);
  const isStub = rel.endsWith(".pyi");
  const parts = rel.slice(0, rel.length - (isStub ? 4 : 3)).split("/");
  const isPackage = parts[parts.length - 1] === "__init__";
  if (isPackage) parts.pop();
  return { module: parts.join("."), isPackage, isStub };
}
