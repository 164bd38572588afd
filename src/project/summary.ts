/** What `remodel scan` reports about a project: counts, roots, model modules, most-imported modules. */
import { importGraph } from "./graph.js";
import { Resolver } from "./resolver.js";
import type { ProjectIndex } from "./types.js";

export interface ModelClass {
  name: string;
  bases: string[];
  line: number;
}

export interface ProjectSummary {
  root: string;
  sourceRoots: string[];
  files: number;
  modules: number;
  packages: number;
  namespacePackages: number;
  warnings: { path: string; line: number; column: number; message: string }[];
  modelModules: { module: string; path: string; classes: ModelClass[] }[];
  mostImported: { module: string; importers: number }[];
}

/** Base class names that make a class an ORM model or schema, by their last dotted part. */
const MODEL_BASE = /^(Base|\w*Base|Model|\w+Model|DeclarativeBase|SQLModel|Document)$/;

export function summarize(index: ProjectIndex, top = 10): ProjectSummary {
  const resolver = new Resolver(index);
  const modelNames = modelClassNames(index);
  const modelModules: ProjectSummary["modelModules"] = [];
  for (const f of index.files.values()) {
    const classes = f.facts.classes
      .filter((c) => modelNames.has(c.name))
      .map((c) => ({ name: c.name, bases: c.bases, line: c.line }));
    if (classes.length) modelModules.push({ module: f.module, path: f.path, classes });
  }
  const importers = new Map<string, Set<string>>();
  for (const e of importGraph(resolver)) {
    let s = importers.get(e.to);
    if (!s) importers.set(e.to, (s = new Set()));
    s.add(e.from);
  }
  const mostImported = [...importers]
    .map(([module, s]) => ({ module, importers: s.size }))
    .sort((a, b) => b.importers - a.importers || (a.module < b.module ? -1 : 1))
    .slice(0, top);
  const mods = [...index.modules.values()];
  return {
    root: index.root,
    sourceRoots: index.sourceRoots,
    files: index.files.size,
    modules: mods.filter((m) => m.file).length,
    packages: mods.filter((m) => m.file?.isPackage).length,
    namespacePackages: mods.filter((m) => !m.file).length,
    warnings: index.warnings,
    modelModules: modelModules.sort((a, b) => (a.path < b.path ? -1 : 1)),
    mostImported,
  };
}

/** Classes whose bases look like ORM bases, closed over inheritance inside the project. */
function modelClassNames(index: ProjectIndex): Set<string> {
  const bases = new Map<string, string[]>();
  for (const f of index.files.values())
    for (const c of f.facts.classes)
      bases.set(
        c.name,
        c.bases.map((b) => b.split(".").pop()!.replace(/\[.*$/, "")),
      );
  const models = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, bs] of bases) {
      if (models.has(name)) continue;
      if (bs.some((b) => models.has(b) || (MODEL_BASE.test(b) && !bases.has(b)))) {
        models.add(name);
        changed = true;
      }
    }
  }
  return models;
}
