/**
 * A static schema computed on a second thread (see background-schema.ts): the "before" one while
 * the main thread plans the change, or the "after" one while it runs the other checks. Files are
 * read here from disk (they are what is on disk), except the texts handed over: the change's
 * new texts, not written yet. The thread loads its modules and then waits for one message with
 * the files. Whatever happens, the flag is raised, so the main thread
 * never waits for a thread that died.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";

interface Job {
  files: { path: string; module: string; hash?: string }[];
  texts: [string, string][];
}
const { root, port, signal, summaryCache } = workerData as {
  root: string;
  port: MessagePort;
  signal: SharedArrayBuffer;
  summaryCache?: boolean;
};
const flag = new Int32Array(signal);
try {
  const [{ readFileSync }, { join }, { extractSchema }, { decodeSource }, { SummaryMemo }] = await Promise.all([
    import("node:fs"),
    import("node:path"),
    import("../orm/index.js"),
    import("../project/read-source.js"),
    import("../orm/summary-memo.js"),
  ]);
  // Read only (never saved here): the summaries of unchanged files, as the main thread finds them.
  const memo = new SummaryMemo();
  if (summaryCache) memo.attach(root);
  const { files, texts } = await nextJob();
  const given = new Map(texts);
  const inputs = files.map(({ path, module, hash }) => {
    const text = given.get(path);
    return text !== undefined
      ? { path, module, text }
      : { path, module, hash: hash!, read: () => decodeSource(readFileSync(join(root, path))).text };
  });
  port.postMessage({ schema: extractSchema(inputs, { memo }) });
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** The job the main thread sends once it knows the files; a closed port (nothing to do) ends the thread. */
async function nextJob(): Promise<Job> {
  const waiting = receiveMessageOnPort(port)?.message as Job | undefined;
  if (waiting) return waiting;
  return new Promise<Job>((resolve, reject) => {
    port.once("message", resolve);
    port.once("close", () => reject(new Error("no job")));
  });
}
