/** Spelling imports for a new location, keeping each import's style. */
import type { ImportFact } from "../../python/facts.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";

/** The package a module's relative imports are relative to. */
export function packageOf(module: string, isPackage: boolean): string[] {
  const parts = module ? module.split(".") : [];
  return isPackage ? parts : parts.slice(0, -1);
}

/**
 * `from <dots><module>` text that names absolute module `target` from inside package `fromPackage`;
 * null when no relative spelling exists (different top-level packages).
 */
export function relativeSpelling(fromPackage: string[], target: string): string | null {
  const t = target.split(".");
  let common = 0;
  while (common < fromPackage.length && common < t.length && fromPackage[common] === t[common]) common++;
  if (common === 0) return null;
  const level = fromPackage.length - common + 1;
  return ".".repeat(level) + t.slice(common).join(".");
}

/** The absolute module a `from` import names, seen from the file's current location. */
export function absoluteTarget(resolver: Resolver, file: SourceFile, imp: ImportFact): string | null {
  if (imp.kind !== "from") return null;
  const r = resolver.absoluteFrom(file, imp.level, imp.module);
  return "error" in r ? null : r.name;
}
