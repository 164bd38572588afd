import type { Problem } from "../core/diagnostics.js";
import { firstSyntaxError, freeTree, parsePython } from "../python/parser.js";
import { ALEMBIC_CODES as C } from "./codes.js";
import { decodePython } from "./decode.js";
import { isNotLiteral, readAssignment, stringValue, type Literal, type Token } from "./literal.js";
import { moduleStatements } from "./statements.js";
import type { Location, ReadResult, RevisionSource } from "./types.js";
import { isFailure } from "../core/outcome.js";

/** The module-level names Alembic reads from a revision module (Script.__init__). */
const TARGETS = /^(?:revision|down_revision|branch_labels|depends_on)$/;

interface Assigned {
  value: Literal;
  at: Location;
}

export interface ReadOptions {
  /**
   * Also parse the whole file with tree-sitter and report a syntax error anywhere (AL008), as
   * Alembic's import would fail on it. The identifiers stay in the graph: they were read exactly.
   */
  syntax?: boolean;
}

/**
 * Reads one revision file without executing it: the last top-level assignment of each target name
 * wins, as at import time. A file that cannot be decoded or tokenized, or computes a target instead
 * of writing a literal, is skipped with a warning: guessing would invent heads.
 */
export function readRevision(source: RevisionSource, options: ReadOptions = {}): ReadResult {
  const decoded = decodePython(source.bytes);
  if (isFailure(decoded)) return warn(source.path, decoded.line, 1, `cannot decode: ${decoded.error}, file skipped`);
  const text = decoded.text;
  const module = moduleStatements(text);
  if (isFailure(module)) {
    const pos = position(text, module.offset);
    return warn(source.path, pos.line, pos.column, `syntax error: ${module.error}, file skipped`);
  }
  const found = new Map<string, Assigned>();
  const cursor = new PositionCursor(text);
  for (const stmt of module.statements) {
    if (stmt[0].kind !== "name" || !TARGETS.test(text.slice(stmt[0].start, stmt[0].end))) continue;
    const a = readAssignment(text, stmt);
    if (!a) continue;
    const at = { path: source.path, ...cursor.at(isNotLiteral(a.value) ? a.value.offset : a.valueStart) };
    if (isNotLiteral(a.value))
      return warn(
        source.path,
        at.line,
        at.column,
        `${a.names[0]}: ${a.value.notLiteral} (not evaluated), file skipped`,
        C.notLiteral,
      );
    for (const name of a.names) found.set(name, { value: a.value, at });
  }
  const syntax = options.syntax ? syntaxError(source.path, text, module.indentError) : [];
  const rev = found.get("revision");
  // Alembic raises "Could not determine revision id" on such a file, so it is not silently fine.
  if (!rev) return { warnings: [...syntax, noRevision(source.path)] };
  const result = buildRevision(source.path, found, docMessage(text, module.first), rev);
  return { ...result, warnings: [...syntax, ...result.warnings] };
}

function buildRevision(path: string, found: Map<string, Assigned>, message: string, rev: Assigned): ReadResult {
  if (typeof rev.value !== "string" || rev.value === "") {
    return warn(path, rev.at.line, rev.at.column, "revision: expected a non-empty string, file skipped");
  }
  const lists: Record<string, string[]> = {};
  for (const name of ["down_revision", "branch_labels", "depends_on"]) {
    const a = found.get(name);
    const list = a ? stringList(a.value) : [];
    if (!list)
      return warn(
        path,
        a!.at.line,
        a!.at.column,
        `${name}: expected None, a string or a tuple of strings, file skipped`,
      );
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
function docMessage(text: string, first: readonly Token[] | undefined): string {
  if (!first || first.length === 0 || first.some((t) => t.kind !== "string")) return "";
  let doc = "";
  for (const t of first) {
    const v = stringValue(text, t);
    if (v === undefined) return "";
    doc += v;
  }
  return doc.trim().split("\n\n")[0];
}

/** The first syntax error of the whole file: tree-sitter's, or an indentation error it let through. */
function syntaxError(path: string, text: string, indent: { message: string; offset: number } | undefined): Problem[] {
  const tree = parsePython(text);
  const bad = firstSyntaxError(tree);
  const treeError = bad
    ? { message: bad.isMissing ? `missing '${bad.type}'` : "invalid syntax", offset: bad.startIndex }
    : undefined;
  freeTree(tree);
  const found = [...(treeError ? [treeError] : []), ...(indent ? [indent] : [])].sort((a, b) => a.offset - b.offset)[0];
  if (!found) return [];
  const pos = position(text, found.offset);
  return [at(path, pos.line, pos.column, `syntax error: ${found.message}; Alembic cannot import this file`)];
}

function noRevision(path: string): Problem {
  return at(path, 1, 1, "declares no `revision`; not part of the graph, and Alembic stops on it", C.noRevision);
}

/** 1-based line and UTF-16 column of an offset (a few per file, so no line table is built). */
function position(text: string, offset: number): { line: number; column: number } {
  return new PositionCursor(text).at(offset);
}

/**
 * Positions asked in increasing offset order (the identifiers, top to bottom) are counted from
 * the previous one, so a file is scanned for newlines once, not once per identifier.
 */
class PositionCursor {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    const text = this.text;
    for (let i = this.offset; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.line++;
    }
    this.offset = offset;
    const lineStart = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
    return { line: this.line, column: offset - lineStart + 1 };
  }
}

function at(path: string, line: number, col: number, message: string, code: string = C.unreadable): Problem {
  return { code, path, line, column: col, message };
}

function warn(path: string, line: number, col: number, message: string, code?: string): ReadResult {
  return { warnings: [at(path, line, col, message, code)] };
}
