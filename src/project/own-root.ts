/**
 * The project as a file of one source root sees it, when several roots give the same top-level
 * name. A monorepo's sub-projects each keep a `tests/__init__.py`; the index holds one `tests`
 * (the most specific root's, module-precedence.ts), but CPython runs each test with its own
 * folder first on sys.path (the script's folder; pytest's rootdir of a test package), so
 * `from tests import TIME` in `exporter/b/tests/test_x.py` names `exporter/b/tests/`. A regular
 * package found first on sys.path hides every later one of that name, so below such a name only
 * the root's own files count.
 */
import { shadows } from "./module-precedence.js";
import { Resolver } from "./resolver.js";
import type { ModuleInfo, ProjectIndex } from "./types.js";

const top = (module: string) => {
  const dot = module.indexOf(".");
  return dot < 0 ? module : module.slice(0, dot);
};

// Memoized by the index's own maps, not its `memos`: the index of a planned change shares those
// with its project, and its files and modules differ.
const CLASHES = new WeakMap<object, Map<string, Set<string>>>();
const BELOW = new WeakMap<object, Map<string, Set<string>>>();

/**
 * Top-level names that a module file or package `__init__` of more than one source root gives,
 * each with those roots.
 */
export function clashingTops(index: ProjectIndex): ReadonlyMap<string, ReadonlySet<string>> {
  const memo = CLASHES.get(index.files);
  if (memo) return memo;
  const roots = new Map<string, Set<string>>();
  for (const f of index.files.values()) {
    if (f.module === "" || f.module.includes(".") || f.isStub) continue;
    let set = roots.get(f.module);
    if (!set) roots.set(f.module, (set = new Set()));
    set.add(f.sourceRoot);
  }
  const out = new Map<string, Set<string>>();
  for (const [name, set] of roots) if (set.size > 1) out.set(name, set);
  CLASHES.set(index.files, out);
  return out;
}

/** For each clashing top-level name, the source roots of the files the index holds below it. */
function rootsBelow(index: ProjectIndex): ReadonlyMap<string, ReadonlySet<string>> {
  const memo = BELOW.get(index.modules);
  if (memo) return memo;
  const clashes = clashingTops(index);
  const out = new Map<string, Set<string>>();
  for (const [name, m] of index.modules) {
    if (!m.file || !clashes.has(top(name))) continue;
    let set = out.get(top(name));
    if (!set) out.set(top(name), (set = new Set()));
    set.add(m.file.sourceRoot);
  }
  BELOW.set(index.modules, out);
  return out;
}

/**
 * The root whose files give a clashing top-level name to the files of `root`: `root` itself, else
 * the one root inside it that gives the name (a sub-project's `tests/` package puts the
 * sub-project's folder on sys.path, and its tests import the sub-project's own `src/` package,
 * installed), else none: a folder holding several sub-projects (the repository's) cannot tell.
 */
function giverOf(roots: ReadonlySet<string>, root: string): string | null {
  if (roots.has(root)) return root;
  const inside = [...roots].filter((r) => r.startsWith(`${root}/`) || (root === "" && r !== ""));
  return inside.length === 1 ? inside[0] : null;
}

/**
 * `index` as seen from a file of source root `root`: every top-level name that `root` gives (or
 * the one root inside it, giverOf) and another root also gives stands for that root's own files.
 * `index` itself when nothing differs.
 */
export function indexFromRoot(index: ProjectIndex, root: string): ProjectIndex {
  /** Top-level name → the root whose files it stands for. */
  const tops = new Map<string, string>();
  for (const [name, roots] of clashingTops(index)) {
    const giver = giverOf(roots, root);
    if (giver === null) continue;
    // The root whose package the index holds sees it as its own too, but not the modules the
    // other roots' packages add below it (`common.d` of another sub-project): CPython never
    // looks past the regular package it found first.
    const below = rootsBelow(index).get(name);
    if (index.modules.get(name)?.file?.sourceRoot !== giver || (below && [...below].some((r) => r !== giver)))
      tops.set(name, giver);
  }
  if (tops.size === 0) return index;
  const modules = new Map<string, ModuleInfo>();
  for (const [name, m] of index.modules) if (!tops.has(top(name))) modules.set(name, m);
  // The same SourceFile objects as the index's: what a lookup finds is the file the index holds.
  for (const f of index.files.values()) {
    if (tops.get(top(f.module)) !== f.sourceRoot) continue;
    const existing = modules.get(f.module);
    if (!existing?.file || shadows(f, existing.file, index.sourceRoots))
      modules.set(f.module, { name: f.module, file: f, isPackage: f.isPackage });
    const parts = f.module.split(".");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (!modules.has(parent)) modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
  return { ...index, modules };
}

/**
 * A resolver per source root, each over `indexFromRoot` and made on first use; `resolver` itself
 * for a root that sees the project as the whole index does (most roots of most projects).
 */
export function rootResolvers(resolver: Resolver): (root: string) => Resolver {
  const byRoot = new Map<string, Resolver>();
  return (root) => {
    let r = byRoot.get(root);
    if (!r) {
      const view = indexFromRoot(resolver.index, root);
      byRoot.set(root, (r = view === resolver.index ? resolver : new Resolver(view)));
    }
    return r;
  };
}
