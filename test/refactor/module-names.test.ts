/**
 * A move or split that would create a module CPython cannot import (a keyword or a non-identifier
 * as its name) is refused with one line and exit 2, even with --force, and writes nothing.
 * Soft keywords (`match`, `type`) are valid module names and are moved.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const user = "src/shop/models/user.py";

for (const [target, why] of [
  ["src/shop/models/user/class.py", /'class' is a Python keyword/],
  ["src/shop/models/None.py", /'None' is a Python keyword/],
  ["src/shop/models/9users.py", /9users.*(not a Python identifier|not importable)/],
  ["src/shop/models/def/row.py", /'def' is a Python keyword/],
] as const) {
  test(`move to ${target} is refused: exit 2, one line, nothing written (also with --force)`, async () => {
    const work = copyToTemp(join(fixtures("move"), "package-basic", "before"));
    const before = readFileSync(join(work, user), "utf8");
    for (const extra of [[], ["--force"]]) {
      const r = await runCli(["move", user, target, ...extra], work);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, why);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.equal(readFileSync(join(work, user), "utf8"), before);
      assert.ok(!existsSync(join(work, target)));
    }
  });
}

test("a soft keyword is a valid module name: move to match.py is written and imports", async () => {
  const work = copyToTemp(join(fixtures("move"), "package-basic", "before"));
  const r = await runCli(["move", user, "src/shop/models/match.py"], work);
  assert.equal(r.code, 0, r.out + r.err);
  assert.ok(existsSync(join(work, "src/shop/models/match.py")));
  execFileSync("/usr/bin/python3", ["-c", "import shop.models.match"], { cwd: join(work, "src") });
});
