import type { Problem } from "../core/diagnostics.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import { firstSyntaxError, parsePython, type SyntaxNode } from "../python/parser.js";
import { decodePython } from "./decode.js";
import { evalLiteral, isNotLiteral, type Literal } from "./literal.js";
import type { Location, ReadResult, RevisionSource } from "./types.js";

/** The module-level names Alembic reads from a revision module (Script.__init__). */
const TARGETS = new Set(["revision", "down_revision", "branch_labels", "depends_on"]);

interface Assigned {
  value: Literal;
  at: Location;
}

/**
 * Reads one revision file without executing it: the last top-level assignment of each target name
 * wins, as at import time. A file that does not parse, cannot be decoded, or computes a target
 * instead of writing a literal is skipped with a warning: guessing would invent heads.
 */
export function readRevision(source: RevisionSource): ReadResult {
  const decoded = decodePython(source.bytes);
  if ("error" in decoded) return warn(source.path, decoded.line, 1, `cannot decode: ${decoded.error}`);
  const text = decoded.text;
  const tree = parsePython(text);
  const bad = firstSyntaxError(tree);
  if (bad) {
    const what = bad.isMissing ? `missing '${bad.type}'` : "invalid syntax";
    return warn(source.path, bad.startPosition.row + 1, column(text, bad), `syntax error: ${what}, file skipped`);
  }
  const found = new Map<string, Assigned>();
  for (const stmt of tree.rootNode.namedChildren) {
    if (stmt.type !== "expression_statement") continue;
    const problem = collectAssignment(stmt.namedChildren[0], source.path, text, found);
    if (problem) return { warnings: [problem] };
  }
  const rev = found.get("revision");
  // Alembic raises "Could not determine revision id" on any such file, so it is not silently fine.
  if (!rev) return warn(source.path, 1, 1, "declares no `revision`; not part of the graph, and Alembic stops on it", C.noRevision);
  return buildRevision(source.path, found, docMessage(tree.rootNode), rev);
}

/** Records `name = value`, `name: T = value` and chained `a = b = value` for the target names. */
function collectAssignment(node: SyntaxNode | undefined, path: string, text: string, found: Map<string, Assigned>): Problem | undefined {
  const names: SyntaxNode[] = [];
  let value: SyntaxNode | null | undefined = node;
  while (value?.type === "assignment") {
    const left = value.childForFieldName("left");
    if (left?.type === "identifier" && TARGETS.has(left.text)) names.push(left);
    value = value.childForFieldName("right");
  }
  if (names.length === 0 || !value) return undefined; // `revision: str` alone binds nothing
  const v = evalLiteral(value);
  if (isNotLiteral(v)) {
    return at(path, v.node.startPosition.row + 1, column(text, v.node), `${names[0].text}: ${v.notLiteral}, file skipped`);
  }
  for (const name of names) {
    found.set(name.text, { value: v, at: { path, line: value.startPosition.row + 1, column: column(text, value) } });
  }
  return undefined;
}

function buildRevision(path: string, found: Map<string, Assigned>, message: string, rev: Assigned): ReadResult {
  if (typeof rev.value !== "string" || rev.value === "") {
    return warn(path, rev.at.line, rev.at.column, "revision: expected a non-empty string, file skipped");
  }
  const lists: Record<string, string[]> = {};
  for (const name of ["down_revision", "branch_labels", "depends_on"]) {
    const a = found.get(name);
    const list = a ? stringList(a.value) : [];
    if (!list) return warn(path, a!.at.line, a!.at.column, `${name}: expected None, a string or a tuple of strings, file skipped`);
    lists[name] = list;
  }
  return {
    warnings: [],
    revision: {
      id: rev.value,
      downRevisions: lists.down_revision,
      branchLabels: lists.branch_labels,
      dependsOn: lists.depends_on,
      message,
      at: rev.at,
      downAt: found.get("down_revision")?.at ?? rev.at,
      dependsAt: found.get("depends_on")?.at ?? rev.at,
    },
  };
}

/** None, "" and () mean "nothing" to Alembic (util.to_tuple + tuple_rev_as_scalar). */
function stringList(v: Literal): string[] | undefined {
  if (v === null || v === "") return [];
  if (typeof v === "string") return [v];
  if (v.every((x): x is string => typeof x === "string")) return v;
  return undefined;
}

/** Alembic's Script.doc: the module docstring stripped, up to the first blank line. */
function docMessage(module: SyntaxNode): string {
  const first = module.namedChildren.find((c) => c.type !== "comment");
  const expr = first?.type === "expression_statement" ? first.namedChildren[0] : undefined;
  if (!expr || (expr.type !== "string" && expr.type !== "concatenated_string")) return "";
  const v = evalLiteral(expr);
  return typeof v === "string" ? v.trim().split("\n\n")[0] : "";
}

/** 1-based UTF-16 column of a node (tree-sitter's own column counts bytes). */
function column(text: string, node: SyntaxNode): number {
  return node.startIndex - (text.lastIndexOf("\n", node.startIndex - 1) + 1) + 1;
}

function at(path: string, line: number, col: number, message: string, code: string = C.unreadable): Problem {
  return { code, path, line, column: col, message };
}

function warn(path: string, line: number, col: number, message: string, code?: string): ReadResult {
  return { warnings: [at(path, line, col, message, code)] };
}
