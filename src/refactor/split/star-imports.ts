/**
 * Which new modules of a split take the file's star imports (the facade takes them all, so that
 * `from pkg.models import *` gives what it gave). A star import of a project module binds names
 * known ahead (its `__all__`, or its public globals, or what the `.pyi` beside it declares): a module
 * takes it when it reads one of them.
 * Any other (outside the project, missing from the tree, a computed `__all__`, a module that writes
 * its own namespace) may bind anything: a module that reads a name nothing else binds takes it.
 */
import type { ImportFact } from "../../python/facts.js";
import { PY_BUILTINS } from "../../python/builtins.js";
import { deeperStatement } from "../../python/import-text.js";
import { loadTimeStarImports, type Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { absoluteTarget } from "../shared/relative.js";
import type { SplitModel } from "./model.js";

export interface StarImport {
  /** The statement as a new module writes it (relative imports re-based). */
  line: string;
  /** The names it binds, when they are known. */
  binds: ReadonlySet<string> | "unknown";
}

export function starImports(m: SplitModel, resolver: Resolver, file: SourceFile, deeper: number): StarImport[] {
  const text = m.parsed.text;
  const reads = readsFromElsewhere(
    m,
    m.statements.map((s) => s.index),
  );
  return m.statements
    .filter((s) => s.kind === "import" && /\bimport\s+\*/.test(text.slice(s.start, s.end)))
    .map((s) => {
      const facts = loadTimeStarImports(file).filter((i) => s.start <= i.start && i.end <= s.end);
      const line = deeperStatement(text.slice(s.start, s.end).trim(), deeper);
      return { line, binds: facts.length === 1 ? binds(resolver, file, facts[0], reads) : "unknown" };
    });
}

function binds(resolver: Resolver, file: SourceFile, imp: ImportFact, reads: ReadonlySet<string>): StarImport["binds"] {
  const target = absoluteTarget(resolver, file, imp);
  if (target === null) return "unknown";
  const where = resolver.target(target);
  // A module missing from the tree may be made at build time (generated, compiled, ignored by
  // git): a new module that reads a name nothing else binds keeps the import, broken or not.
  if (where.kind !== "found") return "unknown";
  const star = resolver.starExports(target);
  // The resolver calls it open when it is outside the project, has a computed `__all__`, or writes
  // its own namespace (itself or through a star chain).
  if (star.open) return "unknown";
  // A module that binds names at run time (protobuf's `_pb2.py`, through `globals()`) declares them
  // in the `.pyi` beside it: the resolver calls such a name open, and the star import may bind it.
  const declared = [...reads].filter((n) => resolver.lookup(target, n).kind === "open");
  return new Set([...star.names, ...(star.maybe ?? []), ...declared]);
}

/** The star imports a new module made of `indices` needs, as lines. */
export function starsFor(m: SplitModel, indices: readonly number[], stars: readonly StarImport[]): string[] {
  if (stars.length === 0) return [];
  const reads = readsFromElsewhere(m, indices);
  // A name a star import of known names binds is bound: it does not call for the others.
  const known = (n: string) => stars.some(({ binds }) => binds !== "unknown" && binds.has(n));
  const unbound = [...reads].some((n) => !PY_BUILTINS.has(n) && !/^__\w+__$/.test(n) && !known(n));
  const takes = ({ binds }: StarImport) => (binds === "unknown" ? unbound : [...reads].some((n) => binds.has(n)));
  return stars.filter(takes).map((s) => s.line);
}

/** The names the statements `indices` read that the file neither defines nor imports by name. */
function readsFromElsewhere(m: SplitModel, indices: readonly number[]): Set<string> {
  const reads = new Set<string>();
  for (const i of indices)
    for (const u of m.statements[i].uses) if (!m.definer.has(u.name) && !m.imported.has(u.name)) reads.add(u.name);
  return reads;
}
