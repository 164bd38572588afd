import { formatProblem } from "../../core/diagnostics.js";
import { warningText } from "../../core/warning.js";
import type { ExecuteResult } from "../../run/execute.js";
import { exitCodeOf, type RunResult } from "../../run/runner.js";
import type { Io } from "../command.js";
import { json } from "../project-arg.js";
import { bold, green, red } from "./style.js";

export function renderExecution(notes: string[], r: ExecuteResult, color: boolean): string {
  const out = [...notes];
  if (r.status === "dry-run") {
    out.push(
      r.added.length
        ? red(`verification: ${r.added.length} new problem(s)`, color)
        : green("verification: no new problems", color),
    );
    for (const p of r.added) out.push(`  ${formatProblem(p)}`);
    out.push("", r.diff.trimEnd());
  } else if (r.status === "failed") {
    out.push(
      red(
        bold(
          r.reason && !r.added.length
            ? `not written: ${r.reason}`
            : `not written: the change adds ${r.added.length} problem(s)`,
          color,
        ),
        color,
      ),
    );
    for (const p of r.added) out.push(`  ${formatProblem(p)}`);
    out.push("Nothing was written. Use --force to write anyway, or --dry-run to see the diff.");
  } else if (r.status === "refused") {
    out.push(red(`not written: ${r.reason}`, color));
  } else {
    out.push(
      green(`verified: no new problems; wrote ${r.overlay.texts.size} file(s)`, color) +
        (r.commit ? ` and committed ${r.commit}` : ""),
    );
    if (r.added.length) for (const p of r.added) out.push(`  (forced) ${formatProblem(p)}`);
    out.push(...(r.warnings ?? []).map(warningText));
  }
  return out.join("\n") + "\n";
}

/**
 * The JSON object of a run that stopped with an error (exit 2): the keys of every run's object,
 * status `error` and the one-line reason stderr gets.
 */
export function errorJson(reason: string, extra: Record<string, unknown> = {}): string {
  return nothingWritten("error", reason, extra);
}

/** The JSON object of a run that wrote nothing (skipped or stopped): every run's keys, empty. */
function nothingWritten(status: "skipped" | "error", reason: string, extra: Record<string, unknown>): string {
  return json({ status, notes: [], ...extra, warnings: [], added: [], commit: null, reason });
}

/**
 * Prints a run of the refactoring runner (text or `--json`) and returns its exit code. `extra`
 * adds fields to the JSON object (a move's exports).
 */
export function reportRun(
  name: string,
  r: RunResult<unknown>,
  io: Io,
  asJson: boolean,
  extra: Record<string, unknown> = {},
): number {
  // With --json, nothing to do is a JSON object too (the keys of a run, as `apply --json` says `skipped`).
  if (r.kind === "skipped" && asJson) io.out(nothingWritten("skipped", r.reason, extra));
  else if (r.kind === "skipped") io.out(`${r.reason}; nothing to do\n`);
  else if (r.kind === "failed") {
    io.err(`remodel ${name}: ${r.reason}\n`);
    if (asJson) io.out(errorJson(r.reason, extra));
  } else if (asJson) {
    const e = r.execution;
    io.out(
      json({
        status: e.status,
        notes: r.notes,
        ...extra,
        warnings: [...r.warnings, ...(e.warnings ?? [])],
        added: e.added,
        commit: e.commit ?? null,
        reason: e.reason ?? null,
      }),
    );
  } else io.out(renderExecution(r.notes, r.execution, io.isTTY));
  return exitCodeOf(r);
}
