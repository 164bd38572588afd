import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../../../core/diagnostics.js";
import type { Report } from "../report.js";
import { citedLine } from "../report.js";
import { bold, cyan, red } from "../style.js";

/**
 * ruff's `full`: each problem's line, then the source line it points at with a caret under the
 * column, then its hint; the summary line last.
 */
export function renderFull(report: Report, cwd: string, color: boolean): string {
  const texts = new Map<string, string[] | null>();
  const linesOf = (path: string) => {
    if (!texts.has(path)) {
      try {
        texts.set(path, readFileSync(join(report.root, path), "utf8").split(/\r\n|\r|\n/));
      } catch {
        texts.set(path, null);
      }
    }
    return texts.get(path)!;
  };
  const out: string[] = [];
  for (const p of report.problems) {
    out.push(heading(citedLine(report, { ...p, suggestion: undefined }, cwd), p, color));
    const source = p.path ? linesOf(p.path)?.[p.line - 1] : undefined;
    if (source !== undefined) {
      const gutter = String(p.line);
      const pad = " ".repeat(gutter.length);
      out.push(
        `${pad} |`,
        `${gutter} | ${source}`,
        `${pad} | ${" ".repeat(Math.max(0, p.column - 1))}${red("^", color)}`,
      );
    }
    if (p.suggestion) out.push(`  = help: ${p.suggestion}`);
    out.push("");
  }
  const n = report.problems.length;
  out.push(n ? `Found ${n} problem${n === 1 ? "" : "s"}.` : "All checks passed.");
  return out.join("\n") + "\n";
}

function heading(line: string, p: Problem, color: boolean): string {
  if (!color) return line;
  return line
    .replace(` ${p.code} `, ` ${red(bold(p.code, true), true)} `)
    .replace(/^[^:]+/, (path) => (p.path ? cyan(path, true) : path));
}
