/**
 * Which file a module name stands for when several files give the same name: CPython's rule,
 * written down once (the index used to keep whichever file the walk met first, so a
 * `pkg/mod.py` left beside a `pkg/mod/__init__.py` hid the package that Python imports).
 */
import type { SourceFile } from "./types.js";

/**
 * Lower wins. Across source roots, the order of `sourceRoots` (most specific first: a declared
 * `src` before the project root). Within one folder, CPython's FileFinder looks for the package
 * directory before the module file, so `mod/__init__.py` beats `mod.py`; a `.pyi` is a type
 * checker's, so a `.py` beats it for editing and only stands for the module where no `.py` does.
 */
function rank(file: SourceFile, sourceRoots: readonly string[]): number {
  const root = sourceRoots.indexOf(file.sourceRoot);
  const kind = (file.isStub ? 2 : 0) + (file.isPackage ? 0 : 1);
  return (root < 0 ? sourceRoots.length : root) * 4 + kind;
}

/** Does `candidate` stand for its module instead of `current`? Ties keep `current` (walk order). */
export function shadows(candidate: SourceFile, current: SourceFile, sourceRoots: readonly string[]): boolean {
  return rank(candidate, sourceRoots) < rank(current, sourceRoots);
}

/** A `.py` module file that Python never imports because a package of the same name sits beside it. */
export function hiddenByPackage(file: SourceFile, winner: SourceFile): boolean {
  return !file.isStub && !file.isPackage && winner.isPackage && !winner.isStub && winner.sourceRoot === file.sourceRoot;
}
