/**
 * Compares the scanner's ModuleFacts with the tree-sitter reference (reference-facts.ts) and
 * names each disagreement by class, so a run over a corpus can be summarised.
 */
import type { ModuleFacts } from "../../src/python/facts.js";
import type { ReferenceFacts } from "./reference-facts.js";

export interface Disagreement {
  /** A stable class name, e.g. `import missing`, `import.context`, `binding extra`. */
  kind: string;
  line: number;
  detail: string;
}

/** Every difference between the scanner's facts and the reference for one file. */
export function compareFacts(facts: ModuleFacts, ref: ReferenceFacts): Disagreement[] {
  const out: Disagreement[] = [];
  compareImports(facts, ref, out);
  compareBindings(facts, ref, out);
  compareClasses(facts, ref, out);
  if (facts.hasGetattr !== ref.hasGetattr)
    out.push({ kind: "hasGetattr", line: 0, detail: `scanner ${facts.hasGetattr}, tree-sitter ${ref.hasGetattr}` });
  if (ref.hasError && facts.warnings.length === 0)
    out.push({
      kind: "syntax error not warned",
      line: 0,
      detail: "tree-sitter finds an error, the scanner warns of none",
    });
  if (!ref.hasError && facts.warnings.length > 0) {
    const w = facts.warnings[0];
    out.push({ kind: "warning on valid file", line: w.line, detail: w.message });
  }
  return out;
}

function compareImports(facts: ModuleFacts, ref: ReferenceFacts, out: Disagreement[]): void {
  const mine = new Map(facts.imports.filter((i) => !i.commented).map((i) => [i.start, i]));
  for (const r of ref.imports) {
    const m = mine.get(r.start);
    if (!m) {
      out.push({ kind: "import missing", line: r.line, detail: `${r.kind} level=${r.level} module=${r.module}` });
      continue;
    }
    mine.delete(r.start);
    const fields = ["kind", "level", "module", "moduleStart", "moduleEnd", "star", "end", "lazy"] as const;
    for (const f of fields) {
      if (m[f] !== r[f])
        out.push({
          kind: `import.${f}`,
          line: r.line,
          detail: `scanner ${JSON.stringify(m[f])}, tree-sitter ${JSON.stringify(r[f])}`,
        });
    }
    const names = (xs: { name: string; alias: string | null; start: number; end: number }[]) =>
      JSON.stringify(xs.map((n) => [n.name, n.alias, n.start, n.end]));
    if (names(m.names) !== names(r.names))
      out.push({
        kind: "import.names",
        line: r.line,
        detail: `scanner ${names(m.names)}, tree-sitter ${names(r.names)}`,
      });
    for (const k of Object.keys(r.context) as (keyof typeof r.context)[]) {
      if (m.context[k] !== r.context[k])
        out.push({
          kind: `import.context.${k}`,
          line: r.line,
          detail: `scanner ${m.context[k]}, tree-sitter ${r.context[k]}`,
        });
    }
  }
  for (const m of mine.values())
    out.push({ kind: "import extra", line: m.line, detail: `${m.kind} level=${m.level} module=${m.module}` });
}

function compareBindings(facts: ModuleFacts, ref: ReferenceFacts, out: Disagreement[]): void {
  const key = (b: { name: string; line: number; column: number }) => `${b.name}@${b.line}:${b.column}`;
  const mine = new Map(facts.bindings.map((b) => [key(b), b]));
  for (const r of ref.bindings) {
    const m = mine.get(key(r));
    if (!m) {
      out.push({ kind: `binding missing (${r.kind})`, line: r.line, detail: r.name });
      continue;
    }
    mine.delete(key(r));
    if (m.kind !== r.kind)
      out.push({ kind: "binding.kind", line: r.line, detail: `${r.name}: scanner ${m.kind}, tree-sitter ${r.kind}` });
    if (m.conditional !== r.conditional)
      out.push({ kind: "binding.conditional", line: r.line, detail: `${r.name}: scanner ${m.conditional}` });
    if (Boolean(m.typeOnly) !== r.typeOnly)
      out.push({ kind: "binding.typeOnly", line: r.line, detail: `${r.name}: scanner ${Boolean(m.typeOnly)}` });
  }
  for (const m of mine.values()) out.push({ kind: `binding extra (${m.kind})`, line: m.line, detail: m.name });
}

function compareClasses(facts: ModuleFacts, ref: ReferenceFacts, out: Disagreement[]): void {
  const show = (c: { name: string; bases: string[]; keywords: Record<string, string>; line: number }) =>
    JSON.stringify([c.name, c.line, c.bases, Object.entries(c.keywords).sort()]);
  const mine = new Set(facts.classes.map(show));
  const theirs = new Set(ref.classes.map(show));
  for (const c of ref.classes)
    if (!mine.has(show(c))) out.push({ kind: "class differs", line: c.line, detail: `tree-sitter ${show(c)}` });
  for (const c of facts.classes)
    if (!theirs.has(show(c))) out.push({ kind: "class differs", line: c.line, detail: `scanner ${show(c)}` });
}
