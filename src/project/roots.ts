/** Source roots and module names: which directory a module's absolute name is relative to. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ToolConfig } from "./config.js";

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const norm = (p: string) => p.replace(/\\/g, "/").replace(/^\.\/?/, "").replace(/\/+$/, "");

/**
 * Source roots, most specific first: the project root, `src/` (src layout), test folders without
 * `__init__.py` (pytest puts them on sys.path), [tool.remodel] src, and roots declared for mypy,
 * pyright, pants and setuptools. Pants patterns with `*` are expanded one level.
 */
export function sourceRoots(root: string, config: ToolConfig): string[] {
  const roots = new Set<string>([""]);
  if (isDir(join(root, "src"))) roots.add("src");
  for (const r of monorepoRoots(root)) roots.add(r);
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
 * `<sub-project>/src` folders of a monorepo that hold a Python package (a folder with an
 * `__init__.py`): each is a source root, as the sub-project's own packaging makes it.
 */
export function monorepoRoots(root: string): string[] {
  const out: string[] = [];
  for (const parent of MONOREPO_PARENTS) {
    let names: string[];
    try {
      names = readdirSync(join(root, parent), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules" && e.name !== "src").map((e) => e.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const src = parent ? `${parent}/${name}/src` : `${name}/src`;
      if (holdsPackage(join(root, src))) out.push(src);
    }
  }
  return out;
}

/** Does `dir` hold a Python package (a folder with an `__init__.py`)? */
export function holdsPackage(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && existsSync(join(dir, e.name, "__init__.py")));
  } catch {
    return false;
  }
}

function expand(root: string, pattern: string): string[] {
  const star = pattern.indexOf("*");
  if (star < 0) return [pattern === "." ? "" : pattern];
  const parent = pattern.slice(0, pattern.lastIndexOf("/", star) + 1);
  const rx = new RegExp("^" + pattern.slice(parent.length).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*") + "$");
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
