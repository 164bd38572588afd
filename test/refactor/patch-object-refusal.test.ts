/**
 * Why `move` refuses a package-form move under `patch.object(module, "f")` when the module's own
 * code calls `f`: CPython shows the patch reaching the call before the move and missing it after
 * a forced one, in both the package form and with a facade left behind (the refusals themselves are
 * the fixtures test/fixtures/move/patch-object-refused and patch-object-refused-keep-facade). With a
 * facade, a `mock.patch("old.mod.f")` string is retargeted when only the moved code reads `f`, and
 * refused when importers also read `f` through the facade: CPython shows both.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const runTest = (cwd: string) =>
  spawnSync(
    "/usr/bin/python3",
    [
      "-c",
      "import sys; sys.path[:0] = ['.', 'tests']; import test_mailer; [f() for n, f in vars(test_mailer).items() if n.startswith('test_')]",
    ],
    { cwd, encoding: "utf8" },
  );

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

/** The fixture's move is refused, and forced anyway it breaks the patch, as the refusal says. */
async function refusedThenBrokenWhenForced(fixture: string, args: string[]): Promise<void> {
  const work = copyToTemp(join(fixtures("move"), fixture, "before"));
  assert.equal(runTest(work).status, 0, "the patch works before the move");
  assert.equal((await runCli(args, work)).code, 1);
  const forced = await runCli([...args, "--force"], work);
  assert.equal(forced.code, 0, forced.out + forced.err);
  const after = runTest(work);
  assert.notEqual(after.status, 0);
  assert.match(after.stderr, /AssertionError/);
}

test("with --keep-facade a forced move also stops patch.object from reaching the moved code", () =>
  refusedThenBrokenWhenForced("patch-object-refused-keep-facade", [
    "move",
    "shop/mailer.py",
    "shop/notify.py",
    "--keep-facade",
  ]));

test("with --keep-facade a patch string the moved code reads is retargeted, and still reaches it", async () => {
  const work = copyToTemp(join(fixtures("move"), "patch-string-keep-facade", "before"));
  assert.equal(runTest(work).status, 0, "the patches work before the move");
  const moved = await runCli(["move", "shop/mailer.py", "shop/notify.py", "--keep-facade"], work);
  assert.equal(moved.code, 0, moved.out + moved.err);
  const after = runTest(work);
  assert.equal(after.status, 0, after.stderr);
});

test("with --keep-facade a patch string read both by the moved code and through the facade is refused: no target reaches both", () =>
  refusedThenBrokenWhenForced("patch-string-refused-keep-facade", [
    "move",
    "shop/mailer.py",
    "shop/notify.py",
    "--keep-facade",
  ]));
