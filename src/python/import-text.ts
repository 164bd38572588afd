/**
 * Import statements as text: the one place Remodel spells `import` / `from ... import` lines,
 * re-bases relative imports and renders re-exports. Refactorings (move, package, split) and
 * generated code (`db pull`) ask this module rather than building the text themselves, so a
 * style change (aliases, parentheses, `__all__`) happens once.
 */

/** One imported name, with its alias when it has one. */
export interface ImportedName {
  name: string;
  alias?: string | null;
}

/** `name` or `name as alias` (`x as x` is kept: it is the explicit re-export idiom). */
export function importedName(n: ImportedName | string): string {
  if (typeof n === "string") return n;
  return n.alias ? `${n.name} as ${n.alias}` : n.name;
}

/** `from module import a, b as c`. */
export function fromImport(module: string, names: readonly (ImportedName | string)[]): string {
  return `from ${module} import ${names.map(importedName).join(", ")}`;
}

/** `import module` or `import module as alias`. */
export function plainImport(module: string, alias?: string | null): string {
  return `import ${importedName({ name: module, alias })}`;
}

/** An alias only when it differs from the name (a binding that needs `as`). */
export function aliasIfRenamed(name: string, bound: string): string | null {
  return bound !== name ? bound : null;
}

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

/** A relative `from` module one package deeper (`.x` → `..x`): the statement moves into a new subpackage. */
export function deeperRelative(level: number, module: string): string {
  return (level ? ".".repeat(level + 1) : "") + module;
}

/**
 * A re-export: `from <from> import (...)` plus a literal `__all__` listing the same names, so that
 * pyright, mypy and ruff see explicit re-exports and `*pkg.__all__` spreads keep working. The
 * lines end with an empty one (the file's final newline once joined).
 */
export function reExportLines(from: string, names: readonly string[]): string[] {
  return [`from ${from} import (`, ...names.map((n) => `    ${n},`), ")", "", "__all__ = (", ...names.map((n) => `    "${n}",`), ")", ""];
}
