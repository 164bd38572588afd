/**
 * Strings are references (pitfall 1): `mock.patch("pkg.models.user.f")` must name where `f` is
 * read after a move, or the patch silently stops reaching the code that uses it; SQLAlchemy's
 * module-qualified `relationship("pkg.models.user.User")` must name the class's new `__module__`
 * (pitfall 12). Rewrites every such target a refactoring retargets, and reports
 * `patch.object(module, "f")` on a moved module as ambiguous instead of guessing.
 */
import { addEdit, replacement, type EditPlan } from "../../core/edits.js";
import type { Resolver } from "../../project/resolver.js";
import type { StringRef } from "../../python/facts.js";
import type { SourceFile } from "../../project/types.js";
import { moduleQualifiedNames } from "../../project/qualified-names.js";
import { objectModule } from "../../project/module-roots.js";
import { rootResolvers } from "../../project/own-root.js";

/** String references whose value is a module name: they follow the module itself. */
const MODULE_KINDS = new Set<StringRef["kind"]>(["import_module", "__import__", "tortoise_module"]);

/**
 * `retarget` maps a dotted target (`pkg.mod.f`, `pkg.mod.Cls`) written in `file`; `retargetModule`
 * a module name (`importlib.import_module("pkg.mod")`, Tortoise module lists), by default the same
 * way; `moved` says whether a module name, read in `file`, is a moved module. A file reads names
 * as its own source root sees the project (`resolverFor`, own-root.ts), as check does.
 */
export function retargetStringRefs(
  resolver: Resolver,
  plan: EditPlan,
  retarget: (value: string, file: SourceFile) => string | null,
  moved: (module: string, file: SourceFile) => boolean = () => false,
  retargetModule: (value: string, kind: StringRef["kind"], file: SourceFile) => string | null = (v, _, file) =>
    retarget(v, file),
  resolverFor: (root: string) => Resolver = rootResolvers(resolver),
): { rewritten: number; ambiguous: string[]; refusals: string[] } {
  let rewritten = 0;
  const ambiguous: string[] = [];
  const refusals: string[] = [];
  for (const file of resolver.index.files.values()) {
    let text: string | null = null;
    const own = resolverFor(file.sourceRoot);
    for (const ref of file.facts.stringRefs) {
      const qualifiedClass = ref.kind === "relationship" && ref.value.includes(".");
      if (ref.kind === "relationship_expr") {
        text ??= resolver.index.readText(file.path);
        rewritten += retargetExpression(own, plan, file.path, text, ref, (v) => retarget(v, file), ambiguous);
        continue;
      }
      const moduleName = MODULE_KINDS.has(ref.kind);
      if (
        ref.kind !== "patch" &&
        ref.kind !== "setattr" &&
        ref.kind !== "patch.object" &&
        !qualifiedClass &&
        !moduleName
      )
        continue;
      if (ref.object) {
        const mod = objectModule(own, file, ref.object);
        if (mod && moved(mod, file)) {
          const site = `${file.path}:${ref.line}: ${ref.callee}(${ref.object}, "${ref.value}")`;
          const reader = readerOf(own, mod, ref.value);
          if (reader)
            refusals.push(
              `${site} would stop patching the code that calls ${ref.value} (${reader}): patch the module that now defines it`,
            );
          else ambiguous.push(`${site} patches the re-exported name; code in the moved module keeps the original`);
        }
        continue;
      }
      const next = moduleName ? retargetModule(ref.value, ref.kind, file) : retarget(ref.value, file);
      if (next === null || next === ref.value) continue;
      text ??= resolver.index.readText(file.path);
      const literal = text.slice(ref.start, ref.end);
      const at = literal.indexOf(ref.value);
      if (at < 0) {
        ambiguous.push(`${file.path}:${ref.line}: cannot rewrite the escaped string ${literal}`);
        continue;
      }
      addEdit(plan, file.path, replacement(ref.start + at, ref.start + at + ref.value.length, next));
      rewritten++;
    }
  }
  return { rewritten, ambiguous, refusals };
}

/**
 * Where the moved module's own code reads `name` (`path:line`), if it does: that code looks the
 * name up in its own globals, which a patch on the old module object no longer reaches.
 */
export function readerOf(resolver: Resolver, module: string, name: string): string | null {
  const file = resolver.module(module)?.file;
  if (!file || !/^[A-Za-z_]\w*$/.test(name)) return null;
  const text = resolver.index.readText(file.path);
  const own = new Set(file.facts.bindings.filter((b) => b.name === name).map((b) => b.line));
  const lines = text.split("\n");
  const rx = new RegExp(`(?<![\\w.])${name}\\b(?!\\s*=[^=])`);
  for (let i = 0; i < lines.length; i++) {
    const code = lines[i].replace(/#.*$/, "");
    if (own.has(i + 1) || !rx.test(code)) continue;
    return `${file.path}:${i + 1}`;
  }
  return null;
}

/** Rewrites each module-qualified class inside a relationship() expression string; returns how many. */
function retargetExpression(
  resolver: Resolver,
  plan: EditPlan,
  path: string,
  text: string,
  ref: StringRef,
  retarget: (value: string) => string | null,
  ambiguous: string[],
): number {
  const literal = text.slice(ref.start, ref.end);
  const at = literal.indexOf(ref.value);
  let count = 0;
  for (const q of moduleQualifiedNames(resolver, ref.value)) {
    const old = `${q.module}.${q.name}`;
    const next = retarget(old);
    if (next === null || next === old) continue;
    if (at < 0) {
      ambiguous.push(`${path}:${ref.line}: cannot rewrite the escaped string ${literal}`);
      return count;
    }
    addEdit(plan, path, replacement(ref.start + at + q.start, ref.start + at + q.end, next));
    count++;
  }
  return count;
}
