import { createHash } from "node:crypto";
import type { Report } from "../report.js";
import { citedPath } from "../report.js";

/**
 * GitLab Code Quality report (a JSON array, artifacts:reports:codequality). The fingerprint
 * leaves the line out, so a finding keeps its identity when code above it moves; repeats of one
 * finding in one file are told apart by their order.
 */
export function renderGitlab(report: Report, cwd: string): string {
  const seen = new Map<string, number>();
  const issues = report.problems.map((p) => {
    const path = citedPath(report, p, cwd) ?? `${report.command} (database)`;
    const key = `${p.code}\0${path}\0${p.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      type: "issue",
      check_name: p.code,
      description: `${p.code} ${p.message}${p.suggestion ? ` (${p.suggestion})` : ""}`,
      categories: ["Bug Risk"],
      severity: "major",
      fingerprint: createHash("md5").update(`${key}\0${n}`).digest("hex"),
      location: { path, lines: { begin: Math.max(1, p.line) } },
    };
  });
  return JSON.stringify(issues, null, 2) + "\n";
}
