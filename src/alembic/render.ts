import { formatProblem, sortProblems } from "../core/diagnostics.js";
import { historyOrder } from "./history.js";
import { effectiveLabels } from "./labels.js";
import type { Revision, RevisionGraph } from "./types.js";

/**
 * `alembic history`'s lines, newest first, byte for byte:
 * `down -> id (labels) (head) (branchpoint) (mergepoint), message`.
 */
export function renderHistory(graph: RevisionGraph): string[] {
  const labels = effectiveLabels(graph);
  return historyOrder(graph).map((id) => historyLine(graph, graph.byId.get(id)!, labels.get(id)!));
}

function historyLine(graph: RevisionGraph, rev: Revision, labels: ReadonlySet<string>): string {
  const down = rev.downRevisions.length === 0 ? "<base>" : rev.downRevisions.join(", ");
  let text = rev.dependsOn.length > 0 ? `${down} (${rev.dependsOn.join(", ")}) -> ${rev.id}` : `${down} -> ${rev.id}`;
  if (labels.size > 0) text += ` (${[...labels].sort().join(", ")})`;
  const children = graph.children.get(rev.id)!.length;
  const realHead = children === 0 && graph.dependents.get(rev.id)!.length === 0;
  if (realHead) text += " (head)";
  else if (children === 0) text += " (effective head)";
  if (children > 1) text += " (branchpoint)";
  if (rev.downRevisions.length > 1) text += " (mergepoint)";
  return `${text}, ${rev.message}`;
}

/**
 * `alembic heads`'s lines: `id (labels) (head)`, or `(effective head)` for a head that another
 * revision depends on (it has dependents but no children).
 */
export function renderHeads(graph: RevisionGraph): string[] {
  const labels = effectiveLabels(graph);
  return graph.heads.map((id) => {
    const own = labels.get(id)!;
    const tag = graph.dependents.get(id)!.length === 0 ? "(head)" : "(effective head)";
    return `${id}${own.size > 0 ? ` (${[...own].sort().join(", ")})` : ""} ${tag}`;
  });
}

/**
 * A Mermaid flowchart, oldest at the top: solid arrows are down_revision edges, dotted arrows
 * depends_on edges; heads, bases, branch and merge points get classes a theme can colour.
 */
export function renderMermaid(graph: RevisionGraph): string {
  const node = new Map(graph.revisions.map((r, i) => [r.id, `r${i}`]));
  const lines = ["flowchart TD"];
  for (const rev of graph.revisions) {
    const label = rev.message ? `${rev.id}<br/>${mermaidText(rev.message)}` : rev.id;
    lines.push(`  ${node.get(rev.id)}["${label}"]`);
  }
  for (const rev of graph.revisions) {
    for (const down of new Set(rev.downRevisions)) {
      if (node.has(down)) lines.push(`  ${node.get(down)} --> ${node.get(rev.id)}`);
    }
    for (const dep of graph.resolvedDeps.get(rev.id)!)
      lines.push(`  ${node.get(dep)} -.->|depends_on| ${node.get(rev.id)}`);
  }
  const classes: Array<[string, string[], string]> = [
    ["head", graph.heads, "fill:#d4f7d4,stroke:#2a7a2a"],
    ["base", graph.bases, "fill:#e8e8ff,stroke:#44a"],
    ["merge", graph.mergePoints, "stroke-width:3px"],
    ["branch", graph.branchPoints, "stroke-dasharray:4 2"],
  ];
  for (const [name, ids, style] of classes) {
    if (ids.length === 0) continue;
    lines.push(`  classDef ${name} ${style}`);
    lines.push(`  class ${ids.map((id) => node.get(id)).join(",")} ${name}`);
  }
  return lines.join("\n") + "\n";
}

/** Mermaid labels break on quotes and angle brackets; entity codes keep the text readable. */
function mermaidText(s: string): string {
  const line = s.split("\n")[0];
  const short = line.length > 60 ? line.slice(0, 57) + "..." : line;
  return short.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** The `--json` document: heads, bases, counts, topology and every problem and warning. */
export function graphJson(graph: RevisionGraph): Record<string, unknown> {
  return {
    heads: graph.heads,
    bases: graph.bases,
    revisions: graph.revisions.length,
    branchPoints: graph.branchPoints,
    mergePoints: graph.mergePoints,
    labels: Object.fromEntries(
      [...graph.labels].map(([label, id]) => [label, { revision: id, heads: graph.labelHeads.get(label) }]),
    ),
    problems: sortProblems(graph.problems),
    warnings: graph.warnings,
  };
}

/**
 * `graph --json`'s extra: the history as data, newest first, one entry per revision with its
 * parents, dependencies, effective labels, role flags, message and location.
 */
export function historyJson(graph: RevisionGraph): Array<Record<string, unknown>> {
  const labels = effectiveLabels(graph);
  return historyOrder(graph).map((id) => {
    const rev = graph.byId.get(id)!;
    const children = graph.children.get(id)!.length;
    return {
      revision: id,
      downRevisions: rev.downRevisions,
      dependsOn: rev.dependsOn,
      branchLabels: [...labels.get(id)!].sort(),
      message: rev.message,
      head: children === 0,
      base: rev.downRevisions.length === 0,
      branchPoint: children > 1,
      mergePoint: rev.downRevisions.length > 1,
      path: rev.at.path,
      line: rev.at.line,
    };
  });
}

/** Problems as `path:line:col: CODE message` lines. */
export function renderProblems(graph: RevisionGraph): string[] {
  return sortProblems(graph.problems).map(formatProblem);
}
