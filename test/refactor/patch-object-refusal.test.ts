/**
 * Why `move` refuses a package-form move under `patch.object(module, "f")` when the module's own
 * code calls `f`: CPython shows the patch reaching the call before the move and missing it after
 * a forced one, in both the package form and with a facade left behind (the refusals themselves are
 * the fixtures test/fixtures/move/patch-object-refused and patch-object-refused-keep-facade).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const runTest = (cwd: string) =>
  spawnSync("/usr/bin/python3", ["-c", "import sys; sys.path[:0] = ['.', 'tests']; import test_mailer; test_mailer.test_welcome()"], { cwd, encoding: "utf8" });

test("a forced move stops patch.object from reaching the moved code, as the refusal says", async () => {
  const work = copyToTemp(join(fixtures("move"), "patch-object-refused", "before"));
  assert.equal(runTest(work).status, 0, "the patch works before the move");
  const refused = await runCli(["move", "shop/mailer.py", "shop/mailer/core.py"], work);
  assert.equal(refused.code, 1);
  const forced = await runCli(["move", "shop/mailer.py", "shop/mailer/core.py", "--force"], work);
  assert.equal(forced.code, 0, forced.out + forced.err);
  const after = runTest(work);
  assert.notEqual(after.status, 0);
  assert.match(after.stderr, /AssertionError/);
});

test("with --keep-facade a forced move also stops patch.object from reaching the moved code", async () => {
  const work = copyToTemp(join(fixtures("move"), "patch-object-refused-keep-facade", "before"));
  assert.equal(runTest(work).status, 0, "the patch works before the move");
  const args = ["move", "shop/mailer.py", "shop/notify.py", "--keep-facade"];
  assert.equal((await runCli(args, work)).code, 1);
  const forced = await runCli([...args, "--force"], work);
  assert.equal(forced.code, 0, forced.out + forced.err);
  const after = runTest(work);
  assert.notEqual(after.status, 0);
  assert.match(after.stderr, /AssertionError/);
});
