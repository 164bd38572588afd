/** A plan file kept outside any project applies to the project of the working directory. */
import { writeProject } from "../support/write-project.js";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";

test("apply and status read a plan from outside the project against the working directory's project", async () => {
  const project = writeProject({
    "pyproject.toml": '[project]\nname = "p"\n',
    "src/p/__init__.py": "",
    "src/p/models/__init__.py": "from .a import A\n\n__all__ = [\"A\"]\n",
    "src/p/models/a.py": "class A:\n    pass\n",
  });
  const elsewhere = mkdtempSync(join(tmpdir(), "remodel-plans-"));
  try {
    const plan = await runCli(["plan", "package", "p.models", "--out", join(elsewhere, "plan.toml")], project);
    assert.equal(plan.code, 0, plan.err);
    const applied = await runCli(["apply", join(elsewhere, "plan.toml")], project);
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.ok(existsSync(join(project, "src/p/models/a/row.py")));
    assert.ok(!existsSync(join(elsewhere, ".remodel_cache")), "the plan's folder was taken for the project");
    const status = await runCli(["status", join(elsewhere, "plan.toml")], project);
    assert.match(status.out, /done/);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
