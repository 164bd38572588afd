/**
 * Pitfall 1 for a split: `mock.patch("pkg.models.f")` replaces the package's `f`, but after the
 * split the code that calls `f` at run time reads its own module's `f`. A patch string is pointed
 * at the new module whose functions read the name, choosing among several readers by what the
 * patching function exercises (`models._note_before_insert(...)` inside the `with` block reads
 * `f` in the module of `_note_before_insert`). When the patching code itself reads the name
 * through the package, or the reader cannot be told, the string is left and reported. Only the
 * files whose own source root reads the name as the split file are looked at: another
 * sub-project's `"pkg.models.f"` patches its own `pkg.models` (root-renames.ts).
 */
import { addEdit, replacement, type EditPlan } from "../../core/edits.js";
import type { Resolver } from "../../project/resolver.js";
import type { RootRenames } from "../shared/root-renames.js";
import { crossModule } from "./cross.js";
import type { SplitModel } from "./model.js";

/**
 * Name → the new modules whose bindings functions read when they run: each reads its own module's
 * binding, except through a function-local import of a sibling name, which reads the defining module's.
 */
export function lazyReadersOf(m: SplitModel, assigned: Map<number, string>): Map<string, Set<string>> {
  const lazyReaders = new Map<string, Set<string>>();
  const needs = crossModule(m, (i) => assigned.get(i) ?? "").needs;
  for (const s of m.statements) {
    const home = assigned.get(s.index);
    if (!home) continue;
    for (const u of s.uses) {
      if (u.kind !== "lazy") continue;
      let set = lazyReaders.get(u.name);
      if (!set) lazyReaders.set(u.name, (set = new Set()));
      const def = m.definer.get(u.name);
      const there = def === undefined ? undefined : assigned.get(def);
      const local = u.fn && there && there !== home && needs.get(home)?.siblings.get(there)?.get(u.name) !== true;
      set.add(local ? there : home);
    }
  }
  return lazyReaders;
}

export function retargetPatchStrings(
  seen: RootRenames,
  resolver: Resolver,
  m: SplitModel,
  module: string,
  assigned: Map<number, string>,
  plan: EditPlan,
  ownPath: string,
): { rewritten: number; ambiguous: string[] } {
  const lazyReaders = lazyReadersOf(m, assigned);
  let rewritten = 0;
  const ambiguous: string[] = [];
  for (const file of resolver.index.files.values()) {
    if (file.path === ownPath || !seen.seesMoved(file.sourceRoot)) continue;
    let text: string | null = null;
    for (const ref of file.facts.stringRefs) {
      if ((ref.kind !== "patch" && ref.kind !== "setattr") || ref.object || !ref.value.startsWith(module + "."))
        continue;
      const rest = ref.value.slice(module.length + 1);
      // `pkg.models.User.save` patches an attribute of a shared object: the same through any module.
      if (rest.includes(".") || !(m.definer.has(rest) || m.imported.has(rest))) continue;
      const readers = [...(lazyReaders.get(rest) ?? [])];
      if (readers.length === 0) continue;
      text ??= resolver.index.readText(file.path);
      const scope = codeOf(enclosingFunction(text, ref.start));
      const viaPackage = new RegExp(`\\.${escape(rest)}\\b`).test(scope);
      const touched = new Set<string>();
      for (const w of scope.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) {
        const d = m.definer.get(w);
        if (d !== undefined && w !== rest) touched.add(assigned.get(d)!);
      }
      const chosen = readers.filter((r) => touched.has(r));
      const target = viaPackage ? null : chosen.length === 1 ? chosen[0] : readers.length === 1 ? readers[0] : null;
      if (!target) {
        ambiguous.push(
          `${file.path}:${ref.line}: patch target ${ref.value} is read at run time in ${readers.map((r) => `${module}.${r}`).join(", ")}${viaPackage ? " and through the package" : ""}; left as is (patch the reader you mean)`,
        );
        continue;
      }
      const literal = text.slice(ref.start, ref.end);
      const at = literal.indexOf(ref.value);
      if (at < 0) {
        ambiguous.push(`${file.path}:${ref.line}: cannot rewrite the escaped string ${literal}`);
        continue;
      }
      addEdit(plan, file.path, replacement(ref.start + at, ref.start + at + module.length, `${module}.${target}`));
      rewritten++;
    }
  }
  return { rewritten, ambiguous };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text of the innermost `def` containing offset (or the whole file at module level). */
function enclosingFunction(text: string, at: number): string {
  const lines = text.split("\n");
  let pos = 0;
  let line = 0;
  while (line < lines.length && pos + lines[line].length < at) {
    pos += lines[line].length + 1;
    line++;
  }
  const indentOf = (l: string) => l.length - l.trimStart().length;
  let start = line;
  while (start >= 0 && !/^\s*(async\s+)?def\s/.test(lines[start])) start--;
  if (start < 0) return text;
  const indent = indentOf(lines[start]);
  let end = start + 1;
  while (end < lines.length && (lines[end].trim() === "" || indentOf(lines[end]) > indent)) end++;
  return lines.slice(start, end).join("\n");
}

/** Code without string literals and comments, so a patch target's own text is not read as a use. */
function codeOf(src: string): string {
  return src.replace(/#[^\n]*|'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, " ");
}
