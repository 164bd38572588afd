/**
 * `check`: every verification over one index. Used by `remodel check` and, on the planned result
 * in memory, by every refactoring before it writes.
 */
import { timed } from "../core/timing.js";
import { sortProblems, type Problem } from "../core/diagnostics.js";
import { rootResolvers } from "../project/own-root.js";
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

function runRegistered(
  index: ProjectIndex,
  scope: Check["scope"],
  opts: CheckOptions,
  change?: ChangeContext,
): Problem[] {
  const on = (code: string) => (!opts.select || opts.select.includes(code)) && !opts.skip?.includes(code);
  const memo = new Map<string, unknown>();
  let resolver: Resolver | undefined;
  let perRoot: ((root: string) => Resolver) | undefined;
  let defs: DefinitionIndex | undefined;
  const ctx: CheckContext = {
    index,
    get resolver() {
      return (resolver ??= new Resolver(index));
    },
    resolverFor: (root) => (perRoot ??= rootResolvers(ctx.resolver))(root),
    get defs() {
      return (defs ??= new DefinitionIndex(index));
    },
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

/** A problem with the code line it points at (trimmed): what identifies it once its file has moved or been split. */
export type SourcedProblem = Problem & { source?: string };

/** Each problem with the text of the line it points at, read through `readText` (unreadable: none). */
export function withSources(problems: Problem[], readText: (path: string) => string): SourcedProblem[] {
  const texts = new Map<string, string[] | null>();
  return problems.map((p) => {
    if (!p.path || p.line < 1) return p;
    let lines = texts.get(p.path);
    if (lines === undefined) {
      try {
        lines = readText(p.path).split(/\r?\n/);
      } catch {
        lines = null;
      }
      texts.set(p.path, lines);
    }
    const source = lines?.[p.line - 1]?.trim();
    return source ? { ...p, source } : p;
  });
}

/**
 * Problems not in the baseline (counting duplicates: two identical problems need two baseline
 * entries). A problem matches by code, path and message; failing that, by code, message and the
 * code line it points at, whatever its path: a problem that only moved to another file is not new,
 * nor a copy of an import line that was a problem (see unmatchedProblems).
 */
export function newProblems(problems: SourcedProblem[], baseline: SourcedProblem[]): Problem[] {
  return unmatchedProblems(problems, baseline).map(withoutSource);
}

const IMPORT_LINE = /^(from|import)\s/;

/** Strips the code line `withSources` added. */
export const withoutSource = ({ source: _source, ...p }: SourcedProblem): Problem => p;

/**
 * `newProblems`, returning the very objects of `problems` (with their code lines). One problem on
 * an import line excuses every copy of that line elsewhere: a split writes an import into each new
 * module that reads it, and a broken import copied is the same broken import, not a new one (the
 * split's verification and `check --baseline` after it agree).
 */
export function unmatchedProblems<T extends SourcedProblem>(problems: T[], baseline: SourcedProblem[]): T[] {
  const pool = new Map<string, SourcedProblem[]>();
  for (const b of baseline) pool.set(baselineKey(b), [...(pool.get(baselineKey(b)) ?? []), b]);
  const unmatched = problems.filter((p) => !pool.get(baselineKey(p))?.pop());
  // A relative import one package deeper (`.mailing` -> `..mailing`) names the same module after a split.
  const dots = (t: string) => t.replace(/(?<![\w.])\.+(?=\w)/g, ".");
  const moved = (p: SourcedProblem) => (p.source ? `${p.code}\0${dots(p.message)}\0${dots(p.source)}` : null);
  const byLine = new Map<string, number>();
  for (const left of pool.values())
    for (const b of left) {
      const k = moved(b);
      if (k) byLine.set(k, (byLine.get(k) ?? 0) + 1);
    }
  const imported = new Set(baseline.filter((b) => b.source && IMPORT_LINE.test(b.source)).map((b) => moved(b)));
  return unmatched.filter((p) => {
    const k = moved(p);
    if (k && imported.has(k)) return false;
    const n = k ? (byLine.get(k) ?? 0) : 0;
    if (n > 0) byLine.set(k!, n - 1);
    return n === 0;
  });
}
