/** Assembles a ProjectIndex from per-file facts: module names, namespace packages. Pure. */
import type { FileWarning } from "../core/diagnostics.js";
import type { ModuleFacts } from "../python/facts.js";
import type { ToolConfig } from "./config.js";
import { moduleNameOf, rootOf } from "./roots.js";
import type { ModuleInfo, ProjectIndex, SourceFile } from "./types.js";

export interface FileEntry {
  path: string;
  hash: string;
  bom: boolean;
  facts: ModuleFacts;
}

export function buildIndex(
  root: string,
  config: ToolConfig,
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
  return { root, sourceRoots, config: config.remodel, files, modules, warnings, readText };
}
