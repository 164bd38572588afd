/**
 * With `--keep-facade`, `mock.patch("shop.mailer.send")` patches the facade's re-export. Code in the
 * moved module looks `send` up in its own globals, so the patch silently stops reaching it; code
 * that reads `mailer.send` through the facade module object is still reached. One string can target
 * only one of the two modules:
 * - only the moved code reads the name: the string is retargeted to the new module;
 * - only importers read it through the facade: the string stays;
 * - both: no single target reaches both readers, so the move is refused.
 * A target below a module-level name (`shop.mailer.Mailer.send`) patches an object the facade
 * shares, and needs nothing.
 */
import { addEdit, replacement, type EditPlan } from "../../core/edits.js";
import { objectModule } from "../../project/module-roots.js";
import type { Resolver } from "../../project/resolver.js";
import type { RootRenames } from "../shared/root-renames.js";
import { readerOf } from "../shared/string-refs.js";

export interface FacadePatches {
  rewritten: number;
  refusals: string[];
}

/**
 * `seen` gives, per source root, each moved module's old dotted name and its new one (a file's
 * string names what its own root sees: root-renames.ts); `movedFiles` are the moved files.
 */
export function retargetFacadePatches(
  resolver: Resolver,
  plan: EditPlan,
  seen: RootRenames,
  movedFiles: ReadonlySet<string>,
): FacadePatches {
  let rewritten = 0;
  const refusals: string[] = [];
  for (const file of resolver.index.files.values()) {
    const renames = seen.renamesFor(file.sourceRoot);
    if (renames.size === 0) continue;
    const own = seen.resolverFor(file.sourceRoot);
    const moved = [...renames.keys()].sort((a, b) => b.length - a.length);
    for (const ref of file.facts.stringRefs) {
      if ((ref.kind !== "patch" && ref.kind !== "setattr") || ref.object) continue;
      const module = moved.find((m) => ref.value.startsWith(m + "."));
      if (!module) continue;
      const name = ref.value.slice(module.length + 1);
      if (name.includes(".")) continue;
      const reader = readerOf(own, module, name);
      if (!reader) continue;
      const site = `${file.path}:${ref.line}: ${ref.callee}("${ref.value}")`;
      const throughFacade = facadeReader(resolver, seen, movedFiles, module, name);
      if (throughFacade) {
        refusals.push(
          `${site} reaches both the moved code (${reader}) and ${throughFacade} through the facade; one target cannot reach both: patch both modules, or move without --keep-facade`,
        );
        continue;
      }
      const text = resolver.index.readText(file.path);
      const at = text.slice(ref.start, ref.end).indexOf(module);
      if (at < 0) {
        refusals.push(`${site}: cannot rewrite the escaped string`);
        continue;
      }
      addEdit(plan, file.path, replacement(ref.start + at, ref.start + at + module.length, renames.get(module)!));
      rewritten++;
    }
  }
  return { rewritten, refusals };
}

/**
 * Where code outside the moved modules reads `module.name` through a module object (`path:line`),
 * in the files whose root sees `module` as the moved one.
 */
function facadeReader(
  resolver: Resolver,
  seen: RootRenames,
  movedFiles: ReadonlySet<string>,
  module: string,
  name: string,
): string | null {
  for (const file of resolver.index.files.values()) {
    if (movedFiles.has(file.path) || !seen.renamesFor(file.sourceRoot).has(module)) continue;
    const own = seen.resolverFor(file.sourceRoot);
    for (const ref of file.facts.attributeRefs) {
      const parts = ref.chain.split(".");
      for (let i = 1; i < parts.length; i++) {
        if (parts[i] !== name) continue;
        if (objectModule(own, file, parts.slice(0, i).join(".")) === module) return `${file.path}:${ref.line}`;
      }
    }
  }
  return null;
}
