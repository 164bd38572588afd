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
  for (const [imp, at] of lateStatements(m))
    if (indices[0] < at && renderImport(m.parsed.text, imp, names, deeper)) out.set(at, imp);
  return out;
}

const lateCache = new WeakMap<SplitModel, Map<ImportFact, number>>();

/**
 * Each late import of the module (one below the file's first code) → the index of its statement.
 * Computed once per model: the writer asks for every new module and the facade for every name.
 */
export function lateStatements(m: SplitModel): Map<ImportFact, number> {
  let out = lateCache.get(m);
  if (out) return out;
  out = new Map();
  const firstCode = m.statements.find((s) => isCode(m, s))?.index;
  if (firstCode !== undefined)
    for (const imp of new Set(m.imported.values())) {
      if (imp.context.typeChecking) continue;
      const s = m.statements.find((x) => x.kind === "import" && x.start <= imp.start && imp.end <= x.end);
      if (s && s.index > firstCode) out.set(imp, s.index);
    }
  lateCache.set(m, out);
  return out;
}

/**
 * A clause line of a conditional block (`try:`, `except ImportError:`, `if sys.version_info >= (3, 8):`),
 * `pass`, or a one-line import (the fallback `import json` whose name a first import also binds).
 */
const CLAUSE = /^(try|else|finally)\s*:$|^(except|if|elif)\b.*:$|^pass$|^(import|from)\s[^()]*$/;

/**
 * A statement that runs code of the module: not an import, nor a block that only imports (an
 * optional import's `try:` / `except ImportError:`, a version check) — what is left of such a
 * block once its imports are cut out is clause lines, `pass` and comments. Anywhere in the file:
 * only the first code counts, so a block of imports above it is never the first code.
 */
function isCode(m: SplitModel, s: TopStatement): boolean {
  if (s.kind !== "definition" && s.kind !== "other") return false;
  const text = m.parsed.text;
  if (!/^(try\s*:|if\s)/.test(text.slice(s.start, s.end).replace(/^(\s*#.*\n)*\s*/, ""))) return true;
  const inside = [...new Set(m.imported.values())]
    .filter((imp) => s.start <= imp.start && imp.end <= s.end)
    .sort((a, b) => b.start - a.start);
  let rest = text.slice(s.start, s.end);
  for (const imp of inside) rest = rest.slice(0, imp.start - s.start) + rest.slice(imp.end - s.start);
  return rest
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .some((l) => l !== "" && !CLAUSE.test(l));
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
