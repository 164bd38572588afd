/** Spelling imports for a new location, keeping each import's style. */
import type { ImportFact } from "../../python/facts.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { isFailure } from "../../core/outcome.js";

// Spelling lives in the one import writer; re-exported for the refactorings that import it from here.
export { packageOf, relativeSpelling } from "../../python/import-text.js";

/** The absolute module a `from` import names, seen from the file's current location. */
export function absoluteTarget(resolver: Resolver, file: SourceFile, imp: ImportFact): string | null {
  if (imp.kind !== "from") return null;
  const r = resolver.absoluteFrom(file, imp.level, imp.module);
  return isFailure(r) ? null : r.name;
}
