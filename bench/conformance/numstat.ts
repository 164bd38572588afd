import { spawnSync } from "node:child_process";

/**
 * Lines added plus lines removed in `git diff --numstat` output. A binary file's row reads `-\t-`
 * and counts 0; a rename's path column (`a => b`, `{a => b}/c`) is not read.
 */
export function numstatLines(out: string): number {
  let total = 0;
  for (const line of out.split("\n")) {
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!m) continue;
    for (const n of [m[1], m[2]]) if (n !== "-") total += Number(n);
  }
  return total;
}

/** The diff size a reviewer reads between two trees: `git diff --no-index -M --numstat`, added + removed. */
export function diffLines(before: string, after: string): number {
  // Exit 1 means "differences found"; anything else but 0 is git's failure.
  const r = spawnSync("git", ["diff", "--no-index", "-M", "--numstat", before, after], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git diff --no-index failed: ${r.stderr}`);
  return numstatLines(r.stdout);
}

/** The median of a list of numbers (the mean of the two middle ones of an even count), NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
