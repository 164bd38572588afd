import { join, relative, sep } from "node:path";
import type { Problem } from "../../core/diagnostics.js";

/**
 * What a reporting command (check, db diff, alembic check, schema diff) found, in a form every
 * output format can render: the problems, where their paths start, what the codes mean, and the
 * command's own text and JSON renderings (the `concise` and `json` formats, unchanged contracts).
 */
export interface Report {
  /** The command as typed after `remodel`, e.g. `check`, `db diff`. */
  command: string;
  /** Paths relative to `root`; a problem with path "" has no file (a database-only difference). */
  problems: readonly Problem[];
  /** Absolute directory the problems' paths are relative to. */
  root: string;
  /** Short descriptions of codes, for SARIF rules and JUnit; a code not listed gets its code. */
  rules: Readonly<Record<string, string>>;
  concise(color: boolean): string;
  json(): string;
}

/**
 * The path a CI service needs: relative to the directory the command runs in (the checkout, in a
 * CI job), forward slashes. Undefined for a problem without a file.
 */
export function citedPath(report: Report, p: Problem, cwd: string): string | undefined {
  if (!p.path) return undefined;
  return relative(cwd, join(report.root, p.path)).split(sep).join("/");
}

/** `path:line:col: CODE message (hint)` with the cited path, or `CODE message` without a file. */
export function citedLine(report: Report, p: Problem, cwd: string): string {
  const path = citedPath(report, p, cwd);
  const hint = p.suggestion ? ` (${p.suggestion})` : "";
  return path ? `${path}:${p.line}:${p.column}: ${p.code} ${p.message}${hint}` : `${p.code} ${p.message}${hint}`;
}
