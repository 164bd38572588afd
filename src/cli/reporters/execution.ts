import { formatProblem } from "../../core/diagnostics.js";
import type { ExecuteResult } from "../../refactor/execute.js";
import { bold, green, red } from "./style.js";

export function renderExecution(notes: string[], r: ExecuteResult, color: boolean): string {
  const out = [...notes];
  if (r.status === "dry-run") {
    out.push(r.added.length ? red(`verification: ${r.added.length} new problem(s)`, color) : green("verification: no new problems", color));
    for (const p of r.added) out.push(`  ${formatProblem(p)}`);
    out.push("", r.diff.trimEnd());
  } else if (r.status === "failed") {
    out.push(red(bold(`not written: the change adds ${r.added.length} problem(s)`, color), color));
    for (const p of r.added) out.push(`  ${formatProblem(p)}`);
    out.push("Nothing was written. Use --force to write anyway, or --dry-run to see the diff.");
  } else if (r.status === "refused") {
    out.push(red(`not written: ${r.reason}`, color));
  } else {
    out.push(green(`verified: no new problems; wrote ${r.overlay.texts.size} file(s)`, color) + (r.commit ? ` and committed ${r.commit}` : ""));
    if (r.added.length) for (const p of r.added) out.push(`  (forced) ${formatProblem(p)}`);
    out.push(...(r.warnings ?? []));
  }
  return out.join("\n") + "\n";
}
