/**
 * The CLI waits for its background threads before it exits. A thread still busy with an answer
 * nobody collected is unref'd (answers are read synchronously), so unless the wait refs it again
 * the event loop is empty under the CLI's top-level await and Node exits with 13, not the
 * command's code: seen once in ten real splits.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const background = new URL("../../src/core/background.js", import.meta.url).href;

test("a command's exit waits for a busy unref'd background thread and keeps its own code", () => {
  const script = `
    import { Worker } from "node:worker_threads";
    const { registerThread, backgroundSettled } = await import(${JSON.stringify(background)});
    const w = new Worker("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); require('node:worker_threads').parentPort.postMessage('done');", { eval: true });
    let answered = false;
    w.on("message", () => { answered = true; });
    w.unref();
    registerThread(w);
    await backgroundSettled();
    process.stdout.write(answered ? "answered" : "cut off");
    process.exit(7);
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 7, r.stderr);
});
