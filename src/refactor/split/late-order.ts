/**
 * The order in which the facade imports the new modules when the file had late imports (see
 * lateImports). The other half of a circular import reads names of the package while it is
 * half-built: every name defined above a late import must be bound in the facade before any new
 * module runs that import. A module that runs one (itself, or through a sibling it imports at
 * run time) and needs names another module holds is imported after `__all__`, with the facade's
 * own late imports, in layers an import sorter keeps apart; when no order works the split is refused.
 */
import type { ImportFact } from "../../python/facts.js";
import type { ModuleNeeds } from "./cross.js";
import type { SplitModel } from "./model.js";
import { lateStatements, renderImport } from "./render.js";

/** One line (or group of lines) the facade runs after `__all__`: a new module's import, or a late import of its own. */
export type LateNode = { kind: "module"; name: string } | { kind: "import"; imp: ImportFact; at: number };

export type LateOrder = { late: Set<string>; layers: LateNode[][] } | { error: string };

export function facadeLateOrder(
  m: SplitModel,
  modules: string[],
  assigned: Map<number, string>,
  needs: Map<string, ModuleNeeds>,
  facadeImports: ImportFact[],
  deeper: number,
  firstParty: (imp: ImportFact) => boolean,
): LateOrder {
  const lateAt = lateStatements(m);
  const text = m.parsed.text;
  // Only a module of the project can import the package back (a late `from datetime import datetime` cannot).
  const comesBack = [...lateAt.keys()].filter(firstParty);
  const runs = new Map<string, Set<ImportFact>>();
  for (const mod of modules) {
    const names = needs.get(mod)?.imports ?? new Set<string>();
    runs.set(mod, new Set(comesBack.filter((imp) => renderImport(text, imp, names, deeper))));
  }
  const closure = new Map(modules.map((mod) => [mod, runtimeClosure(mod, needs)]));
  const holders = (imp: ImportFact) =>
    new Set(
      m.statements
        .filter((s) => s.index < lateAt.get(imp)! && assigned.has(s.index))
        .map((s) => assigned.get(s.index)!),
    );
  const deps = new Map<string, Set<string>>();
  for (const mod of modules) {
    const need = new Set<string>();
    for (const x of closure.get(mod)!)
      for (const imp of runs.get(x)!)
        for (const h of holders(imp)) {
          if (h === mod) continue;
          // Importing `h` already runs the import, before the facade has bound the names `h` holds.
          if (closure.get(h)!.has(mod))
            return {
              error: `the late import '${firstLine(text, imp)}' (line ${lineOf(text, imp)}) cannot stay late: module '${h}' holds code above it and imports '${mod}', which runs it; put them in one module`,
            };
          need.add(h);
        }
    if (need.size) deps.set(mod, need);
  }
  const late = new Set(deps.keys());
  const nodes: { node: LateNode; after: Set<string>; key: string; at: number }[] = [
    ...[...late].map((name) => ({
      node: { kind: "module", name } as LateNode,
      after: new Set([...deps.get(name)!].filter((h) => late.has(h))),
      key: name,
      at: Math.min(...m.statements.filter((s) => assigned.get(s.index) === name).map((s) => s.index)),
    })),
    ...facadeImports.map((imp) => ({
      node: { kind: "import", imp, at: lateAt.get(imp)! } as LateNode,
      after: new Set([...holders(imp)].filter((h) => late.has(h))),
      key: `import@${imp.start}`,
      at: lateAt.get(imp)!,
    })),
  ];
  const layers: LateNode[][] = [];
  const placed = new Set<string>();
  let left = nodes;
  while (left.length) {
    const ready = left.filter((n) => [...n.after].every((h) => placed.has(h)));
    if (ready.length === 0) {
      const stuck = left.filter((n) => n.node.kind === "module").map((n) => n.key);
      const imp = comesBack.find((i) => stuck.some((s) => runs.get(s)!.has(i)))!;
      return {
        error: `the late import '${firstLine(text, imp)}' (line ${lineOf(text, imp)}) cannot stay late: modules ${stuck.map((s) => `'${s}'`).join(", ")} each need the other's names bound first; put them in one module`,
      };
    }
    ready.sort((a, b) => a.at - b.at);
    layers.push(ready.map((n) => n.node));
    for (const n of ready) placed.add(n.key);
    left = left.filter((n) => !ready.includes(n));
  }
  return { late, layers };
}

/** The module and every sibling it imports at run time, transitively (what importing it executes). */
function runtimeClosure(mod: string, needs: Map<string, ModuleNeeds>): Set<string> {
  const seen = new Set<string>([mod]);
  const todo = [mod];
  while (todo.length) {
    const x = todo.pop()!;
    for (const [sib, names] of needs.get(x)?.siblings ?? [])
      if (!seen.has(sib) && [...names.values()].some((runtime) => runtime)) {
        seen.add(sib);
        todo.push(sib);
      }
  }
  return seen;
}

const firstLine = (text: string, imp: ImportFact) => text.slice(imp.start, imp.end).trim().split("\n")[0];
const lineOf = (text: string, imp: ImportFact) => text.slice(0, imp.start).split("\n").length;
