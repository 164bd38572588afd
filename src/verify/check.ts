/**
 * `check`: every verification over one index. Used by `remodel check` and, on the planned result
 * in memory, by every refactoring before it writes.
 */
import { timed } from "../core/timing.js";
import { sortProblems, type Problem } from "../core/diagnostics.js";
import { Resolver } from "../project/resolver.js";
import type { ProjectIndex } from "../project/types.js";
import { checkAttributes } from "./checks/attributes.js";
import { checkCycles } from "./checks/cycles.js";
import { DefinitionIndex } from "./checks/definitions.js";
import { checkDunderAll } from "./checks/dunder-all.js";
import { checkImports } from "./checks/imports.js";
import { checkStringRefs } from "./checks/string-refs.js";
import { checkAlembicHeads } from "./checks/alembic-heads.js";

export interface CheckOptions {
  /** Codes to run (default: all). */
  select?: string[];
  /** Codes not to run. */
  skip?: string[];
}

export function runChecks(index: ProjectIndex, opts: CheckOptions = {}): Problem[] {
  const resolver = new Resolver(index);
  const defs = new DefinitionIndex(index);
  const on = (code: string) => (!opts.select || opts.select.includes(code)) && !opts.skip?.includes(code);
  const problems: Problem[] = [];
  if (on("RM100")) {
    for (const w of index.warnings) problems.push({ code: "RM100", path: w.path, line: w.line, column: w.column, message: w.message });
  }
  if (on("RM001") || on("RM002")) problems.push(...timed("imports", () => checkImports(resolver, defs)).filter((p) => on(p.code)));
  if (on("RM003")) problems.push(...timed("attributes", () => checkAttributes(resolver)));
  if (on("RM004")) problems.push(...timed("dunder-all", () => checkDunderAll(resolver)));
  if (on("RM005")) problems.push(...timed("string-refs", () => checkStringRefs(resolver, defs)));
  if (on("RM006")) problems.push(...timed("cycles", () => checkCycles(resolver)));
  if (on("RM007")) problems.push(...timed("alembic-heads", () => checkAlembicHeads(index)));
  return sortProblems(problems);
}

/** A problem's identity across runs: lines move, code and message do not. */
export function baselineKey(p: Problem): string {
  return `${p.code}\0${p.path}\0${p.message}`;
}

/** Problems not in the baseline (counting duplicates: two identical problems need two baseline entries). */
export function newProblems(problems: Problem[], baseline: Problem[]): Problem[] {
  const left = new Map<string, number>();
  for (const b of baseline) left.set(baselineKey(b), (left.get(baselineKey(b)) ?? 0) + 1);
  return problems.filter((p) => {
    const n = left.get(baselineKey(p)) ?? 0;
    if (n > 0) { left.set(baselineKey(p), n - 1); return false; }
    return true;
  });
}
