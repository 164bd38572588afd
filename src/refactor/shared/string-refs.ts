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
import { moduleQualifiedNames } from "../../project/qualified-names.js";
import { objectModule } from "../../project/module-roots.js";

export function retargetStringRefs(
  resolver: Resolver, plan: EditPlan, retarget: (value: string) => string | null, movedModules: string[] = [],
): { rewritten: number; ambiguous: string[] } {
  let rewritten = 0;
  const ambiguous: string[] = [];
  for (const file of resolver.index.files.values()) {
    let text: string | null = null;
    for (const ref of file.facts.stringRefs) {
      const qualifiedClass = ref.kind === "relationship" && ref.value.includes(".");
      if (ref.kind === "relationship_expr") {
        text ??= resolver.index.readText(file.path);
        rewritten += retargetExpression(resolver, plan, file.path, text, ref, retarget, ambiguous);
        continue;
      }
      if (ref.kind !== "patch" && ref.kind !== "setattr" && ref.kind !== "patch.object" && !qualifiedClass) continue;
      if (ref.object) {
        const mod = objectModule(resolver, file, ref.object);
        if (mod && movedModules.includes(mod)) ambiguous.push(`${file.path}:${ref.line}: ${ref.callee}(${ref.object}, "${ref.value}") patches the re-exported name; code in the moved module keeps the original`);
        continue;
      }
      const next = retarget(ref.value);
      if (next === null || next === ref.value) continue;
      text ??= resolver.index.readText(file.path);
      const literal = text.slice(ref.start, ref.end);
      const at = literal.indexOf(ref.value);
      if (at < 0) { ambiguous.push(`${file.path}:${ref.line}: cannot rewrite the escaped string ${literal}`); continue; }
      addEdit(plan, file.path, replacement(ref.start + at, ref.start + at + ref.value.length, next));
      rewritten++;
    }
  }
  return { rewritten, ambiguous };
}

/** Rewrites each module-qualified class inside a relationship() expression string; returns how many. */
function retargetExpression(
  resolver: Resolver, plan: EditPlan, path: string, text: string, ref: StringRef, retarget: (value: string) => string | null, ambiguous: string[],
): number {
  const literal = text.slice(ref.start, ref.end);
  const at = literal.indexOf(ref.value);
  let count = 0;
  for (const q of moduleQualifiedNames(resolver, ref.value)) {
    const old = `${q.module}.${q.name}`;
    const next = retarget(old);
    if (next === null || next === old) continue;
    if (at < 0) { ambiguous.push(`${path}:${ref.line}: cannot rewrite the escaped string ${literal}`); return count; }
    addEdit(plan, path, replacement(ref.start + at + q.start, ref.start + at + q.end, next));
    count++;
  }
  return count;
}
