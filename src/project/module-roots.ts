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
  const { facts } = file;
  const out = new Map<string, string>();
  // The names the file's imports bind (a few), each marked once a chain or target starts with it:
  // a file's chains are many more, and cutting each one's head out cost more than the rest.
  const wanted = new Map<string, boolean>();
  for (const imp of facts.imports) {
    if (imp.commented) continue;
    for (const n of imp.names) wanted.set(boundName(imp, n), false);
  }
  if (wanted.size === 0) return out;
  markHeads(wanted, facts.attributeRefs, facts.stringRefs);
  // A name's module, or null once two imports disagree or one resolves to none (then no more are resolved).
  const seen = new Map<string, string | null>();
  for (const imp of facts.imports) {
    if (imp.commented) continue;
    for (const n of imp.names) {
      const name = boundName(imp, n);
      if (!wanted.get(name)) continue;
      const prev = seen.get(name);
      if (prev === null) continue;
      const m = boundModule(resolver, file, imp, n);
      seen.set(name, prev === undefined || prev === m ? m : null);
    }
  }
  // Also bound by other code somewhere in the file: which one a read sees depends on scope.
  for (const b of facts.bindings) if (b.kind !== "import" && seen.has(b.name)) seen.set(b.name, null);
  for (const [k, v] of seen) if (v && resolver.module(v)?.file !== undefined) out.set(k, v);
  return out;
}

/** The name an import binds for one of its names (`import a.b` binds `a`). */
function boundName(imp: ImportFact, n: ImportFact["names"][number]): string {
  return n.alias ?? (imp.kind === "import" ? head(n.name) : n.name);
}

/** Sets `names`' entries to true for each name that heads an attribute chain or a `patch.object` target. */
function markHeads(
  names: Map<string, boolean>,
  attributeRefs: readonly { chain: string }[],
  stringRefs: readonly { object?: string }[],
): void {
  // Candidates by length and first character, compared in place (no head cut out of each chain).
  const byShape = new Map<number, string[]>();
  for (const name of names.keys()) {
    const shape = name.length * 65536 + (name.length ? name.charCodeAt(0) : 0);
    const list = byShape.get(shape);
    if (list) list.push(name);
    else byShape.set(shape, [name]);
  }
  let left = names.size;
  const mark = (dotted: string) => {
    const dot = dotted.indexOf(".");
    const len = dot < 0 ? dotted.length : dot;
    const list = byShape.get(len * 65536 + (len ? dotted.charCodeAt(0) : 0));
    if (!list) return;
    for (const name of list)
      if (dotted.startsWith(name) && names.get(name) === false) {
        names.set(name, true);
        left--;
      }
  };
  for (const ref of attributeRefs) {
    if (left === 0) return;
    mark(ref.chain);
  }
  for (const ref of stringRefs) {
    if (left === 0) return;
    if (ref.object !== undefined) mark(ref.object);
  }
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
