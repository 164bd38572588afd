/** A plan file kept outside any project, or in another checkout, applies to the project of the working directory. */
import { writeProject } from "../support/write-project.js";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";

test("apply and status read a plan from outside the project against the working directory's project", async () => {
  const project = writeProject({
    "pyproject.toml": '[project]\nname = "p"\n',
    "src/p/__init__.py": "",
    "src/p/models/__init__.py": 'from .a import A\n\n__all__ = ["A"]\n',
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

test("apply uses the working directory's project when it holds the plan's modules, even with the plan inside another project, and says which", async () => {
  const base = mkdtempSync(join(tmpdir(), "remodel-two-"));
  const [first, second] = [join(base, "first"), join(base, "second")];
  try {
    for (const root of [first, second]) {
      const files: Record<string, string> = {
        "pyproject.toml": '[project]\nname = "p"\n',
        "src/p/__init__.py": "",
        "src/p/models/__init__.py": 'from .a import A\n\n__all__ = ["A"]\n',
        "src/p/models/a.py": "class A:\n    pass\n",
      };
      writeProject(files, root);
    }
    const plan = await runCli(["plan", "package", "p.models", "--out", join(first, "plan.toml")], first);
    assert.equal(plan.code, 0, plan.err);
    const applied = await runCli(["apply", join(first, "plan.toml")], second);
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.match(applied.out, new RegExp(`^project: ${second.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
    assert.ok(existsSync(join(second, "src/p/models/a/row.py")));
    assert.ok(!existsSync(join(first, "src/p/models/a/row.py")), "the plan's own project is untouched");
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
