import type { Report } from "../report.js";
import { citedLine, citedPath } from "../report.js";

/**
 * GitHub Actions workflow commands: one `::error` annotation per problem, shown on the pull
 * request's diff (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 */
export function renderGithub(report: Report, cwd: string): string {
  return report.problems
    .map((p) => {
      const path = citedPath(report, p, cwd);
      const props = [`title=${property(`Remodel (${p.code})`)}`];
      if (path) props.push(`file=${property(path)}`, `line=${p.line}`, `col=${p.column}`);
      return `::error ${props.join(",")}::${data(citedLine(report, p, cwd))}\n`;
    })
    .join("");
}

const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
