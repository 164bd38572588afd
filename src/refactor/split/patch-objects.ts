/**
 * Pitfall 1 for a split, object form: `patch.object(models, "User")` (or
 * `monkeypatch.setattr(app.models, "User", fake)`) replaces the attribute of the module object.
 * Before the split that was the very binding the module's functions read; after it, the package
 * `__init__` holds a re-export and each new module reads its own binding, so the patch no longer
 * reaches them. No string can be rewritten to fix that (the object is an expression, and which
 * reader the test means is a guess), so each such patch is reported with its place, as
 * `remodel move` does, and left as is. The object is read as the patching file's own source root
 * sees it: another sub-project's `models` of the same name is not the split module.
 */
import type { Resolver } from "../../project/resolver.js";
import type { RootRenames } from "../shared/root-renames.js";
import type { SplitModel } from "./model.js";
import { lazyReadersOf } from "./patch-targets.js";

export function reportPatchObjects(
  seen: RootRenames,
  resolver: Resolver,
  m: SplitModel,
  module: string,
  assigned: Map<number, string>,
  ownPath: string,
): string[] {
  const readers = lazyReadersOf(m, assigned);
  const out: string[] = [];
  for (const file of resolver.index.files.values()) {
    if (file.path === ownPath || !seen.seesMoved(file.sourceRoot)) continue;
    const own = seen.resolverFor(file.sourceRoot);
    for (const ref of file.facts.stringRefs) {
      if ((ref.kind !== "patch.object" && ref.kind !== "setattr") || !ref.object) continue;
      // Only names of the split module change where they are read; anything else is untouched.
      if (!m.definer.has(ref.value) && !m.imported.has(ref.value)) continue;
      if (own.resolveDottedModule(file.module, ref.object) !== module) continue;
      out.push(
        describe(file.path, ref.line, `${ref.callee}(${ref.object}, "${ref.value}")`, module, ref.value, [
          ...(readers.get(ref.value) ?? []),
        ]),
      );
    }
  }
  return out;
}

function describe(path: string, line: number, call: string, module: string, name: string, readers: string[]): string {
  const head = `${path}:${line}: ${call} patches the package attribute ${module}.${name}`;
  if (readers.length === 0) {
    return `${head}; no new module reads ${name} when it runs, so only code reading it through the package sees the patch; left as is (check that is all the test needs)`;
  }
  const mods = readers.map((r) => `${module}.${r}`);
  return `${head}, but ${mods.join(", ")} ${readers.length === 1 ? "reads its" : "read their"} own binding when ${readers.length === 1 ? "it runs" : "they run"}, so the patch no longer reaches ${readers.length === 1 ? "it" : "them"}; ambiguous, left as is (patch the module you mean, e.g. ${call.replace(/\(.*$/, "")}(${mods[0]}, "${name}"))`;
}
