/** Assembles a ProjectIndex from per-file facts: module names, namespace packages. Pure. */
import type { FileWarning } from "../core/diagnostics.js";
import type { ModuleFacts } from "../python/facts.js";
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
): ProjectIndex {
  const files = new Map<string, SourceFile>();
  const modules = new Map<string, ModuleInfo>();
  for (const e of entries) {
    const sourceRoot = rootOf(e.path, sourceRoots);
    const { module, isPackage, isStub } = moduleNameOf(e.path, sourceRoot);
    const file: SourceFile = { path: e.path, module, isPackage, isStub, sourceRoot, hash: e.hash, bom: e.bom, facts: e.facts };
    files.set(e.path, file);
    for (const w of e.facts.warnings) warnings.push({ path: e.path, ...w });
    if (module === "") continue;
    const existing = modules.get(module);
    // A .py wins over its .pyi for editing; a regular module wins over a namespace package.
    if (!existing || !existing.file || (existing.file.isStub && !isStub)) modules.set(module, { name: module, file, isPackage });
    const parts = module.split(".");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (!modules.has(parent)) modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
  return { root, sourceRoots, config, files, modules, warnings, readText };
}

/**
 * The index with some files removed and some (re)added, sharing everything else with `index`:
 * re-indexing after a refactoring costs what the refactoring touched, not the project's size.
 */
export function updateIndex(
  index: ProjectIndex, sourceRoots: string[], removed: Iterable<string>, added: FileEntry[], readText: (path: string) => string,
): ProjectIndex {
  const files = new Map(index.files);
  const modules = new Map(index.modules);
  const gone = new Set([...removed, ...added.map((e) => e.path)]);
  for (const path of gone) {
    const old = files.get(path);
    if (!old) continue;
    files.delete(path);
    if (modules.get(old.module)?.file === old) modules.delete(old.module);
  }
  const warnings = index.warnings.filter((w) => !gone.has(w.path));
  const fresh = buildIndex(index.root, index.config, sourceRoots, added, warnings, readText);
  for (const [path, f] of fresh.files) files.set(path, f);
  for (const [name, m] of fresh.modules) {
    const existing = modules.get(name);
    if (!existing || (!existing.file && m.file) || (existing.file?.isStub && m.file && !m.file.isStub)) modules.set(name, m);
  }
  // A module whose only file moved away may still exist as a namespace package of the files below it.
  for (const f of added) {
    const parts = (files.get(f.path)?.module ?? "").split(".");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (!modules.has(parent)) modules.set(parent, { name: parent, file: null, isPackage: true });
    }
  }
  return { ...index, files, modules, warnings, readText };
}
