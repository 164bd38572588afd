/**
 * Dry-run diffs must apply with git: a small edit gives ordinary hunks, a rewrite (past the
 * edit limit) one hunk replacing the file, with or without a final newline.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { changedLines, unifiedDiff } from "../../src/core/diff.js";

function gitApply(before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), "remodel-diff-"));
  try {
    writeFileSync(join(dir, "m.py"), before);
    writeFileSync(join(dir, "change.diff"), unifiedDiff([{ from: "m.py", to: "m.py", before, after }]));
    execFileSync("git", ["apply", "change.diff"], { cwd: dir });
    return readFileSync(join(dir, "m.py"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}_${i} = ${i}\n`).join("");

test("a small edit is an ordinary hunk that git applies", () => {
  const before = lines(50, "a");
  const after = before.replace("a_10 = 10\n", "a_10 = 11\n");
  const diff = unifiedDiff([{ from: "m.py", to: "m.py", before, after }]);
  assert.match(diff, /@@ -8,7 \+8,7 @@/);
  assert.equal(gitApply(before, after), after);
  assert.deepEqual([...changedLines(before, after)], [11]);
});

test("a rewrite past the edit limit is one replacing hunk that git applies", () => {
  for (const [before, after] of [
    [lines(3000, "a"), lines(2500, "b")],
    [lines(3000, "a").slice(0, -1), lines(2500, "b")],
    [lines(3000, "a"), lines(2500, "b").slice(0, -1)],
  ]) {
    const diff = unifiedDiff([{ from: "m.py", to: "m.py", before, after }]);
    assert.equal(diff.match(/^@@/gm)?.length, 1);
    assert.equal(gitApply(before, after), after);
    assert.equal(changedLines(before, after).size, after.split("\n").length);
  }
});

test("long files whose lines are mostly shared keep ordinary hunks, a repeated line shared once per copy", () => {
  // 2,200 lines on the two sides, 300 replaced in two places: 600 removed or added, under the limit.
  const rows = lines(1100, "a").split("\n").slice(0, -1);
  for (let i = 50; i < 200; i++) rows[i] = `b_${i} = ${i}`;
  for (let i = 600; i < 750; i++) rows[i] = `b_${i} = ${i}`;
  const after = `${rows.join("\n")}\n`;
  const before = lines(1100, "a");
  const diff = unifiedDiff([{ from: "m.py", to: "m.py", before, after }]);
  assert.deepEqual(diff.match(/^@@.*@@$/gm), ["@@ -48,156 +48,156 @@", "@@ -598,156 +598,156 @@"]);
  assert.equal(gitApply(before, after), after);
  assert.equal(changedLines(before, after).size, 300);
  // The same line 1,200 times, 900 of them kept and 300 lines added: 600 in all.
  const same = "x = 1\n".repeat(1200);
  const fewer = `${"x = 1\n".repeat(900)}${lines(300, "c")}`;
  assert.deepEqual(unifiedDiff([{ from: "m.py", to: "m.py", before: same, after: fewer }]).match(/^@@.*@@$/gm), [
    "@@ -898,303 +898,303 @@",
  ]);
  assert.equal(changedLines(same, fewer).size, 300);
});
