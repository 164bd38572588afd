/** Removing one statement from its line without leaving a block empty or a line half-deleted. */
import { deletion, replacement, type Edit } from "../../core/edits.js";

/**
 * Deletes the statement [start, end). A statement alone on its line takes the whole line with
 * it; one that shares its line (`x = 1; from .a import b`) becomes `pass`; one that is the only
 * statement of its block becomes `pass` so the block stays valid.
 */
export function removeStatement(text: string, start: number, end: number): Edit[] {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = text.indexOf("\n", end);
  lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd).replace(/\r?\n$/, "");
  const aloneOnLine = before.trim() === "" && (after.trim() === "" || after.trim().startsWith("#"));
  if (!aloneOnLine || onlyStatementOfBlock(text, lineStart, lineEnd, before.length)) {
    return [replacement(start, end, "pass")];
  }
  return [deletion(lineStart, lineEnd)];
}

function onlyStatementOfBlock(text: string, lineStart: number, lineEnd: number, indent: number): boolean {
  const prev = neighbour(text, lineStart, -1);
  const next = neighbour(text, lineEnd, 1);
  const prevOpensBlock = prev !== null && /:\s*(#.*)?$/.test(prev);
  const nextIndent = next === null ? -1 : next.length - next.trimStart().length;
  return prevOpensBlock && nextIndent < indent;
}

/** The nearest line before (dir -1) or after (dir 1) that is not blank or a comment. */
function neighbour(text: string, from: number, dir: 1 | -1): string | null {
  const lines =
    dir === 1
      ? text.slice(from).split(/\r?\n/)
      : text
          .slice(0, Math.max(0, from - 1))
          .split(/\r?\n/)
          .reverse();
  for (const l of lines) if (l.trim() !== "" && !l.trim().startsWith("#")) return l.replace(/\r$/, "");
  return null;
}
