/**
 * Extracting the static schema of a big project takes most of a second (tree-sitter parses of
 * every model file); a refactoring needs the "before" one only when it verifies, after planning.
 * So it is started on a second thread as soon as the project is loaded and collected, blocking
 * if it is not there yet, when verification asks for it. A split's "after" schema (every model
 * module is new text) is computed next by the same thread, while the main thread runs the other
 * checks: its modules are loaded and it holds every unchanged file's summary by then. If the
 * thread fails, the schema is computed here instead: the thread only ever saves time.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { registerThread } from "../core/background.js";
import { timed } from "../core/timing.js";
import { schemaFromProject } from "../orm/index.js";
import type { ProjectIndex } from "../project/types.js";
import type { Schema } from "../schema/model.js";

/**
 * `onFallback` is told when the thread did not answer and the schema was computed here. `thread`:
 * the one to ask (the split's, which answers the "after" schema next); a new one by default.
 */
export function backgroundSchema(
  index: ProjectIndex,
  onFallback?: (why: string) => void,
  thread?: SchemaThread,
): () => Schema {
  const files = [...index.files.values()].map((f) => ({ path: f.path, module: f.module, hash: f.hash }));
  const own = !thread;
  const t = thread ?? schemaThread(index.root);
  const answer = t.send(files, new Map());
  if (own) t.done();
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

type Answer = { schema: Schema; error?: undefined } | { schema?: undefined; error: string };

export interface SchemaThread {
  /**
   * Hands the thread one job, its files (`texts`: the new ones, by path, not on disk yet), and
   * returns a function that blocks until the thread answers it. Jobs are answered in order, each
   * with the summaries the earlier ones left in the thread's memory.
   */
  send(files: ThreadFile[], texts: ReadonlyMap<string, string>): () => Answer;
  /** Nothing more will be sent: the thread ends once it has answered what it was sent. */
  done(): void;
}

/**
 * A thread started now that loads the extractor (module loading and tree-sitter's start-up, in
 * parallel with what the main thread does next) and computes schemas as it is sent files. It
 * ends when told `done`, or when the command ends (core/background.ts releases it).
 * `summaryCache`: the thread reads the module summaries cached on disk (it never writes them).
 */
export function schemaThread(root: string, opts: { summaryCache?: boolean } = {}): SchemaThread {
  let worker: Worker | null = null;
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  let sent = 0;
  let stopped = false;
  const received = new Map<number, { schema?: Schema; error?: string }>();
  const done = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      if (worker) port1.postMessage({ stop: true });
    } catch {
      worker = null;
    }
  };
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
    registerThread(worker, done);
  } catch {
    worker = null;
  }
  return {
    done,
    send(files, texts) {
      const id = ++sent;
      let posted = false;
      if (worker && !stopped) {
        try {
          port1.postMessage({ id, files, texts: [...texts] });
          posted = true;
        } catch {
          worker = null;
        }
      }
      let got: Answer | null = null;
      return () => {
        if (got) return got;
        if (!posted) return (got = { error: "no thread" });
        const msg = answer(id);
        return (got = msg?.schema ? { schema: msg.schema } : { error: msg?.error ?? "no answer" });
      };
    },
  };

  function answer(id: number): { schema?: Schema; error?: string } | undefined {
    // The thread bumps the flag once per answer (past every job when it fails to start); the
    // deadline only guards against a crash.
    const deadline = Date.now() + 30_000;
    timed("wait for the schema thread", () => {
      for (let seen = Atomics.load(flag, 0); seen < id && Date.now() < deadline; seen = Atomics.load(flag, 0))
        Atomics.wait(flag, 0, seen, deadline - Date.now());
    });
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
      const msg = m.message as { id: number; schema?: Schema; error?: string };
      received.set(msg.id, msg);
    }
    const msg = received.get(id) ?? received.get(0);
    received.delete(id);
    return msg;
  }
}
