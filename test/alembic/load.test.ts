import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkGraph, loadVersionDirs } from "../../src/alembic/index.js";
import { fixturesDir } from "./cases.js";

test("load: an unreadable file (dangling symlink) is one AL008 finding; the other files still count", () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-alembic-load-"));
  try {
    cpSync(join(fixturesDir, "linear/versions"), join(dir, "versions"), { recursive: true });
    symlinkSync(join(dir, "nowhere.py"), join(dir, "versions", "5e6f_broken_link.py"));
    const graph = loadVersionDirs([join(dir, "versions")], dir);
    assert.deepEqual(graph.heads, ["4d5e6f708192"]);
    assert.equal(graph.revisions.length, 4);
    const problems = checkGraph(graph);
    assert.deepEqual(
      problems.map((p) => `${p.path}:${p.line}: ${p.code}`),
      ["versions/5e6f_broken_link.py:1: AL008"],
    );
    assert.match(problems[0].message, /cannot read: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
