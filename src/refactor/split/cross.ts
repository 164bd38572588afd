/**
 * What crossing module boundaries costs once statements are assigned to modules: which mapper
 * arguments become strings (`relationship(User)` → `relationship("User")`, `ForeignKey(User.id)`
 * → `ForeignKey("users.id")`, Django `ForeignKey(User)` → `ForeignKey("User")`), and which names
 * each new module must import from its siblings (at runtime, or only for type checkers) or keep
 * from the original imports.
 */
import { replacement, type Edit } from "../../core/edits.js";
import type { MapperArg } from "./names.js";
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
  /** Runtime dependencies between modules: from → to → [statement index that needs it, name]. */
  edges: Map<string, Map<string, [number, string][]>>;
}

const KEYWORDS = new Set(["None", "True", "False", "lambda", "and", "or", "not", "in", "is", "if", "else"]);

export function crossModule(m: SplitModel, moduleOf: (stmt: number) => string): CrossResult {
  const conversions = new Map<number, Edit[]>();
  const needs = new Map<string, ModuleNeeds>();
  const edges = new Map<string, Map<string, [number, string][]>>();
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
  return { conversions, needs, edges };
}

function roots(text: string): string[] {
  return [...text.matchAll(/(?<![.\p{L}\p{N}_])[\p{L}_][\p{L}\p{N}_]*/gu)].map((x) => x[0]).filter((n) => !KEYWORDS.has(n));
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
