/**
 * Threads that work in the background of a command (the "before" schema). A thread that uses a
 * native addon must never be cut off by the process exiting or by terminate() while it is inside
 * native code: that aborts the whole process (exit 134) after the command has done its work. So
 * every thread is registered here, and the CLI waits for all of them to end before it exits.
 */
import type { Worker } from "node:worker_threads";

const running = new Map<Promise<void>, Worker>();
/** Per thread that waits for work: tells it no more will come, so it ends. */
const releases = new Map<Worker, () => void>();

export function registerThread(worker: Worker, release?: () => void): void {
  if (release) releases.set(worker, release);
  const ended = new Promise<void>((resolve) => {
    worker.once("exit", () => resolve());
    worker.once("error", () => resolve());
  });
  running.set(ended, worker);
  void ended.then(() => {
    running.delete(ended);
    releases.delete(worker);
  });
}

/**
 * Resolves when every registered thread has ended (each is told no more work will come), or
 * after `capMs` for one that hangs. The threads are unref'd while the command runs (it reads their
 * answers synchronously); here they are ref'd again, else a thread still busy with an answer nobody
 * collected leaves the event loop empty under this await and Node exits with 13.
 */
export async function backgroundSettled(capMs = 60_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, capMs);
  });
  // A thread kept for a job that never came (a split whose change touched no model) is told to end.
  for (const release of releases.values()) release();
  const all = (async () => {
    while (running.size) {
      for (const w of running.values()) w.ref();
      await Promise.all([...running.keys()]);
    }
  })();
  await Promise.race([all, cap]);
  clearTimeout(timer);
}
