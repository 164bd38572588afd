/** The README's first command: `remodel demo` migrates the bundled example and proves it. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";

test("remodel demo migrates every model module with one commit each and keeps the example's tests green", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "remodel-demo-test-")), "demo");
  const r = await runCli(["demo", "--out", out], process.cwd());
  assert.equal(r.code, 0, r.out + r.err);
  const log = execFileSync("git", ["log", "--format=%s"], { cwd: out, encoding: "utf8" }).trim().split("\n");
  const migrations = log.filter((l) => l.startsWith("refactor: Migrate "));
  assert.equal(migrations.length, 14, log.join("\n"));
  for (const name of ["user", "session", "base", "audit_log"]) {
    assert.ok(existsSync(join(out, "src/kestrel/models", name, "row.py")), `${name}/row.py`);
    assert.ok(existsSync(join(out, "src/kestrel/models", name, "__init__.py")), `${name}/__init__.py`);
    assert.ok(!existsSync(join(out, "src/kestrel/models", `${name}.py`)), `${name}.py is gone`);
  }
  if (existsSync("/usr/bin/python3")) assert.match(r.out, /unittest: Ran \d+ tests in [\d.]+s, OK/);
  assert.equal(execFileSync("git", ["status", "--porcelain"], { cwd: out, encoding: "utf8" }), "");
});
