/**
 * "Did you mean": the candidate closest to a mistyped word, by edit distance (a swap of two
 * neighbours counts one), if it is close enough to be what was meant: at most a third of the
 * word's length, and at least one edit allowed.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) [best, bestDistance] = [c, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/** ruff's `tip:` line for a mistyped `kind` ("command", "option", "output format"), or "". */
export function didYouMean(word: string, candidates: readonly string[], kind = "value"): string {
  const c = closest(word, candidates);
  return c === undefined ? "" : `\n  tip: a similar ${kind} exists: '${c}'`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
