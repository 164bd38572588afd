/**
 * `apply --commit-each` is all or nothing across its steps: what would stop a later step (a file
 * it touches has uncommitted changes, an empty commit message) stops the run before the first
 * commit, never after some steps were written and committed.
 */
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { git, modelsProject, treeState } from "../core/transaction/project.js";
import { runCli } from "../support/run-cli.js";

async function plannedProject(pyproject?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "remodel-commit-each-"));
  modelsProject(dir, 3);
  if (pyproject) writeFileSync(join(dir, "pyproject.toml"), pyproject);
  const planned = await runCli(["plan", "package", "p.models", "--out", "plan.toml"], dir);
  assert.equal(planned.code, 0, planned.err);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "plan");
  return dir;
}

test("apply --commit-each with a dirty file only the last step touches: refused before the first commit", async () => {
  const dir = await plannedProject();
  try {
    appendFileSync(join(dir, "src/p/models/m2.py"), "# a local note\n");
    const before = treeState(dir);
    const head = git(dir, "rev-parse", "HEAD");
    const r = await runCli(["apply", "plan.toml", "--commit-each"], dir);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(
      r.out,
      /not written: uncommitted changes in src\/p\/models\/m2\.py \(use --allow-dirty\); nothing was written/,
    );
    assert.doesNotMatch(r.out, /\[[0-9a-f]{7,}\]/, "a step was committed");
    assert.equal(git(dir, "rev-parse", "HEAD"), head);
    assert.equal(treeState(dir), before);
    // With --allow-dirty every step is written and committed.
    const forced = await runCli(["apply", "plan.toml", "--commit-each", "--allow-dirty"], dir);
    assert.equal(forced.code, 0, forced.out + forced.err);
    assert.equal(git(dir, "rev-list", "--count", `${head.trim()}..HEAD`).trim(), "3");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const message of ["", "  \n"]) {
  test(`apply --commit-each with an empty commit message (${JSON.stringify(message)}): refused before anything is written`, async () => {
    const dir = await plannedProject(
      `[project]\nname = "p"\n\n[tool.remodel]\ncommit-message = ${JSON.stringify(message)}\n`,
    );
    try {
      const before = treeState(dir);
      const head = git(dir, "rev-parse", "HEAD");
      const r = await runCli(["apply", "plan.toml", "--commit-each"], dir);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.out, /not written: the commit message of step p\.models\.m0 is empty/);
      assert.equal(git(dir, "rev-parse", "HEAD"), head);
      assert.equal(treeState(dir), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
