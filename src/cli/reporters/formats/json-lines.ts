import type { Report } from "../report.js";
import { citedPath } from "../report.js";

/** One JSON object per problem and line (ruff's json-lines), path cited from the current directory. */
export function renderJsonLines(report: Report, cwd: string): string {
  return report.problems.map((p) => JSON.stringify({ ...p, path: citedPath(report, p, cwd) ?? null }) + "\n").join("");
}
