/**
 * `import pkg.models.user` in a class body binds the class attribute `pkg`, so other modules can
 * read the moved module through the class: `Holder.pkg.models.user.User`. After the import is
 * rewritten to the new name, that chain fails with AttributeError, so it follows the import.
 * The chain is found in the files that reach the class by an import (`from m import Holder`,
 * `import m` then `m.Holder...`): those are the attribute chains the scanner records.
 */
import { addEdit, replacement, type EditPlan } from "../../core/edits.js";
import { objectModule } from "../../project/module-roots.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { absoluteTarget } from "../shared/relative.js";

/** A class-body `import a.b.m` (no alias) of a moved module: which class, and the old and new names. */
interface ClassImport {
  module: string;
  /** The file of `module` (another source root may have a module of that name: own-root.ts). */
  path: string;
  cls: string;
  from: string;
  to: string;
}

/** The class-body imports of `file` that `mapName` renames. */
export function classImportsOf(file: SourceFile, mapName: (m: string) => string): ClassImport[] {
  const out: ClassImport[] = [];
  for (const imp of file.facts.imports) {
    if (imp.kind !== "import" || imp.commented || !imp.context.class || imp.context.function) continue;
    // Classes are recorded at module level, so the enclosing one is the last that starts before the import.
    const cls = file.facts.classes.filter((c) => c.start < imp.start).at(-1);
    if (!cls) continue;
    for (const n of imp.names) {
      const to = mapName(n.name);
      if (!n.alias && to !== n.name)
        out.push({ module: file.module, path: file.path, cls: cls.name, from: n.name, to });
    }
  }
  return out;
}

/**
 * Rewrites `Holder.<old>` (after whatever reaches `Holder`) in every other file, each reading its
 * imports as its own source root sees the project (`resolverFor`); returns how many.
 */
export function rewriteClassAttributeChains(
  resolver: Resolver,
  imports: ClassImport[],
  plan: EditPlan,
  resolverFor: (root: string) => Resolver,
): number {
  if (imports.length === 0) return 0;
  let count = 0;
  for (const file of resolver.index.files.values()) {
    const own = resolverFor(file.sourceRoot);
    const reached = imports.filter((ci) => own.module(ci.module)?.file?.path === ci.path);
    if (reached.length === 0) continue;
    for (const ref of file.facts.attributeRefs) {
      const parts = ref.chain.split(".");
      for (const ci of reached) {
        const at = classPrefix(own, file, parts, ci);
        if (at < 0) continue;
        const rest = parts.slice(at).join(".");
        if (rest !== ci.from && !rest.startsWith(ci.from + ".")) continue;
        const offset = ref.start + parts.slice(0, at).join(".").length + 1;
        // The chain is squashed (no spaces): only rewrite when the text spells it as recorded.
        if (resolver.index.readText(file.path).slice(offset, offset + ci.from.length) !== ci.from) continue;
        addEdit(plan, file.path, replacement(offset, offset + ci.from.length, ci.to));
        count++;
      }
    }
  }
  return count;
}

/** How many leading parts of the chain name the class of `ci` (-1: they do not). */
function classPrefix(resolver: Resolver, file: SourceFile, parts: string[], ci: ClassImport): number {
  if (parts[0] === ci.cls && importsName(resolver, file, ci.module, ci.cls)) return 1;
  for (let k = 1; k < parts.length; k++) {
    if (parts[k] === ci.cls && objectModule(resolver, file, parts.slice(0, k).join(".")) === ci.module) return k + 1;
  }
  return -1;
}

/** The file binds `name` by `from <module> import name` (unaliased or aliased to the same name). */
function importsName(resolver: Resolver, file: SourceFile, module: string, name: string): boolean {
  return file.facts.imports.some(
    (imp) =>
      !imp.commented &&
      imp.kind === "from" &&
      absoluteTarget(resolver, file, imp) === module &&
      imp.names.some((n) => n.name === name && (n.alias ?? n.name) === name),
  );
}
