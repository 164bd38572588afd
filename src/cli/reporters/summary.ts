import type { ProjectSummary } from "../../project/summary.js";
import { bold } from "./style.js";

export function renderSummary(s: ProjectSummary, color: boolean): string {
  const lines = [
    `${bold("project", color)} ${s.root}`,
    `${bold("source roots", color)} ${s.sourceRoots.map((r) => r || ".").join(", ")}`,
    `${bold("files", color)} ${s.files}  ${bold("modules", color)} ${s.modules}  ${bold("packages", color)} ${s.packages}  ${bold("namespace packages", color)} ${s.namespacePackages}`,
  ];
  lines.push(`${bold("warnings", color)} ${s.warnings.length}`);
  for (const w of s.warnings.slice(0, 20)) lines.push(`  ${w.path}:${w.line}:${w.column}: ${w.message}`);
  if (s.warnings.length > 20) lines.push(`  ... ${s.warnings.length - 20} more (--json lists all)`);
  const classes = s.modelModules.reduce((n, m) => n + m.classes.length, 0);
  lines.push(`${bold("model modules", color)} ${s.modelModules.length} (${classes} classes)`);
  for (const m of s.modelModules.slice(0, 40)) {
    lines.push(`  ${m.module}  ${m.classes.map((c) => `${c.name}(${c.bases.join(", ")})`).join(" ")}`);
  }
  if (s.modelModules.length > 40) lines.push(`  ... ${s.modelModules.length - 40} more (--json lists all)`);
  lines.push(`${bold("most imported", color)}`);
  for (const m of s.mostImported) lines.push(`  ${String(m.importers).padStart(5)}  ${m.module}`);
  return lines.join("\n") + "\n";
}
