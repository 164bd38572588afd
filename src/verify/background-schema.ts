/**
 * Extracting the static schema of a big project takes most of a second (tree-sitter parses of
 * every model file); a refactoring needs the "before" one only when it verifies, after planning.
 * So it is started on a second thread as soon as the project is loaded and collected, blocking
 * if it is not there yet, when verification asks for it. If the thread fails, the schema is
 * computed here instead: the thread only ever saves time.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { registerThread } from "../core/background.js";
import { timed } from "../core/timing.js";
import { schemaFromProject } from "../orm/index.js";
import type { ProjectIndex } from "../project/types.js";
import type { Schema } from "../schema/model.js";

/** `onFallback` is told when the thread did not answer and the schema was computed here. */
export function backgroundSchema(index: ProjectIndex, onFallback?: (why: string) => void): () => Schema {
  let worker: Worker | null = null;
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  try {
    const files = [...index.files.values()].map((f) => ({ path: f.path, module: f.module, hash: f.hash }));
    worker = new Worker(new URL("./schema-worker.js", import.meta.url), { workerData: { root: index.root, files, port: port2, signal }, transferList: [port2] });
    worker.on("error", () => { /* collected below as a missing answer */ });
    registerThread(worker);
  } catch {
    worker = null;
  }
  let schema: Schema | null = null;
  return () => {
    if (schema) return schema;
    if (worker) {
      const flag = new Int32Array(signal);
      // The thread raises the flag when it answers or fails; the timeout only guards against a crash.
      timed("wait for the schema thread", () => Atomics.wait(flag, 0, 0, 30_000));
      const msg = receiveMessageOnPort(port1)?.message as { schema?: Schema; error?: string } | undefined;
      port1.close();
      // Not terminated: it may still be inside the native parser, and it ends by itself once it has answered.
      worker = null;
      if (msg?.schema) return (schema = msg.schema);
      onFallback?.(msg?.error ?? "no answer");
    } else onFallback?.("no thread");
    return (schema = schemaFromProject(index));
  };
}
