/**
 * Why a plan makes new modules import each other at run time, and what to do about it. Every
 * statement that reads across the cycle is named with its line and the name it reads. The
 * suggestion is tried before it is given: the split is re-planned in memory with the change, and
 * only a change that leaves no cycle is suggested. In order of preference: move a helper the cycle
 * reads (a function, constant, table or enum; not a model) to a common module such as base; else
 * put the statements involved in one module; else merge the modules.
 */
import { crossModule, type CrossResult } from "./cross.js";
import type { SplitModel } from "./model.js";
import { findCycle } from "./plan-split.js";

interface Crossing {
  from: string;
  to: string;
  reader: number;
  name: string;
  definer: number;
}

export function describeCycle(
  m: SplitModel,
  cross: CrossResult,
  cycle: string[],
  assigned: Map<number, string>,
  modules: string[],
): string {
  const crossings = crossingsOf(m, cross, cycle);
  const lines: string[] = [`the plan makes modules ${cycle.join(", ")} import each other at runtime:`];
  for (const c of crossings)
    lines.push(
      `  ${c.from} -> ${c.to}: line ${m.statements[c.reader].line} (${m.statements[c.reader].label}) reads ${c.name}`,
    );
  lines.push(`suggestion: ${suggest(m, crossings, cycle, assigned, modules)}`);
  return lines.join("\n");
}

/** Each (statement, name) that makes one cycle module import another, once, in cycle order. */
function crossingsOf(m: SplitModel, cross: CrossResult, cycle: string[]): Crossing[] {
  const out: Crossing[] = [];
  const seen = new Set<string>();
  for (const from of cycle) {
    for (const [to, why] of cross.edges.get(from) ?? []) {
      if (!cycle.includes(to)) continue;
      for (const [reader, name] of why) {
        const key = `${reader}\0${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ from, to, reader, name, definer: m.definer.get(name)! });
      }
    }
  }
  return out;
}

function suggest(
  m: SplitModel,
  crossings: Crossing[],
  cycle: string[],
  assigned: Map<number, string>,
  modules: string[],
): string {
  const neither = cycle.length === 2 ? `neither ${cycle[0]} nor ${cycle[1]}` : `none of ${cycle.join(", ")}`;
  const helpers = [...new Set(crossings.map((c) => c.definer))]
    .filter((d) => m.roles[d] !== "model")
    .sort((a, b) => a - b);
  // A common module outside the cycle that the cycle modules may import: base when it works, else a new one.
  const commons = [...(modules.includes("base") && !cycle.includes("base") ? ["base"] : []), NEW_MODULE];
  for (const common of commons) {
    const movable = helpers.filter((h) => !cyclic(m, moveTo(assigned, [h], common)));
    if (movable.length) {
      return `move the helper ${movable.map((h) => `${m.statements[h].label} (line ${m.statements[h].line})`).join(" or ")} to ${describeCommon(common)}, which imports ${neither}`;
    }
    if (helpers.length > 1 && !cyclic(m, moveTo(assigned, helpers, common))) {
      return `move the helpers ${helpers.map((h) => m.statements[h].label).join(", ")} together to ${describeCommon(common)}, which imports ${neither}`;
    }
  }
  const involved = [...new Set(crossings.flatMap((c) => [c.reader, c.definer]))].sort((a, b) => a - b);
  const labels = involved.map((i) => m.statements[i].label).join(", ");
  const why = helpers.length
    ? "no helper they read can move out on its own, since each reads back into the cycle"
    : "they read each other's models at run time";
  for (const target of cycle) {
    if (!cyclic(m, moveTo(assigned, involved, target)))
      return `${why}: put ${labels} in one module (for example ${target})`;
  }
  return `${why}: merge the modules ${cycle.join(", ")} into one`;
}

/** A module name no plan can hold, standing for a module the user would add. */
const NEW_MODULE = "\0new";

function describeCommon(module: string): string {
  return module === NEW_MODULE ? "a new common module" : `a common module such as ${module}`;
}

function moveTo(assigned: Map<number, string>, statements: number[], target: string): Map<number, string> {
  const next = new Map(assigned);
  for (const s of statements) next.set(s, target);
  return next;
}

function cyclic(m: SplitModel, assigned: Map<number, string>): boolean {
  const cross = crossModule(m, (i) => assigned.get(i)!);
  return findCycle(new Map([...cross.edges].map(([k, v]) => [k, [...v.keys()]]))) !== null;
}
