/**
 * RM001 unresolved first-party modules, RM002 names a first-party module does not provide, in
 * every context (module level, function-local, `if TYPE_CHECKING:`): those are the ones only a
 * type checker or a late call finds. Optional imports under `try/except ImportError` are skipped.
 */
import type { Problem } from "../../core/diagnostics.js";
import type { ImportFact } from "../../python/facts.js";
import { initAsPackage } from "../../project/init-as-package.js";
import { rootResolvers } from "../../project/own-root.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import type { DefinitionIndex } from "./definitions.js";
import type { Check } from "../check-contract.js";
import { isFailure } from "../../core/outcome.js";

/** A file's imports resolve as its own source root sees the project (own-root.ts): `resolverFor` its root. */
export function checkImports(
  resolver: Resolver,
  defs: DefinitionIndex,
  resolverFor: (root: string) => Resolver = rootResolvers(resolver),
): Problem[] {
  const out: Problem[] = [];
  for (const file of resolver.index.files.values()) {
    for (const imp of file.facts.imports) {
      if (imp.commented || imp.context.tryImportError) continue;
      out.push(...checkImport(resolverFor(file.sourceRoot), defs, file, imp));
    }
  }
  return out;
}

function at(
  file: SourceFile,
  imp: ImportFact,
  pos?: { line: number; column: number },
): Pick<Problem, "path" | "line" | "column"> {
  return { path: file.path, line: pos?.line ?? imp.line, column: pos?.column ?? imp.column };
}

export function checkImport(resolver: Resolver, defs: DefinitionIndex, file: SourceFile, imp: ImportFact): Problem[] {
  const out: Problem[] = [];
  const context = imp.context.typeChecking ? "TYPE_CHECKING" : imp.context.function ? "function-local" : "module-level";
  if (imp.kind === "import") {
    for (const n of imp.names) {
      const t = resolver.target(initAsPackage(resolver, n.name));
      if (t.kind === "missing") {
        out.push({
          code: "RM001",
          ...at(file, imp),
          message: `import "${n.name}" could not be resolved: ${t.why}`,
          data: { module: n.name, context },
        });
      }
    }
    return out;
  }
  const dots = ".".repeat(imp.level);
  const written = dots + imp.module;
  const from = resolver.absoluteFrom(file, imp.level, imp.module);
  if (isFailure(from)) {
    out.push({
      code: "RM001",
      ...at(file, imp),
      message: `import "${written}" could not be resolved: ${from.error}`,
      data: { module: written, context },
    });
    return out;
  }
  const name = initAsPackage(resolver, from.name);
  const t = resolver.target(name);
  if (t.kind === "external") return out;
  if (t.kind === "missing") {
    const suggestion = imp.level > 0 ? relativeSuggestion(resolver, file, imp) : undefined;
    out.push({
      code: "RM001",
      ...at(file, imp),
      message: `import "${written}" could not be resolved: ${t.why}`,
      ...(suggestion ? { suggestion } : {}),
      data: { module: from.name, context },
    });
    return out;
  }
  if (imp.star) return out;
  for (const n of imp.names) {
    const look =
      name === file.module
        ? resolver.lookupFromItself(name, n.name, file.facts.imports.indexOf(imp))
        : resolver.lookup(name, n.name);
    if (look.kind !== "missing") continue;
    const elsewhere = defs
      .modulesDefining(n.name)
      .filter((m) => m !== from.name)
      .slice(0, 3);
    out.push({
      code: "RM002",
      ...at(file, imp, n),
      message: `"${n.name}" is unknown import symbol of "${from.name}"`,
      ...(elsewhere.length ? { suggestion: `defined in ${elsewhere.join(", ")}` } : {}),
      data: { module: from.name, name: n.name, context, tried: look.tried },
    });
  }
  return out;
}

/** For a relative import that misses: the number of dots that would resolve it (a module moved a level). */
function relativeSuggestion(resolver: Resolver, file: SourceFile, imp: ImportFact): string | undefined {
  for (const level of [imp.level + 1, imp.level - 1, imp.level + 2]) {
    if (level < 1) continue;
    const alt = resolver.absoluteFrom(file, level, imp.module);
    if (isFailure(alt) || !resolver.module(alt.name)) continue;
    if (imp.names.every((n) => resolver.lookup(alt.name, n.name).kind !== "missing")) {
      return `did you mean "${".".repeat(level)}${imp.module}"?`;
    }
  }
  return undefined;
}

const importProblems = (ctx: Parameters<Check["run"]>[0]) =>
  ctx.shared("imports", () => checkImports(ctx.resolver, ctx.defs, ctx.resolverFor));

export const unresolvedImport: Check = {
  code: "RM001",
  name: "unresolved-import",
  scope: "project",
  summary: "a first-party import that does not resolve (with the dots that would, for a moved module)",
  example:
    '`import shop.modles` → `shop/api.py:1:1: RM001 import "shop.modles" could not be resolved: \'modles\' is not a module in shop/`; relative imports get the dots that would resolve: `import ".config" could not be resolved: \'config\' is not a module in app/core/db/ (did you mean "..config"?)`; `from .. import x` in a top-level package: `attempted relative import beyond top-level package`',
  run: (ctx) => importProblems(ctx).filter((p) => p.code === "RM001"),
};

export const unknownImportSymbol: Check = {
  code: "RM002",
  name: "unknown-import-symbol",
  scope: "project",
  summary: "a name a first-party module does not provide (with where it is defined)",
  example:
    '`from shop.models import Invoice` → `RM002 "Invoice" is unknown import symbol of "shop.models" (defined in shop.billing)`',
  run: (ctx) => importProblems(ctx).filter((p) => p.code === "RM002"),
};
