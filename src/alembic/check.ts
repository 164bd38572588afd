import type { Problem } from "../core/diagnostics.js";
import { sortProblems } from "../core/diagnostics.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import type { RevisionGraph } from "./types.js";

/**
 * What `remodel alembic check` fails on: the graph's own problems, more than one head (at each
 * head's `revision =` line), and files left out of the graph (unreadable, or without a revision),
 * since Alembic itself stops on them and a skipped file can hide a head.
 */
export function checkGraph(graph: RevisionGraph): Problem[] {
  const problems = [...graph.problems, ...graph.warnings];
  if (graph.heads.length > 1) {
    for (const id of graph.heads) {
      const at = graph.byId.get(id)!.at;
      const others = graph.heads.filter((h) => h !== id).join(", ");
      problems.push({
        code: C.multipleHeads,
        path: at.path,
        line: at.line,
        column: at.column,
        message: `revision '${id}' is one of ${graph.heads.length} heads (others: ${others})`,
        suggestion: "alembic merge heads",
        data: { revision: id, heads: graph.heads },
      });
    }
  }
  return sortProblems(problems);
}
