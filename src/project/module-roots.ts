/**
 * Which first-party module a name of a file stands for (`from pkg import models` binds `models`
 * to `pkg.models`): asked by the attribute check, by string references and by export computation.
 */
import type { ImportFact } from "../python/facts.js";
import type { Resolver } from "./resolver.js";
import type { SourceFile } from "./types.js";
import { isFailure } from "../core/outcome.js";

/**
 * Names that the file binds to first-party modules by any import, in any scope. A name bound to
 * different things by different imports is left out: which one a read sees depends on scope.
 * Only names that head an attribute chain or a `patch.object` target of the file are resolved:
 * those are the only ones anybody asks about.
 */
export function moduleRoots(resolver: Resolver, file: SourceFile): ReadonlyMap<string, string> {
  // Asked once per file by RM003 and again for each `patch.object` reference by RM005 and the
  // refactorings: the answer is kept for the resolver (its index is immutable, its lookups memoized).
  const hit = ROOTS.get(file);
  if (hit?.resolver === resolver) return hit.roots;
  const roots = computeRoots(resolver, file);
  ROOTS.set(file, { resolver, roots });
  return roots;
}

const ROOTS = new WeakMap<SourceFile, { resolver: Resolver; roots: ReadonlyMap<string, string> }>();

function computeRoots(resolver: Resolver, file: SourceFile): Map<string, string> {
  const wanted = new Set<string>();
  for (const ref of file.facts.attributeRefs) wanted.add(head(ref.chain));
  for (const ref of file.facts.stringRefs) if (ref.object !== undefined) wanted.add(head(ref.object));
  // A name's module, or null once two imports disagree or one resolves to none (then no more are resolved).
  const seen = new Map<string, string | null>();
  for (const imp of file.facts.imports) {
    if (imp.commented) continue;
    for (const n of imp.names) {
      const name = n.alias ?? (imp.kind === "import" ? head(n.name) : n.name);
      if (!wanted.has(name)) continue;
      const prev = seen.get(name);
      if (prev === null) continue;
      const m = boundModule(resolver, file, imp, n);
      seen.set(name, prev === undefined || prev === m ? m : null);
    }
  }
  for (const b of file.facts.bindings) if (b.kind !== "import" && wanted.has(b.name)) seen.set(b.name, null);
  const out = new Map<string, string>();
  for (const [k, v] of seen) if (v && resolver.module(v)?.file !== undefined) out.set(k, v);
  return out;
}

/** The first-party module a dotted object expression of the file names (`models.user`), if any. */
export function objectModule(resolver: Resolver, file: SourceFile, object: string): string | null {
  const [first, ...rest] = object.split(".");
  return resolver.submoduleChain(moduleRoots(resolver, file).get(first) ?? null, rest);
}

function head(dotted: string): string {
  const dot = dotted.indexOf(".");
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

function boundModule(
  resolver: Resolver,
  file: SourceFile,
  imp: ImportFact,
  n: ImportFact["names"][number],
): string | null {
  if (imp.kind === "import") {
    const name = n.alias ? n.name : n.name.split(".")[0];
    return resolver.module(name) ? name : null;
  }
  const from = resolver.absoluteFrom(file, imp.level, imp.module);
  if (isFailure(from)) return null;
  return resolver.moduleNamed(from.name, n.name, file.module);
}
