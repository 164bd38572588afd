import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { loadVersionDirs, renderHeads, renderHistory } from "../../src/alembic/index.js";
import { fixtureCases, repoRoot } from "./cases.js";

/**
 * Real Alembic (1.8, Debian's python3-alembic) loads every fixture that it can load (no structural
 * error, no unreadable file; several heads are fine for it) and must agree with the static reader
 * on heads, bases, the revision count, `label@heads`, and `alembic history` line by line.
 */
const loadable = fixtureCases().filter((c) => c.expected.check.every((line) => line.endsWith("AL001")));

test("alembic oracle: enough fixtures are loadable by Alembic", () => {
  assert.ok(loadable.length >= 8, `only ${loadable.length} loadable fixtures`);
});

test("alembic oracle: heads, bases, labels, `alembic heads` and `alembic history` equal real Alembic's", () => {
  const script = join(repoRoot, "test/alembic/alembic_oracle.py");
  const out = execFileSync("/usr/bin/python3", [script, ...loadable.map((c) => c.dir)], { encoding: "utf8" });
  const oracle = JSON.parse(out) as Record<
    string,
    {
      heads: string[];
      bases: string[];
      revisions: number;
      history: string[];
      headsLines: string[];
      labelHeads: Record<string, string[]>;
    }
  >;
  for (const c of loadable) {
    const real = oracle[c.dir];
    const graph = loadVersionDirs([join(c.dir, "versions")], c.dir);
    assert.deepEqual(graph.heads, real.heads, `${c.name}: heads`);
    assert.deepEqual(graph.bases, real.bases, `${c.name}: bases`);
    assert.equal(graph.revisions.length, real.revisions, `${c.name}: revisions`);
    assert.deepEqual(Object.fromEntries(graph.labelHeads), real.labelHeads, `${c.name}: label@heads`);
    assert.deepEqual(renderHistory(graph), real.history, `${c.name}: alembic history`);
    assert.deepEqual(renderHeads(graph), real.headsLines, `${c.name}: alembic heads`);
  }
});

/**
 * The other side: every fixture where `check` reports something Alembic cannot load past
 * (dangling references, cycles, label clashes, unreadable files, files without a revision) must
 * make real Alembic raise too, and a duplicated id must really confuse it (the id is listed twice
 * among its heads). So `check` fails exactly where Alembic would.
 */
const FATAL = ["AL002", "AL004", "AL005", "AL006", "AL008", "AL010"];

test("alembic oracle: Alembic refuses every fixture check reports as fatal", () => {
  const fatal = fixtureCases().filter((c) => c.expected.check.some((l) => FATAL.some((code) => l.endsWith(code))));
  const dup = fixtureCases().filter((c) => c.expected.check.some((l) => l.endsWith("AL003")));
  assert.ok(fatal.length >= 7 && dup.length >= 1);
  const script = join(repoRoot, "test/alembic/alembic_oracle.py");
  const out = execFileSync("/usr/bin/python3", [script, ...fatal.map((c) => c.dir), ...dup.map((c) => c.dir)], {
    encoding: "utf8",
  });
  const oracle = JSON.parse(out) as Record<string, { error?: string; heads?: string[] }>;
  for (const c of fatal) assert.ok(oracle[c.dir].error, `${c.name}: Alembic loaded it (heads ${oracle[c.dir].heads})`);
  for (const c of dup) {
    const heads = oracle[c.dir].heads ?? [];
    assert.ok(new Set(heads).size < heads.length, `${c.name}: Alembic's heads ${heads} have no duplicate`);
  }
});
