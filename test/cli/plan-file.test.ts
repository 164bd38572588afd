import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readPackagePlan } from "../../src/cli/plan-file.js";

test("a plan written with [step] instead of [[step]] is refused naming the key", () => {
  const path = join(mkdtempSync(join(tmpdir(), "remodel-plan-")), "plan.toml");
  writeFileSync(
    path,
    '[plan]\nkind = "package"\npackage = "app"\n[step]\nmodule = "user"\nsrc = "a.py"\ndest = "b.py"\n',
  );
  assert.throws(
    () => readPackagePlan(path),
    (e: Error) => e.message === `${path}: step must be a list of tables: write [[step]], not [step]`,
  );
});
