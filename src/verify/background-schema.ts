/**
 * Extracting the static schema of a big project takes most of a second (tree-sitter parses of
 * every model file); a refactoring needs the "before" one only when it verifies, after planning.
 * So it is started on a second thread as soon as the project is loaded and collected, blocking
 * if it is not there yet, when verification asks for it. A split's "after" schema (every model
 * module is new text) is computed next by the same thread, while the main thread runs the other
 * checks: its modules are loaded and it holds every unchanged file's summary by then. If the
 * thread fails, the schema is computed here instead: the thread only ever saves time.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { registerThread } from "../core/background.js";
import { timed } from "../core/timing.js";
import { schemaFromProject } from "../orm/index.js";
import type { ProjectIndex } from "../project/types.js";
import type { Schema } from "../schema/model.js";

/**
 * `onFallback` is told when the thread did not answer and the schema was computed here. `thread`:
 * the session to ask (the split's, which answers the "after" schema next); a new one by default.
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
/** A message from the thread: the answer to job `id` (0: the thread failed to start). */
type Reply = { id: number; schema?: Schema; error?: string };

export interface SchemaThread {
  /**
   * Hands the thread one job, its files (`texts`: the new ones, by path, not on disk yet), and
   * returns a function that blocks until the thread answers it. Jobs are answered in order, each
   * with the summaries the session's earlier ones left in the thread's memory.
   */
  send(files: ThreadFile[], texts: ReadonlyMap<string, string>): () => Answer;
  /**
   * Drafts of the texts the next job will give (by path): the thread parses them while it waits,
   * and the job reparses each one incrementally. Only saves time: a draft never changes an answer.
   */
  drafts(texts: ReadonlyMap<string, string>): void;
  /** Nothing more will be sent: the session ends once the thread has answered what it was sent. */
  done(): void;
  /** The thread that answers (null: none could start, every answer is "no thread"). */
  readonly threadId: number | null;
}

/** The process's schema thread and what the main thread keeps to read its answers. */
interface Shared {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  /** Jobs posted so far, over every session: the thread answers them in this order. */
  sent: number;
  /**
   * Where each answer not read off the port yet goes: the session that sent the job keeps the
   * answers it has not collected, so those of a session its caller dropped go with it.
   */
  routes: Map<number, Map<number, Reply>>;
  /** The thread could not start: the answer to every job. */
  failed?: Reply;
}

/**
 * One thread for the process, kept between commands: a library caller or a test runs command
 * after command in one process, and a new thread for each paid its start-up again (module loading
 * and tree-sitter's WebAssembly). That start-up also waits for one of V8's background threads,
 * which the whole process shares: while those were busy (optimizing Ruff's WebAssembly after an
 * import sort) the next command's new thread sat idle for seconds, and the command with it.
 */
let shared: Shared | null = null;
let sessions = 0;

function sharedThread(): Shared | null {
  if (shared) return shared;
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(new URL("./schema-worker.js", import.meta.url), {
      workerData: { port: port2, signal },
      transferList: [port2],
    });
  } catch {
    return null;
  }
  const thread: Shared = { worker, port: port1, flag: new Int32Array(signal), sent: 0, routes: new Map() };
  worker.on("error", () => {
    /* collected as a missing answer */
  });
  worker.once("exit", () => {
    if (shared === thread) shared = null;
  });
  // Answers are read synchronously (Atomics.wait): the thread never needs to keep the process alive.
  worker.unref();
  // When the command ends (core/background.ts) the thread is told to stop; the next command starts another.
  registerThread(worker, () => {
    if (shared === thread) shared = null;
    try {
      port1.postMessage({ stop: true });
    } catch {
      // already gone
    }
  });
  return (shared = thread);
}

/**
 * Starts the process's schema thread now, when a command knows it will ask it and has the
 * project still to read: the thread's start-up (its modules, tree-sitter's WebAssembly) then runs
 * beside the reading instead of delaying the "before" schema the split waits for.
 */
export function startSchemaThread(): void {
  sharedThread();
}

/**
 * A session on the process's schema thread (started now if there is none, so that it loads the
 * extractor in parallel with what the main thread does next): it computes schemas of the files
 * under `root` as it is sent them, each job with the summaries the session's earlier jobs left.
 * `done` ends the session; the thread stays for the next command, until the command settles
 * (core/background.ts). `summaryCache`: the session reads the module summaries cached on disk
 * (it never writes them).
 */
export function schemaThread(root: string, opts: { summaryCache?: boolean } = {}): SchemaThread {
  const thread = sharedThread();
  const session = ++sessions;
  /** This session's answers read off the port and not collected yet. */
  const mine = new Map<number, Reply>();
  let stopped = false;
  const post = (message: unknown): boolean => {
    if (!thread || stopped || shared !== thread) return false;
    try {
      thread.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  };
  return {
    threadId: thread?.worker.threadId ?? null,
    done() {
      post({ end: session });
      stopped = true;
    },
    drafts(texts) {
      post({ drafts: session, texts: [...texts] });
    },
    send(files, texts) {
      const id = thread ? thread.sent + 1 : 0;
      const posted = post({ id, session, root, summaryCache: opts.summaryCache, files, texts: [...texts] });
      if (posted) {
        thread!.sent = id;
        thread!.routes.set(id, mine);
      }
      let got: Answer | null = null;
      return () => {
        if (got) return got;
        if (!posted) return (got = { error: "no thread" });
        const msg = answer(thread!, id, mine);
        return (got = msg?.schema ? { schema: msg.schema } : { error: msg?.error ?? "no answer" });
      };
    },
  };
}

function answer(thread: Shared, id: number, mine: Map<number, Reply>): Reply | undefined {
  // The thread bumps the flag once per answer (past every job when it fails to start); the
  // deadline only guards against a crash.
  const { flag, port, routes } = thread;
  const deadline = Date.now() + 30_000;
  timed("wait for the schema thread", () => {
    for (let seen = Atomics.load(flag, 0); seen < id && Date.now() < deadline; seen = Atomics.load(flag, 0))
      Atomics.wait(flag, 0, seen, deadline - Date.now());
  });
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const msg = m.message as Reply;
    if (msg.id === 0) thread.failed = msg;
    routes.get(msg.id)?.set(msg.id, msg);
    routes.delete(msg.id);
  }
  const msg = mine.get(id) ?? thread.failed;
  mine.delete(id);
  return msg;
}
