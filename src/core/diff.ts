/** Line diffs: git-style unified diffs for --dry-run, and the lines a change touched. */
import { createTwoFilesPatch, diffLines } from "diff";

/** 1-based lines of `after` that are not in `before` (all lines for a new file). */
export function changedLines(before: string | null, after: string): Set<number> {
  const out = new Set<number>();
  if (before === null) {
    const n = after.split("\n").length;
    for (let i = 1; i <= n; i++) out.add(i);
    return out;
  }
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? part.value.split("\n").length - 1;
    if (part.added) for (let i = 0; i < count; i++) out.add(line + i);
    if (!part.removed) line += count;
  }
  return out;
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
    const patch = createTwoFilesPatch(c.from ? `a/${c.from}` : "/dev/null", c.to ? `b/${c.to}` : "/dev/null", c.before, c.after, "", "", { context: 3 });
    out.push(...patch.split("\n").slice(1).filter((l, i, arr) => !(i === arr.length - 1 && l === "")).map((l) => l.replace(/\t$/, "")));
  }
  return out.length ? out.join("\n") + "\n" : "";
}
