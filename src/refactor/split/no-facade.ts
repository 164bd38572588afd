/**
 * `split --no-facade`: importers name the new modules directly. `from app.models import User,
 * Asset` becomes `from app.models.user import User` and `from app.models.asset import Asset`
 * (relative imports stay relative, aliases and indentation kept); names the old module only
 * re-exported from elsewhere keep coming from the package. What cannot be rewritten as an import
 * (attribute reads `models.User`, star imports, patch strings) is still served by `__init__.py`.
 */
import { stringOrm } from "./statements.js";
import { addEdit, replacement, type EditPlan } from "../../core/edits.js";
import type { ImportFact } from "../../python/facts.js";
import { fromImport, importedName } from "../../python/import-text.js";
import type { Resolver } from "../../project/resolver.js";
import { absoluteTarget } from "../shared/relative.js";
import type { RootRenames } from "../shared/root-renames.js";
import type { SplitModel } from "./model.js";

export interface NoFacadeResult {
  rewritten: number;
  /** Names some importer still reads from the package (kept in `__init__`). */
  stillExported: Set<string>;
}

/** `seen`: which files read `module` as the split file, each as its own source root sees it. */
export function rewriteImporters(
  seen: RootRenames,
  resolver: Resolver,
  m: SplitModel,
  module: string,
  assigned: Map<number, string>,
  plan: EditPlan,
  ownPath: string,
  exports: string[],
): NoFacadeResult {
  const homeOf = (name: string): string | null => {
    const d = m.definer.get(name);
    return d === undefined ? null : (assigned.get(d) ?? null);
  };
  let rewritten = 0;
  const imported = new Set<string>();
  const kept = new Set<string>();
  for (const file of resolver.index.files.values()) {
    if (file.path === ownPath || !seen.seesMoved(file.sourceRoot)) continue;
    const own = seen.resolverFor(file.sourceRoot);
    let text: string | null = null;
    for (const imp of file.facts.imports) {
      if (imp.commented || imp.kind !== "from" || imp.star || absoluteTarget(own, file, imp) !== module) continue;
      text ??= resolver.index.readText(file.path);
      const groups = new Map<string, string[]>();
      for (const n of imp.names) {
        const home = homeOf(n.name);
        const key = home ?? "";
        if (home) imported.add(n.name);
        else kept.add(n.name);
        const list = groups.get(key) ?? [];
        list.push(importedName(n));
        groups.set(key, list);
      }
      if (!groups.size || (groups.size === 1 && groups.has(""))) continue;
      const from = text.slice(imp.moduleStart, imp.moduleEnd);
      const indent = indentOf(text, imp.start);
      const lines = [...groups].map(([home, names]) => fromImport(home ? `${from}.${home}` : from, names));
      addEdit(plan, file.path, replacement(imp.start, imp.end, lines.join(`\n${indent}`)));
      rewritten++;
    }
  }
  // Every exported name no rewritten import accounts for is still read through the package
  // (attribute reads, star imports, strings, or imports the rewrite left alone), and so is every
  // model an ORM finds by walking the package's namespace.
  const found = foundByNamespace(m);
  const stillExported = new Set(
    exports.filter((n) => !imported.has(n) || kept.has(n) || found.has(n) || readOtherwise(seen, resolver, module, n)),
  );
  return { rewritten, stillExported };
}

/**
 * Tortoise registers the models of each module its config lists (`Tortoise.init(modules=...)`,
 * often in settings or the environment, out of our sight) by walking `dir(module)`: importing the
 * new modules is not enough, the package itself must bind every model.
 */
function foundByNamespace(m: SplitModel): Set<string> {
  return stringOrm(m.parsed.text) === "tortoise" ? new Set(m.models.keys()) : new Set();
}

function indentOf(text: string, at: number): string {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, at))![0];
}

/** Read as `pkg.models.Name`, star-imported, or named by a string: an import rewrite cannot serve it. */
function readOtherwise(seen: RootRenames, resolver: Resolver, module: string, name: string): boolean {
  for (const file of resolver.index.files.values()) {
    const reads = seen.seesMoved(file.sourceRoot);
    const own = seen.resolverFor(file.sourceRoot);
    if (
      reads &&
      file.facts.imports.some((i: ImportFact) => i.star && !i.commented && absoluteTarget(own, file, i) === module)
    )
      return true;
    if (file.facts.attributeRefs.some((r) => r.chain.endsWith(`.${name}`) || r.chain.includes(`.${name}.`)))
      return true;
    if (
      reads &&
      file.facts.stringRefs.some((r) => r.value === `${module}.${name}` || r.value.startsWith(`${module}.${name}.`))
    )
      return true;
  }
  return false;
}
