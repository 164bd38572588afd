/** A finding reported by a check, in the `path:line:col: CODE message` tradition of ruff and pyright. */
export interface Problem {
  /** Stable code, e.g. `RM001`. Codes are listed in src/verify/codes.ts. */
  code: string;
  /** Path relative to the project root, with forward slashes. */
  path: string;
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units, like pyright). */
  column: number;
  message: string;
  /** Optional hint printed after the message. */
  suggestion?: string;
  /** Extra machine-readable details for --json. */
  data?: Record<string, unknown>;
}

export type Severity = "error" | "warning";

/** A parse or read warning attached to a file. */
export interface FileWarning {
  path: string;
  line: number;
  column: number;
  message: string;
}

/** Sorts problems by path, then position, then code: stable output for humans and baselines. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export function formatProblem(p: Problem): string {
  const hint = p.suggestion ? ` (${p.suggestion})` : "";
  return `${p.path}:${p.line}:${p.column}: ${p.code} ${p.message}${hint}`;
}
