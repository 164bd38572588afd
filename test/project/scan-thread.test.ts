/**
 * The scan thread: a cold load of a project big enough to hand half of its files to a second
 * thread gives the very index a load on one thread gives (every fact, in order, the decode
 * warnings and read errors included), and a warm load after it takes every file from the cache.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadProject } from "../../src/project/load.js";
import { THREAD_MIN_FILES } from "../../src/project/scan-thread.js";
import { writeProject } from "../support/write-project.js";

function bigProject(): string {
  const files: Record<string, string> = { "pyproject.toml": "[project]\nname = \"app\"\n", "app/__init__.py": "" };
  for (let i = 0; i < THREAD_MIN_FILES + 50; i++) {
    files[`app/m${i}.py`] = `from app.m${(i + 1) % 7} import f${(i + 1) % 7}\nimport os\n\n__all__ = ["f${i}"]\n\n\nclass C${i}:\n    x = "é${i}"\n\n\ndef f${i}():\n    return mock.patch("app.m${i}.f${i}")\n`;
  }
  files["app/latin.py"] = "# -*- coding: latin-1 -*-\nx = 1\n";
  files["app/broken.py"] = "def (:\n";
  const dir = writeProject(files, mkdtempSync(join(tmpdir(), "remodel-scan-thread-")));
  // Not valid UTF-8 and no cookie: a decode warning, on whichever thread reads it.
  for (const name of ["bad1", "bad2"]) writeFileSync(join(dir, "app", `${name}.py`), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]));
  return dir;
}

async function load(dir: string, threads: boolean, noCache = true) {
  const before = process.env.REMODEL_THREADS;
  process.env.REMODEL_THREADS = threads ? "1" : "0";
  try {
    return await loadProject(dir, { noCache, exactRoot: true });
  } finally {
    if (before === undefined) delete process.env.REMODEL_THREADS;
    else process.env.REMODEL_THREADS = before;
  }
}

const view = (p: Awaited<ReturnType<typeof load>>) => ({
  files: [...p.files.values()].map((f) => [f.path, f.module, f.hash, f.facts]),
  warnings: p.warnings,
  stats: { ...p.stats, scannedOnThread: undefined },
});

test("a load that scans half of the files on a second thread equals a load on one thread", async () => {
  const dir = bigProject();
  try {
    const one = await load(dir, false);
    const two = await load(dir, true);
    assert.ok(one.files.size > THREAD_MIN_FILES);
    assert.equal(one.stats.scannedOnThread, 0);
    // One core: no thread is started, and the load is the same.
    if (availableParallelism() < 2) assert.equal(two.stats.scannedOnThread, 0);
    else assert.ok(two.stats.scannedOnThread >= THREAD_MIN_FILES / 2, `${two.stats.scannedOnThread} files scanned on the thread`);
    assert.ok(one.warnings.some((w) => w.path === "app/bad1.py") && one.warnings.some((w) => w.path === "app/bad2.py"), JSON.stringify(one.warnings));
    assert.deepStrictEqual(view(two), view(one));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("after a threaded cold load has written the cache, a warm load scans nothing and gives the same index", async () => {
  const dir = bigProject();
  try {
    const cold = await load(dir, true, false);
    assert.equal(cold.stats.scanned, cold.stats.files);
    const warm = await load(dir, true, false);
    assert.equal(cold.stats.scannedOnThread > 0, availableParallelism() >= 2);
    assert.equal(warm.stats.scanned, 0);
    assert.equal(warm.stats.scannedOnThread, 0);
    assert.deepStrictEqual(view(warm).files, view(cold).files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
