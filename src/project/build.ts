/** Assembles a ProjectIndex from per-file facts: module names, namespace packages. Pure. */
import type { FileWarning } from "../core/diagnostics.js";
import type { ModuleFacts } from "../python/facts.js";
import { shadows } from "./module-precedence.js";
import { isIdentifier } from "../python/module-name.js";
import { moduleNameOf, rootOf } from "./roots.js";
import type { ModuleInfo, ProjectIndex, RemodelConfig, SourceFile } from "./types.js";

export interface FileEntry {
  path: string;
  hash: string;
  bom: boolean;
  facts: ModuleFacts;
}

export function buildIndex(
  root: string,
  config: RemodelConfig,
  sourceRoots: string[],
  entries: FileEntry[],
  warnings: FileWarning[],
  readText: (path: string) => string,
  memberRoots: readonly string[] = [],
): ProjectIndex {
  const files = new Map<string, SourceFile>();
  const modules = new Map<string, ModuleInfo>();
  for (const e of entries) {
    const sourceRoot = rootOf(e.path, sourceRoots);
    const { module, isPackage, isStub } = moduleNameOf(e.path, sourceRoot);
    const file: SourceFile = {
      path: e.path,
      module,
      isPackage,
      isStub,
      sourceRoot,
      hash: e.hash,
      bom: e.bom,
      facts: e.facts,
    };
    files.set(e.path, file);
    for (const w of e.facts.warnings) warnings.push({ path: e.path, ...w });
    if (module === "") continue;
    const existing = modules.get(module);
    // A file wins over a namespace package; between files, CPython's order (module-precedence.ts).
    if (!existing?.file || shadows(file, existing.file, sourceRoots))
      modules.set(module, { name: module, file, isPackage });
    const parts = module.split(".");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (!modules.has(parent)) modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
  if (memberRoots.length) addMemberPortions(modules, files.values(), sourceRoots, memberRoots);
  return {
    root,
    sourceRoots,
    config,
    files,
    modules,
    warnings,
    readText,
    ...(memberRoots.length ? { memberRoots } : {}),
  };
}

/**
 * A flat workspace member (`member_pkg/pyproject.toml` beside `member_pkg/sub/`, roots.ts
 * flatMemberRoots) is also a folder of the root around it, a namespace portion there: with that
 * root on sys.path (the repository's, as a workspace runs), CPython imports its files by their
 * outer names too, `member_pkg.sub` for `sub`. Those names are added where nothing holds them,
 * unless the outer top-level name is a regular module or package (`flowgraph/flowgraph/`: CPython
 * takes that package, and `flowgraph.flowgraph` does not import).
 */
function addMemberPortions(
  modules: Map<string, ModuleInfo>,
  files: Iterable<SourceFile>,
  sourceRoots: readonly string[],
  memberRoots: readonly string[],
): void {
  const outerRoot = new Map(
    memberRoots.map((m) => [
      m,
      rootOf(
        m,
        sourceRoots.filter((r) => r !== m),
      ),
    ]),
  );
  for (const f of files) {
    const outer = outerRoot.get(f.sourceRoot);
    if (outer === undefined || f.module === "") continue;
    const { module } = moduleNameOf(f.path, outer);
    const parts = module.split(".");
    if (!parts.every(isIdentifier) || modules.get(parts[0])?.file) continue;
    const existing = modules.get(module);
    if (!existing?.file) modules.set(module, { name: module, file: f, isPackage: f.isPackage });
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (!modules.has(parent)) modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
}

/**
 * The index with some files removed and some (re)added, sharing everything else with `index`:
 * re-indexing after a refactoring costs what the refactoring touched, not the project's size.
 */
export function updateIndex(
  index: ProjectIndex,
  sourceRoots: string[],
  removed: Iterable<string>,
  added: FileEntry[],
  readText: (path: string) => string,
): ProjectIndex {
  const files = new Map(index.files);
  const modules = new Map(index.modules);
  const gone = new Set([...removed, ...added.map((e) => e.path)]);
  const vacated = new Set<string>();
  for (const path of gone) {
    const old = files.get(path);
    if (!old) continue;
    files.delete(path);
    if (modules.get(old.module)?.file === old) vacated.add(old.module);
    for (let i = old.module.lastIndexOf("."); i > 0; i = old.module.lastIndexOf(".", i - 1)) {
      const parent = old.module.slice(0, i);
      if (modules.get(parent)?.file === null) vacated.add(parent);
    }
  }
  if (vacated.size) settle(modules, files, vacated, sourceRoots);
  const warnings = index.warnings.filter((w) => !gone.has(w.path));
  const fresh = buildIndex(index.root, index.config, sourceRoots, added, warnings, readText);
  for (const [path, f] of fresh.files) files.set(path, f);
  for (const [name, m] of fresh.modules) {
    const existing = modules.get(name);
    if (!existing?.file || (m.file && shadows(m.file, existing.file, sourceRoots))) modules.set(name, m);
  }
  // Outer names are re-derived against the whole index: one pass, only for a workspace.
  if (index.memberRoots) {
    for (const [name, m] of modules) if (m.file && m.file.module !== name) modules.delete(name);
    addMemberPortions(modules, files.values(), sourceRoots, index.memberRoots);
  }
  return { ...index, files, modules, warnings, readText };
}

/**
 * What the names the removed files gave stand for now: another file of that name (a `mod.py` the
 * removed package hid), a namespace package of the files still below it, or nothing. One pass
 * over the files, only when a removal vacated a name.
 */
function settle(
  modules: Map<string, ModuleInfo>,
  files: ReadonlyMap<string, SourceFile>,
  vacated: ReadonlySet<string>,
  sourceRoots: readonly string[],
): void {
  for (const name of vacated) modules.delete(name);
  for (const f of files.values()) {
    if (vacated.has(f.module)) {
      const current = modules.get(f.module)?.file;
      if (!current || shadows(f, current, sourceRoots))
        modules.set(f.module, { name: f.module, file: f, isPackage: f.isPackage });
    }
    for (let i = f.module.lastIndexOf("."); i > 0; i = f.module.lastIndexOf(".", i - 1)) {
      const parent = f.module.slice(0, i);
      if (vacated.has(parent) && !modules.has(parent))
        modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
}
