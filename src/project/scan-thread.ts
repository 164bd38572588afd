/**
 * A cold run spends most of its time reading and scanning files, one at a time, on one core. When
 * many files need a scan, the main thread hands half of them to a second thread and scans the
 * other half meanwhile; each file is read the same way on both (read-one.ts). If the thread cannot
 * start or fails, its files are read here: the thread only ever saves time.
 */
import { availableParallelism } from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { registerThread } from "../core/background.js";
import { timed } from "../core/timing.js";
import { decodeFacts } from "./facts-codec.js";
import type { ReadResult } from "./read-one.js";

/** Below this many files to scan, starting a thread (its module loading) costs more than it saves. */
export const THREAD_MIN_FILES = 400;

export interface ScanThread {
  /** Blocks until the thread has answered: one result per job, in order; null when it failed. */
  collect(): ReadResult[] | null;
}

/** Starts a thread on `jobs` (path, cached content hash), or returns null when this machine has one core. */
export function scanThread(root: string, jobs: [string, string | null][]): ScanThread | null {
  if (availableParallelism() < 2 || process.env.REMODEL_THREADS === "0") return null;
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(new URL("./scan-worker.js", import.meta.url), {
      workerData: { root, jobs, port: port2, signal },
      transferList: [port2],
    });
  } catch {
    port1.close();
    return null;
  }
  worker.on("error", () => {
    /* collected below as a missing answer */
  });
  worker.unref();
  registerThread(worker);
  return {
    collect() {
      // The thread raises the flag when it answers or fails; the timeout only guards against a crash.
      timed("wait for the scan thread", () => Atomics.wait(new Int32Array(signal), 0, 0, 120_000));
      const msg = receiveMessageOnPort(port1)?.message as { encoded?: ArrayBuffer; error?: string } | undefined;
      port1.close();
      if (!msg?.encoded) return null;
      const results = decodeFacts(new Uint8Array(msg.encoded));
      return Array.isArray(results) && results.length === jobs.length ? (results as ReadResult[]) : null;
    },
  };
}
