/**
 * The write transaction (src/core/transaction/): all or nothing. A failure while writing rolls
 * back; a failure while backing files up writes nothing and leaves no journal; a run killed
 * half-way leaves a journal that the next run (or recoverInterrupted) rolls back.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs, { existsSync, readFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { recoverInterrupted, writeOverlay } from "../../src/core/transaction/index.js";
import type { Overlay } from "../../src/core/overlay.js";
import { readTree, repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const FILES = { "pkg/__init__.py": "", "pkg/a.py": "A = 1\n", "pkg/b.py": "B = 2\n" };
const opts = { gitRoot: null, bom: () => false, readHash: () => undefined };
const overlay = (o: Partial<Overlay>): Overlay => ({ texts: new Map(), removed: new Set(), moves: new Map(), ...o });
/** The project's own files (the cache folder holds the journal and the lock while writing). */
const tree = (root: string) => Object.fromEntries([...readTree(root)].filter(([p]) => !p.startsWith(".remodel_cache")));

test("a change is written whole: edits, a move, a new file in a new folder, a deletion", async () => {
  const root = writeProject(FILES);
  await writeOverlay(
    root,
    overlay({
      texts: new Map([
        ["pkg/a/row.py", "A = 10\n"],
        ["pkg/a/__init__.py", "from .row import A\n"],
        ["pkg/new/c.py", "C = 3\n"],
      ]),
      moves: new Map([["pkg/a.py", "pkg/a/row.py"]]),
      removed: new Set(["pkg/a.py", "pkg/b.py"]),
    }),
    opts,
  );
  assert.deepEqual(tree(root), {
    "pkg/__init__.py": "",
    "pkg/a/__init__.py": "from .row import A\n",
    "pkg/a/row.py": "A = 10\n",
    "pkg/new/c.py": "C = 3\n",
  });
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")), "the journal is removed after a write");
});

test("a failure while writing rolls every file back, new folders included", async () => {
  const root = writeProject(FILES);
  const before = tree(root);
  // The move's source does not exist: the rename fails after the temporary files were written.
  await assert.rejects(
    writeOverlay(
      root,
      overlay({
        texts: new Map([
          ["pkg/b.py", "B = 20\n"],
          ["pkg/deep/er/x.py", "X = 1\n"],
          ["pkg/gone/row.py", "G = 1\n"],
        ]),
        moves: new Map([["pkg/gone.py", "pkg/gone/row.py"]]),
        removed: new Set(["pkg/gone.py"]),
      }),
      opts,
    ),
    /writing failed and was rolled back/,
  );
  assert.deepEqual(tree(root), before);
  assert.ok(!existsSync(join(root, "pkg/deep")) && !existsSync(join(root, "pkg/gone")), "created folders are removed");
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")));
});

test("a failure while backing files up writes nothing and leaves no journal to recover", async () => {
  const root = writeProject(FILES);
  const before = tree(root);
  // The copy of the second original into the journal's backups fails (a full or failing disk).
  const real = fs.copyFileSync;
  let copies = 0;
  fs.copyFileSync = (...args: Parameters<typeof real>) => {
    if (++copies === 2) throw Object.assign(new Error("EIO: i/o error, copyfile"), { code: "EIO" });
    return real(...args);
  };
  syncBuiltinESMExports();
  try {
    await assert.rejects(
      writeOverlay(
        root,
        overlay({
          texts: new Map([
            ["pkg/a.py", "A = 10\n"],
            ["pkg/b.py", "B = 20\n"],
          ]),
        }),
        opts,
      ),
      /writing failed and was rolled back: EIO/,
    );
  } finally {
    fs.copyFileSync = real;
    syncBuiltinESMExports();
  }
  assert.equal(copies, 2, "the backup of the second file was attempted");
  assert.deepEqual(tree(root), before);
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")), "no partial backups or journal are left");
  assert.equal(recoverInterrupted(root), "none");
  // The next write goes through.
  await writeOverlay(root, overlay({ texts: new Map([["pkg/a.py", "A = 10\n"]]) }), opts);
  assert.equal(readFileSync(join(root, "pkg/a.py"), "utf8"), "A = 10\n");
});

/**
 * Writes `texts` in a child process that is killed (SIGKILL) as it renames pkg/b.py into place,
 * with pkg/a.py already replaced: what a kill -9 or a power cut leaves.
 */
function killedWrite(root: string, texts: Record<string, string>): void {
  const script = `
    import fs from "node:fs";
    import { syncBuiltinESMExports } from "node:module";
    const real = fs.renameSync;
    fs.renameSync = (a, b) => { if (String(b).endsWith("/pkg/b.py")) process.kill(process.pid, "SIGKILL"); return real(a, b); };
    syncBuiltinESMExports();
    const { writeOverlay } = await import(${JSON.stringify(join(repoRoot, "dist/src/core/transaction/index.js"))});
    const texts = new Map(Object.entries(${JSON.stringify(texts)}));
    await writeOverlay(${JSON.stringify(root)}, { texts, removed: new Set(), moves: new Map() }, { gitRoot: null, bom: () => false, readHash: () => undefined });
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.signal, "SIGKILL", r.stderr);
  assert.ok(existsSync(join(root, ".remodel_cache/transaction/journal.json")), "the journal survives the kill");
  assert.equal(readFileSync(join(root, "pkg/a.py"), "utf8"), "A = 10\n", "the kill left a half-written change");
}

test("a run killed half-way leaves a journal, and the next run rolls it back before writing", async () => {
  const root = writeProject(FILES);
  const before = tree(root);
  killedWrite(root, { "pkg/a.py": "A = 10\n", "pkg/b.py": "B = 20\n", "pkg/c.py": "C = 30\n" });
  // The next write recovers first: the half-written change is undone, then the new one is applied.
  await writeOverlay(root, overlay({ texts: new Map([["pkg/b.py", "B = 3\n"]]) }), opts);
  assert.deepEqual(tree(root), { ...before, "pkg/b.py": "B = 3\n" });
  assert.ok(!existsSync(join(root, ".remodel_cache", "transaction")));
  assert.equal(recoverInterrupted(root), "none");
});

test("recoverInterrupted alone rolls a killed write back and says so", () => {
  const root = writeProject(FILES);
  const before = tree(root);
  killedWrite(root, { "pkg/a.py": "A = 10\n", "pkg/b.py": "B = 20\n" });
  assert.equal(recoverInterrupted(root), "rolled back");
  assert.deepEqual(tree(root), before);
  assert.equal(recoverInterrupted(root), "none");
});
