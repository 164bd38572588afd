/**
 * Extracting the static schema of a big project takes most of a second (tree-sitter parses of
 * every model file); a refactoring needs the "before" one only when it verifies, after planning.
 * So it is started on a second thread as soon as the project is loaded and collected, blocking
 * if it is not there yet, when verification asks for it. A split's "after" schema (every model
 * module is new text) is computed the same way while the main thread runs the other checks. If
 * the thread fails, the schema is computed here instead: the thread only ever saves time.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { registerThread } from "../core/background.js";
import { timed } from "../core/timing.js";
import { schemaFromProject } from "../orm/index.js";
import type { ProjectIndex } from "../project/types.js";
import type { Schema } from "../schema/model.js";

/** `onFallback` is told when the thread did not answer and the schema was computed here. */
export function backgroundSchema(index: ProjectIndex, onFallback?: (why: string) => void): () => Schema {
  const files = [...index.files.values()].map((f) => ({ path: f.path, module: f.module, hash: f.hash }));
  const answer = schemaThread(index.root).send(files, new Map());
  let schema: Schema | null = null;
  return () => {
    if (schema) return schema;
    const got = answer();
    if (got.schema) return (schema = got.schema);
    onFallback?.(got.error);
    return (schema = schemaFromProject(index));
  };
}

/** A file as the thread reads it: from disk, or from `texts` when given there. */
export interface ThreadFile {
  path: string;
  module: string;
  hash?: string;
}

export interface SchemaThread {
  /**
   * Hands the thread its files (`texts`: the new ones, by path, not on disk yet) and returns a
   * function that blocks until the thread answers. Called at most once.
   */
  send(
    files: ThreadFile[],
    texts: ReadonlyMap<string, string>,
  ): () => { schema: Schema; error?: undefined } | { schema?: undefined; error: string };
  /** Nothing will be sent: the thread ends. */
  cancel(): void;
}

/**
 * A thread started now that loads the extractor (module loading and tree-sitter's start-up, in
 * parallel with what the main thread does next) and computes one schema once it is sent the files.
 * `summaryCache`: the thread reads the module summaries cached on disk (it never writes them).
 */
export function schemaThread(root: string, opts: { summaryCache?: boolean } = {}): SchemaThread {
  let worker: Worker | null = null;
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  try {
    worker = new Worker(new URL("./schema-worker.js", import.meta.url), {
      workerData: { root, port: port2, signal, summaryCache: opts.summaryCache },
      transferList: [port2],
    });
    worker.on("error", () => {
      /* collected below as a missing answer */
    });
    // Answers are read synchronously (Atomics.wait): the thread never needs to keep the process alive.
    worker.unref();
    registerThread(worker);
  } catch {
    worker = null;
  }
  return {
    cancel() {
      port1.close();
      worker = null;
    },
    send(files, texts) {
      if (worker) {
        try {
          port1.postMessage({ files, texts: [...texts] });
        } catch {
          port1.close();
          worker = null;
        }
      }
      let got: ReturnType<ReturnType<SchemaThread["send"]>> | null = null;
      return () => {
        if (got) return got;
        if (!worker) return (got = { error: "no thread" });
        const msg = answer(port1, signal);
        // Not terminated: it may still be inside the parser, and it ends by itself once it has answered.
        worker = null;
        return (got = msg?.schema ? { schema: msg.schema } : { error: msg?.error ?? "no answer" });
      };
    },
  };
}

function answer(port: MessagePort, signal: SharedArrayBuffer): { schema?: Schema; error?: string } | undefined {
  const flag = new Int32Array(signal);
  // The thread raises the flag when it answers or fails; the timeout only guards against a crash.
  timed("wait for the schema thread", () => Atomics.wait(flag, 0, 0, 30_000));
  const msg = receiveMessageOnPort(port)?.message as { schema?: Schema; error?: string } | undefined;
  port.close();
  return msg;
}
