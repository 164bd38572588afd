/**
 * The write transaction: all or nothing. A failure while writing rolls back; a failure while
 * backing files up writes nothing and leaves no journal; a run killed half-way leaves a journal
 * that the next run (or recoverInterrupted) rolls back.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { recoverInterrupted, writeOverlay } from "../../src/core/transaction.js";
import type { Overlay } from "../../src/core/overlay.js";
import { readTree, repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const FILES = { "pkg/__init__.py": "", "pkg/a.py": "A = 1\n", "pkg/b.py": "B = 2\n" };
const opts = { gitRoot: null, bom: () => false };
const overlay = (o: Partial<Overlay>): Overlay => ({ texts: new Map(), removed: new Set(), moves: new Map(), ...o });
/** The project's own files (the cache folder holds the journal while writing). */
const tree = (root: string) => Object.fromEntries([...readTree(root)].filter(([p]) => !p.startsWith(".remodel_cache")));

test("a change is written whole: edits, a move, a new file in a new folder, a deletion", () => {
  const root = writeProject(FILES);
  writeOverlay(root, overlay({
    texts: new Map([["pkg/a/row.py", "A = 10\n"], ["pkg/a/__init__.py", "from .row import A\n"], ["pkg/new/c.py", "C = 3\n"]]),
    moves: new Map([["pkg/a.py", "pkg/a/row.py"]]),
    removed: new Set(["pkg/a.py", "pkg/b.py"]),
  }), opts);
  assert.deepEqual(tree(root), { "pkg/__init__.py": "", "pkg/a/__init__.py": "from .row import A\n", "pkg/a/row.py": "A = 10\n", "pkg/new/c.py": "C = 3\n" });
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")), "the journal is removed after a write");
});

test("a failure while writing rolls every file back, new folders included", () => {
  const root = writeProject(FILES);
  const before = tree(root);
  // The move's source does not exist: the rename fails after the temporary files were written.
  assert.throws(() => writeOverlay(root, overlay({
    texts: new Map([["pkg/b.py", "B = 20\n"], ["pkg/deep/er/x.py", "X = 1\n"], ["pkg/gone/row.py", "G = 1\n"]]),
    moves: new Map([["pkg/gone.py", "pkg/gone/row.py"]]),
    removed: new Set(["pkg/gone.py"]),
  }), opts), /writing failed and was rolled back/);
  assert.deepEqual(tree(root), before);
  assert.ok(!existsSync(join(root, "pkg/deep")) && !existsSync(join(root, "pkg/gone")), "created folders are removed");
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")));
});

test("a failure while backing files up writes nothing and leaves no journal to recover", () => {
  const root = writeProject(FILES);
  mkdirSync(join(root, "pkg/folder"));
  const before = tree(root);
  // A touched path that is a directory cannot be copied into the backups.
  assert.throws(() => writeOverlay(root, overlay({ texts: new Map([["pkg/a.py", "A = 10\n"], ["pkg/folder", "x\n"]]) }), opts), /cannot back up pkg\/folder before writing \(nothing was written\)/);
  assert.deepEqual(tree(root), before);
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")), "no partial backups or journal are left");
  assert.equal(recoverInterrupted(root, null), false);
  // The next write goes through.
  writeOverlay(root, overlay({ texts: new Map([["pkg/a.py", "A = 10\n"]]) }), opts);
  assert.equal(readFileSync(join(root, "pkg/a.py"), "utf8"), "A = 10\n");
});

test("a run killed half-way leaves a journal, and the next run rolls it back before writing", () => {
  const root = writeProject(FILES);
  const before = tree(root);
  // A child process writes a change and dies (exit 9) at the second rename into place, with the
  // first file already replaced: what a kill -9 or a power cut leaves.
  const script = `
    import fs from "node:fs";
    import { syncBuiltinESMExports } from "node:module";
    const real = fs.renameSync;
    let n = 0;
    fs.renameSync = (a, b) => { if (++n === 2) process.exit(9); return real(a, b); };
    syncBuiltinESMExports();
    const { writeOverlay } = await import(${JSON.stringify(join(repoRoot, "dist/src/core/transaction.js"))});
    writeOverlay(${JSON.stringify(root)}, { texts: new Map([["pkg/a.py", "A = 10\\n"], ["pkg/b.py", "B = 20\\n"], ["pkg/c.py", "C = 30\\n"]]), removed: new Set(), moves: new Map() }, { gitRoot: null, bom: () => false });
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 9, r.stderr);
  assert.ok(existsSync(join(root, ".remodel_cache/transaction/journal.json")), "the journal survives the kill");
  assert.notDeepEqual(tree(root), before, "the kill left a half-written change");
  // The next write recovers first: the half-written change is undone, then the new one is applied.
  writeOverlay(root, overlay({ texts: new Map([["pkg/b.py", "B = 3\n"]]) }), opts);
  assert.deepEqual(tree(root), { ...before, "pkg/b.py": "B = 3\n" });
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")));
  assert.equal(recoverInterrupted(root, null), false);
});
