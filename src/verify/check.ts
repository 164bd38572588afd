/**
 * `check`: every verification over one index. Used by `remodel check` and, on the planned result
 * in memory, by every refactoring before it writes.
 */
import { timed } from "../core/timing.js";
import { sortProblems, type Problem } from "../core/diagnostics.js";
import { Resolver } from "../project/resolver.js";
import type { ProjectIndex } from "../project/types.js";
import type { ChangeContext, Check, CheckContext } from "./check-contract.js";
import { DefinitionIndex } from "./checks/definitions.js";
import { checks } from "./registry.js";

export interface CheckOptions {
  /** Codes to run (default: all). */
  select?: string[];
  /** Codes not to run. */
  skip?: string[];
}

/** The project-scoped checks of the registry over one index. */
export function runChecks(index: ProjectIndex, opts: CheckOptions = {}): Problem[] {
  return sortProblems(runRegistered(index, "project", opts));
}

/** The change-scoped checks (RM008, RM009): `index` is the project after the change. */
export function runChangeChecks(index: ProjectIndex, change: ChangeContext, opts: CheckOptions = {}): Problem[] {
  return runRegistered(index, "change", opts, change);
}

function runRegistered(index: ProjectIndex, scope: Check["scope"], opts: CheckOptions, change?: ChangeContext): Problem[] {
  const on = (code: string) => (!opts.select || opts.select.includes(code)) && !opts.skip?.includes(code);
  const memo = new Map<string, unknown>();
  let resolver: Resolver | undefined;
  let defs: DefinitionIndex | undefined;
  const ctx: CheckContext = {
    index,
    get resolver() { return (resolver ??= new Resolver(index)); },
    get defs() { return (defs ??= new DefinitionIndex(index)); },
    shared: <T>(key: string, compute: () => T): T => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    change,
  };
  const problems: Problem[] = [];
  for (const check of checks) {
    if (check.scope !== scope || !on(check.code)) continue;
    problems.push(...timed(check.name, () => check.run(ctx)));
  }
  return problems;
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
