import type { Report } from "../report.js";
import { citedLine, citedPath } from "../report.js";

/** JUnit XML: one test suite per file, one failing test case per problem; a clean run is one passing case. */
export function renderJunit(report: Report, cwd: string): string {
  const byFile = new Map<string, string[]>();
  for (const p of report.problems) {
    const file = citedPath(report, p, cwd) ?? "(no file)";
    const where = p.path ? `${p.line}:${p.column}` : "";
    const name = `${p.code}${where ? ` at ${where}` : ""}`;
    const text = citedLine(report, p, cwd);
    const tc = `    <testcase name="${xml(name)}" classname="${xml(file)}"><failure message="${xml(p.message)}" type="${xml(p.code)}">${xml(text)}</failure></testcase>`;
    byFile.set(file, [...(byFile.get(file) ?? []), tc]);
  }
  const n = report.problems.length;
  const name = `remodel ${report.command}`;
  const suites = [...byFile].map(
    ([file, cases]) =>
      `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${cases.length}" errors="0">\n${cases.join("\n")}\n  </testsuite>`,
  );
  if (n === 0)
    suites.push(
      `  <testsuite name="${xml(name)}" tests="1" failures="0" errors="0">\n    <testcase name="${xml(name)}" classname="remodel"/>\n  </testsuite>`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(name)}" tests="${Math.max(n, 1)}" failures="${n}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}

// XML 1.0 allows no control characters but tab, newline and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const xml = (s: string) =>
  s.replace(CONTROL, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
