/**
 * What crossing module boundaries costs once statements are assigned to modules: which mapper
 * arguments become strings (`relationship(User)` → `relationship("User")`, `ForeignKey(User.id)`
 * → `ForeignKey("users.id")`, Django `ForeignKey(User)` → `ForeignKey("User")`), and which names
 * each new module must import from its siblings (at runtime, or only for type checkers) or keep
 * from the original imports.
 */
import { replacement, type Edit } from "../../core/edits.js";
import type { LocalImportSite, MapperArg } from "./names.js";
import type { SplitModel } from "./model.js";

export interface ModuleNeeds {
  /** Sibling module → name → needed at runtime (false: type checkers only). */
  siblings: Map<string, Map<string, boolean>>;
  /** Names bound by the original module's imports that this module reads. */
  imports: Set<string>;
}

export interface CrossResult {
  /** Per statement index: edits (absolute offsets in the original text) turning mapper arguments into strings. */
  conversions: Map<number, Edit[]>;
  needs: Map<string, ModuleNeeds>;
  /**
   * Per statement index: inserted function-local imports (absolute offsets) for sibling names the
   * statement reads only inside function bodies, so reading them adds no import edge between modules.
   */
  localImports: Map<number, Edit[]>;
  /** Runtime dependencies between modules: from → to → [statement index that needs it, name]. */
  edges: Map<string, Map<string, [number, string][]>>;
}

const KEYWORDS = new Set(["None", "True", "False", "lambda", "and", "or", "not", "in", "is", "if", "else"]);

export function crossModule(m: SplitModel, moduleOf: (stmt: number) => string): CrossResult {
  const conversions = new Map<number, Edit[]>();
  const needs = new Map<string, ModuleNeeds>();
  const edges = new Map<string, Map<string, [number, string][]>>();
  const lazy: LazyRead[] = [];
  for (const s of m.statements) {
    if (s.kind !== "definition" && s.kind !== "other") continue;
    const here = moduleOf(s.index);
    let need = needs.get(here);
    if (!need) needs.set(here, (need = { siblings: new Map(), imports: new Set() }));
    const dropped: [number, number][] = [];
    for (const arg of s.mapperArgs) {
      const text = convertArg(m, arg, here, moduleOf);
      if (text === null) continue;
      const list = conversions.get(s.index) ?? [];
      list.push(replacement(arg.start, arg.end, text));
      conversions.set(s.index, list);
      dropped.push([arg.start, arg.end]);
    }
    for (const u of s.uses) {
      if (dropped.some(([a, b]) => u.start >= a && u.start < b)) continue;
      const def = m.definer.get(u.name);
      if (def === undefined) {
        if (m.imported.has(u.name)) need.imports.add(u.name);
        continue;
      }
      const there = moduleOf(def);
      if (there === here) continue;
      if (u.kind === "lazy" && u.fn) {
        lazy.push({ stmt: s.index, here, there, name: u.name, site: u.fn });
        continue;
      }
      let names = need.siblings.get(there);
      if (!names) need.siblings.set(there, (names = new Map()));
      const runtime = u.kind !== "annotation";
      names.set(u.name, (names.get(u.name) ?? false) || runtime);
      if (runtime) {
        let to = edges.get(here);
        if (!to) edges.set(here, (to = new Map()));
        const why = to.get(there) ?? [];
        why.push([s.index, u.name]);
        to.set(there, why);
      }
    }
  }
  return { conversions, localImports: localImports(m, lazy, needs), needs, edges };
}

interface LazyRead {
  stmt: number;
  here: string;
  there: string;
  name: string;
  site: LocalImportSite;
}

/**
 * One inserted import line per (function, sibling module), names sorted; a name the module imports
 * at runtime at module level anyway needs none.
 */
function localImports(m: SplitModel, lazy: LazyRead[], needs: Map<string, ModuleNeeds>): Map<number, Edit[]> {
  const text = m.parsed.text;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const sites = new Map<number, { stmt: number; site: LocalImportSite; byModule: Map<string, Set<string>> }>();
  for (const r of lazy) {
    if (needs.get(r.here)?.siblings.get(r.there)?.get(r.name) === true) continue;
    let at = sites.get(r.site.at);
    if (!at) sites.set(r.site.at, (at = { stmt: r.stmt, site: r.site, byModule: new Map() }));
    const names = at.byModule.get(r.there) ?? at.byModule.set(r.there, new Set()).get(r.there)!;
    names.add(r.name);
  }
  const out = new Map<number, Edit[]>();
  for (const { stmt, site, byModule } of sites.values()) {
    const indent = text.slice(text.lastIndexOf("\n", site.indentOf - 1) + 1, site.indentOf);
    const lines = [...byModule]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([mod, names]) => `from .${mod} import ${[...names].sort().join(", ")}`);
    const inserted = site.afterDocstring
      ? lines.map((l) => eol + indent + l).join("")
      : lines.map((l) => l + eol + indent).join("");
    const list = out.get(stmt) ?? [];
    list.push(replacement(site.at, site.at, inserted));
    out.set(stmt, list);
  }
  return out;
}

function roots(text: string): string[] {
  return [...text.matchAll(/(?<![.\p{L}\p{N}_])[\p{L}_][\p{L}\p{N}_]*/gu)]
    .map((x) => x[0])
    .filter((n) => !KEYWORDS.has(n));
}

/** The string form of a mapper argument that names a class or table in another module, or null. */
function convertArg(m: SplitModel, arg: MapperArg, here: string, moduleOf: (stmt: number) => string): string | null {
  if (/["'\n\\]/.test(arg.text)) return null;
  const names = roots(arg.text);
  const defs = names.map((n) => m.definer.get(n));
  if (defs.some((d) => d === undefined)) return null;
  if (defs.every((d) => moduleOf(d!) === here)) return null;
  const quote = (s: string) => `"${s}"`;
  if (arg.kind === "relationship" || arg.kind === "django") {
    return names.every((n) => m.models.has(n)) ? quote(arg.text.replace(/\s+/g, "")) : null;
  }
  const target = m.statements[defs[0]!];
  if (arg.kind === "secondary") return target.table ? quote(target.table) : null;
  // foreign-key: `User.id` (a mapped class) or `users.c.id` (a Table)
  const parts = arg.text.replace(/\s+/g, "").split(".");
  if (target.table && parts.length === 3 && parts[1] === "c") return quote(`${target.table}.${parts[2]}`);
  const cls = target.cls;
  if (cls?.tablename && parts.length === 2) {
    const col = cls.columns.get(parts[1]);
    return col ? quote(`${cls.tablename}.${col}`) : null;
  }
  return null;
}
