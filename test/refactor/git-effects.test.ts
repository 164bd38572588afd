/**
 * What a move leaves in the work tree besides file contents: modes are kept (an executable
 * module stays executable, moved or edited in place), and without --commit the new files (the
 * facade `__init__.py`) are staged with the renames, so `git commit -a` commits a whole package.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

test("move keeps file modes and stages the files it creates", async () => {
  const work = copyToTemp(join(fixtures("move"), "package-basic", "before"));
  chmodSync(join(work, "src/shop/models/user.py"), 0o755);
  chmodSync(join(work, "tests/test_accounts.py"), 0o750);
  git(work, "init", "-q");
  git(work, "add", "-A");
  git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
  const r = await runCli(["move", "src/shop/models/user.py", "src/shop/models/user/row.py"], work);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(
    statSync(join(work, "src/shop/models/user/row.py")).mode & 0o777,
    0o755,
    "moved file keeps its executable bit",
  );
  assert.equal(statSync(join(work, "tests/test_accounts.py")).mode & 0o777, 0o750, "edited file keeps its mode");
  const staged = git(work, "diff", "--cached", "--name-status", "-M").split("\n").filter(Boolean);
  assert.ok(staged.includes("A\tsrc/shop/models/user/__init__.py"), staged.join("\n"));
  assert.ok(
    staged.some((l) => /^R\d+\tsrc\/shop\/models\/user.py\tsrc\/shop\/models\/user\/row.py$/.test(l)),
    staged.join("\n"),
  );
  // `git commit -a` now leaves nothing of the move behind.
  git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "move");
  assert.equal(git(work, "status", "--porcelain", "--untracked-files=all").trim(), "");
});
