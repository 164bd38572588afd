/**
 * The "before" static schema, computed on a second thread while the main thread plans the
 * change (see background-schema.ts). The files are read here from disk: they are what is on disk.
 * Whatever happens, the flag is raised, so the main thread never waits for a thread that died.
 */
import { workerData, type MessagePort } from "node:worker_threads";

const { root, files, port, signal } = workerData as {
  root: string; files: { path: string; module: string; hash: string }[]; port: MessagePort; signal: SharedArrayBuffer;
};
try {
  const [{ readFileSync }, { join }, { extractSchema }, { decodeSource }] = await Promise.all([
    import("node:fs"), import("node:path"), import("../orm/index.js"), import("../project/read-source.js"),
  ]);
  const inputs = files.map((f) => ({ ...f, read: () => decodeSource(readFileSync(join(root, f.path))).text }));
  port.postMessage({ schema: extractSchema(inputs) });
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
} finally {
  const flag = new Int32Array(signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
