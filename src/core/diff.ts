/** Line diffs: git-style unified diffs for --dry-run, and the lines a change touched. */
import { createTwoFilesPatch, diffLines, formatPatch, type StructuredPatchHunk } from "diff";

/**
 * Past this many changed lines a file is shown as replaced, like git does for a rewrite: the
 * line diff's cost grows with the product of length and changes (a 15,000-line models.py split
 * into a package took 0.2 s to diff against its small new __init__.py).
 */
const MAX_EDIT = 2000;

/** 1-based lines of `after` that are not in `before` (all lines for a new file). */
export function changedLines(before: string | null, after: string): Set<number> {
  const out = new Set<number>();
  if (before === null) {
    const n = after.split("\n").length;
    for (let i = 1; i <= n; i++) out.add(i);
    return out;
  }
  let line = 1;
  const parts = surelyRewrite(before, after) ? undefined : diffLines(before, after, { maxEditLength: MAX_EDIT });
  if (!parts) {
    const n = after.split("\n").length;
    for (let i = 1; i <= n; i++) out.add(i);
    return out;
  }
  for (const part of parts) {
    const count = part.count ?? part.value.split("\n").length - 1;
    if (part.added) for (let i = 0; i < count; i++) out.add(line + i);
    if (!part.removed) line += count;
  }
  return out;
}

/**
 * The lines alone prove the edit is longer than MAX_EDIT, so the line diff would give up: say so
 * without running it. An edit adds or removes every line the two sides do not have in common, so
 * it is at least their line counts' sum less twice the lines they could share (each line's count
 * on the side with fewer copies). A 15,000-line models.py against its new __init__.py spent 0.2 s
 * finding out, for each of two diffs; a 3,000-line file rewritten into 2,500 other lines 0.5 s.
 * The margin covers a last line without a newline on either side.
 */
function surelyRewrite(before: string, after: string): boolean {
  const a = lineCount(before);
  const b = lineCount(after);
  if (Math.abs(a - b) > MAX_EDIT + 2) return true;
  if (a + b <= MAX_EDIT + 2) return false;
  const counts = new Map<string, number>();
  for (const line of lines(before)) counts.set(line, (counts.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of lines(after)) {
    const n = counts.get(line);
    if (n) {
      shared++;
      counts.set(line, n - 1);
    }
  }
  return a + b - 2 * shared > MAX_EDIT + 2;
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The lines of `text` that end with a newline, without it. */
function* lines(text: string): Generator<string> {
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", start)) {
    yield text.slice(start, i);
    start = i + 1;
  }
}

export interface FileChange {
  /** Path before (null: created). */
  from: string | null;
  /** Path after (null: deleted). */
  to: string | null;
  before: string;
  after: string;
}

/** A git-style unified diff with rename headers, like `git diff -M`. */
export function unifiedDiff(changes: FileChange[]): string {
  const out: string[] = [];
  for (const c of changes) {
    const a = c.from ?? c.to!;
    const b = c.to ?? c.from!;
    out.push(`diff --git a/${a} b/${b}`);
    if (c.from === null) out.push("new file mode 100644");
    else if (c.to === null) out.push("deleted file mode 100644");
    else if (c.from !== c.to) out.push(`rename from ${c.from}`, `rename to ${c.to}`);
    if (c.before === c.after) continue;
    const oldName = c.from ? `a/${c.from}` : "/dev/null";
    const newName = c.to ? `b/${c.to}` : "/dev/null";
    const patch =
      (surelyRewrite(c.before, c.after)
        ? undefined
        : createTwoFilesPatch(oldName, newName, c.before, c.after, "", "", { context: 3, maxEditLength: MAX_EDIT })) ??
      formatPatch({
        oldFileName: oldName,
        newFileName: newName,
        oldHeader: "",
        newHeader: "",
        hunks: [replaceAll(c.before, c.after)],
      });
    out.push(
      ...patch
        .split("\n")
        .slice(1)
        .filter((l, i, arr) => !(i === arr.length - 1 && l === ""))
        .map((l) => l.replace(/\t$/, "")),
    );
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** One hunk that removes every line of `before` and adds every line of `after`. */
function replaceAll(before: string, after: string): StructuredPatchHunk {
  const side = (text: string, sign: string) => {
    if (text === "") return [];
    const lines = text.split("\n");
    const noNewline = lines[lines.length - 1] !== "";
    if (!noNewline) lines.pop();
    const out = lines.map((l) => sign + l);
    if (noNewline) out.push("\\ No newline at end of file");
    return out;
  };
  const count = (text: string) => (text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
  const oldLines = count(before);
  const newLines = count(after);
  return {
    oldStart: oldLines ? 1 : 0,
    oldLines,
    newStart: newLines ? 1 : 0,
    newLines,
    lines: [...side(before, "-"), ...side(after, "+")],
  };
}
