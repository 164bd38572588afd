/**
 * The scan thread (scan-thread.ts): reads and scans the files it is given, exactly as the main
 * thread does (read-one.ts), and answers with one encoded buffer (facts-codec.ts decodes it several
 * times faster than a structured clone). Whatever happens, the flag is raised, so the main thread
 * never waits for a thread that died.
 */
import { workerData, type MessagePort } from "node:worker_threads";

const { root, jobs, port, signal } = workerData as {
  root: string;
  jobs: [path: string, cachedHash: string | null][];
  port: MessagePort;
  signal: SharedArrayBuffer;
};
const flag = new Int32Array(signal);
try {
  const [{ readChanged }, { encodeFacts }] = await Promise.all([import("./read-one.js"), import("./facts-codec.js")]);
  const results = jobs.map(([path, hash]) => {
    try {
      return readChanged(root, path, hash);
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? "error" };
    }
  });
  const buf = encodeFacts(results);
  const owned = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  port.postMessage({ encoded: owned }, [owned as ArrayBuffer]);
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
