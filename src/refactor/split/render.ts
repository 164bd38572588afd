/**
 * Writing the new modules of a split: the `from __future__` lines, exactly the imports each
 * module reads (original imports restricted to the names used, relative ones one level deeper;
 * siblings at runtime or under `if TYPE_CHECKING:`), then the statements verbatim in their
 * original order with their original spacing.
 */
import { applyEdits, type Edit } from "../../core/edits.js";
import type { ImportFact } from "../../python/facts.js";
import { deeperRelative, fromImport, plainImports } from "../../python/import-text.js";
import type { ModuleNeeds } from "./cross.js";
import type { SplitModel } from "./model.js";
import type { TopStatement } from "./statements.js";

/**
 * One import statement restricted to `names` (local names), relative imports re-based `deeper`
 * levels down (1 when `pkg/models.py` becomes `pkg/models/`, 0 when `pkg/__init__.py` is split beside itself).
 */
export function renderImport(text: string, imp: ImportFact, names: Set<string>, deeper = 1): string | null {
  const kept = imp.names.filter((n) => names.has(n.alias ?? (imp.kind === "import" ? n.name.split(".")[0] : n.name)));
  if (kept.length === 0) return null;
  const all = kept.length === imp.names.length;
  if (all && (imp.level === 0 || deeper === 0)) return text.slice(imp.start, imp.end).trim();
  if (imp.kind === "import") return plainImports(kept);
  return fromImport(deeperRelative(imp.level, imp.module, deeper), kept);
}

/** Import lines for a module: original imports it uses, then its siblings. */
export function renderImports(
  m: SplitModel,
  need: ModuleNeeds,
  siblingOrder: string[],
  eol: string,
  deeper = 1,
  inBody: ReadonlySet<ImportFact> = new Set(),
): string[] {
  const text = m.parsed.text;
  const runtime: string[] = [];
  const typeOnly: string[] = [];
  const seen = new Set<ImportFact>();
  for (const name of need.imports) {
    const imp = m.imported.get(name)!;
    if (seen.has(imp)) continue;
    seen.add(imp);
  }
  const facts = [...seen].sort((a, b) => a.start - b.start);
  for (const imp of facts) {
    if (inBody.has(imp)) continue;
    const line = renderImport(text, imp, need.imports, deeper);
    if (line) (imp.context.typeChecking ? typeOnly : runtime).push(line);
  }
  for (const sib of siblingOrder) {
    const names = need.siblings.get(sib);
    if (!names) continue;
    const rt = [...names]
      .filter(([, r]) => r)
      .map(([n]) => n)
      .sort();
    const tc = [...names]
      .filter(([, r]) => !r)
      .map(([n]) => n)
      .sort();
    if (rt.length) runtime.push(fromImport(`.${sib}`, rt));
    if (tc.length) typeOnly.push(fromImport(`.${sib}`, tc));
  }
  if (typeOnly.length && !need.imports.has("TYPE_CHECKING")) runtime.push("from typing import TYPE_CHECKING");
  const out = [...runtime];
  if (typeOnly.length) out.push("", "if TYPE_CHECKING:", ...typeOnly.map((l) => `    ${l}`));
  return out.map((l) => l.replace(/\n/g, eol));
}

/**
 * The late imports a module keeps in its body: an import below the file's first definition is
 * late on purpose (most often the other module imports this one: a circular import), and what
 * the module defined before it must still be bound when it runs. A module that defines something
 * above it keeps it there (statement index → the import restricted to the names it reads); one
 * whose statements all come after it takes it at the top with its other imports.
 */
export function lateImports(m: SplitModel, indices: number[], names: Set<string>, deeper = 1): Map<number, ImportFact> {
  const out = new Map<number, ImportFact>();
  if (indices.length === 0) return out;
  for (const imp of new Set(m.imported.values())) {
    const at = lateStatementOf(m, imp);
    if (at !== null && indices[0] < at && renderImport(m.parsed.text, imp, names, deeper)) out.set(at, imp);
  }
  return out;
}

/** The index of the import's statement when it comes below the file's first code (a late import), else null. */
export function lateStatementOf(m: SplitModel, imp: ImportFact): number | null {
  if (imp.context.typeChecking) return null;
  const firstCode = m.statements.find((s) => isCode(m.parsed.text, s))?.index;
  const s = m.statements.find((x) => x.kind === "import" && x.start <= imp.start && imp.end <= x.end);
  return s && firstCode !== undefined && s.index > firstCode ? s.index : null;
}

/** A statement that runs code of the module: not an import, nor a conditional block of them at the top (an optional import's `try:`). */
function isCode(text: string, s: TopStatement): boolean {
  if (s.kind !== "definition" && s.kind !== "other") return false;
  return !/^(try\s*:|if\s)/.test(text.slice(s.start, s.end).replace(/^(\s*#.*\n)*\s*/, ""));
}

/**
 * The statements of one module, verbatim, with the conversions of their mapper arguments; the
 * late imports it keeps (see lateImports) at their place among them, restricted to `names`.
 */
export function renderBody(
  m: SplitModel,
  indices: number[],
  conversions: Map<number, Edit[]>,
  eol: string,
  late: Map<number, ImportFact> = new Map(),
  names: Set<string> = new Set(),
  deeper = 1,
): string {
  const text = m.parsed.text;
  const out: string[] = [];
  [...indices, ...late.keys()]
    .sort((a, b) => a - b)
    .forEach((i, k) => {
      const s = m.statements[i];
      if (k > 0) {
        const prevEnd = i > 0 ? m.statements[i - 1].end : 0;
        // The blank lines that preceded the statement in the original file.
        out.push(text.slice(prevEnd, s.start));
      }
      const imp = late.get(i);
      if (imp) {
        // Its leading comments travel with it, as a statement's do.
        out.push(text.slice(s.start, imp.start) + renderImport(text, imp, names, deeper)!.replace(/\n/g, eol) + eol);
        return;
      }
      const edits = (conversions.get(i) ?? []).map((e) => ({ ...e, start: e.start - s.start, end: e.end - s.start }));
      let body = applyEdits(text.slice(s.start, s.end), edits);
      if (!body.endsWith("\n")) body += eol;
      out.push(body);
    });
  return out.join("");
}

export function joinModule(head: string[], imports: string[], body: string, eol: string): string {
  const parts: string[] = [];
  if (head.length) parts.push(head.join(eol) + eol);
  if (imports.length) parts.push(imports.join(eol) + eol);
  if (!body) return parts.join(eol);
  return parts.length ? parts.join(eol) + eol + eol + body : body;
}
