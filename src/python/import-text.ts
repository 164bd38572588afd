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

/** `from module import *`. */
export function starImport(module: string): string {
  return `from ${module} import *`;
}

/** `import module` or `import module as alias`. */
export function plainImport(module: string, alias?: string | null): string {
  return `import ${importedName({ name: module, alias })}`;
}

/** `import a, b.c as d`: one `import` statement of several modules. */
export function plainImports(names: readonly (ImportedName | string)[]): string {
  return `import ${names.map(importedName).join(", ")}`;
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

/**
 * A `from` module `deeper` packages further down (`.x` → `..x` for 1): the statement moves into a
 * new subpackage. Absolute modules (level 0) stay as they are.
 */
export function deeperRelative(level: number, module: string, deeper = 1): string {
  return (level ? ".".repeat(level + deeper) : "") + module;
}

/**
 * Where the dots go that re-base a relative `from` statement (its text from the start): the
 * offset after `from ` (or `lazy from `), or null when it is not a relative `from` import.
 */
export function relativeDotsAt(statement: string): number | null {
  const lead = /^(?:lazy\s+)?from\s+(?=\.)/.exec(statement);
  return lead ? lead[0].length : null;
}

/** A statement's text with its relative `from` module `deeper` packages further down; others unchanged. */
export function deeperStatement(statement: string, deeper: number): string {
  const at = relativeDotsAt(statement);
  return at === null ? statement : statement.slice(0, at) + ".".repeat(deeper) + statement.slice(at);
}

/**
 * A re-export: `from <from> import (...)` plus a literal `__all__` listing the same names, so that
 * pyright, mypy and ruff see explicit re-exports and `*pkg.__all__` spreads keep working. The
 * lines end with an empty one (the file's final newline once joined).
 */
export function reExportLines(from: string, names: readonly string[]): string[] {
  return [...parenthesizedImport(from, names), "", ...dunderAll(names, "tuple"), ""];
}

/** `from <from> import (` one name a line `)`: the re-export block of a facade. */
export function parenthesizedImport(from: string, names: readonly string[]): string[] {
  return [`from ${from} import (`, ...names.map((n) => `    ${n},`), ")"];
}

/** A literal `__all__`, one name a line, as a tuple or a list (what the facade being replaced wrote). */
export function dunderAll(names: readonly string[], shape: "tuple" | "list"): string[] {
  const [open, close] = shape === "tuple" ? ["(", ")"] : ["[", "]"];
  return [`__all__ = ${open}`, ...names.map((n) => `    "${n}",`), close];
}
