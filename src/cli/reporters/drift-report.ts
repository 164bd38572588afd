import type { Problem } from "../../core/diagnostics.js";
import type { DiffResult } from "../../db/diff.js";
import { diffJson, formatDiff } from "../../db/report.js";
import type { Report } from "./report.js";

/** `db diff` and `db check-migrations` as a Report: one problem per drift, at the model's file:line when a model is involved. */
export function driftReport(command: string, result: DiffResult, root: string, database: string): Report {
  const problems: Problem[] = result.drift.map((d) => ({
    code: d.code,
    path: d.source?.path ?? "",
    line: d.source?.line ?? 0,
    column: d.source ? 1 : 0,
    message: d.source ? d.message : `${d.message} (in ${database})`,
  }));
  const rules: Record<string, string> = {};
  for (const d of result.drift) rules[d.code] ??= `${d.check} differ`;
  return {
    command,
    problems,
    root,
    rules,
    concise: (color) => formatDiff(result, { color, database }),
    json: () => diffJson(result),
  };
}
