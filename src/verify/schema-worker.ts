/**
 * Static schemas computed on a second thread (see background-schema.ts): the "before" one while
 * the main thread plans the change, then the "after" one while it runs the other checks. One
 * thread answers both, in order, so the "after" job finds the summaries of every unchanged file
 * in its session's memory and its modules already loaded. The thread outlives a command: each
 * command is a session (its project root, its summaries), ended by the main thread. Files are read here from disk (they
 * are what is on disk), except the texts handed over: the change's new texts, not written yet.
 * Each answer bumps the flag, and a failure to start raises it past every job, so the main
 * thread never waits for a thread that died. Drafts of a job's texts (a split's new modules before
 * their imports are sorted) are parsed while the main thread sorts them; the job then reparses
 * each draft incrementally instead of parsing its final text from nothing.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import type { Tree } from "../python/parser.js";

interface Job {
  id: number;
  session: number;
  root: string;
  /** The session reads the summaries cached on disk under its root (never saved here). */
  summaryCache?: boolean;
  files: { path: string; module: string; hash?: string }[];
  texts: [string, string][];
}
/** Texts the session's next job will give, nearly: parsed now, reparsed from when the job comes. */
interface Drafts {
  drafts: number;
  texts: [string, string][];
}
/** The main thread sends no more jobs: the thread ends. */
interface Stop {
  stop: true;
}
/** The session sends no more jobs: its summaries are dropped. */
interface End {
  end: number;
}
type Message = Job | Drafts | Stop | End;
const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);
/** Messages that arrived while a job was being computed, and whether the port has closed. */
const inbox: Message[] = [];
let closed = false;
let wake: (() => void) | null = null;
port.on("message", (m: Message) => {
  inbox.push(m);
  wake?.();
});
port.on("close", () => {
  closed = true;
  wake?.();
});

try {
  const [{ readFileSync }, { join }, { extractSchema }, { decodeSource }, { SummaryMemo }, parser] = await Promise.all([
    import("node:fs"),
    import("node:path"),
    import("../orm/index.js"),
    import("../project/read-source.js"),
    import("../orm/summary-memo.js"),
    import("../python/parser.js"),
  ]);
  const memos = new Map<number, InstanceType<typeof SummaryMemo>>();
  /** Per session: path → a draft's text and tree, until the session's next job. */
  const drafts = new Map<number, Map<string, { text: string; tree: Tree }>>();
  const parseDrafts = (m: Drafts) => {
    const mine = new Map<string, { text: string; tree: Tree }>();
    for (const [path, text] of m.texts) {
      try {
        mine.set(path, { text, tree: parser.parsePython(text) });
      } catch {
        // parsed again with the job, which reports what fails
      }
    }
    drafts.set(m.drafts, mine);
  };
  for (let job = await nextJob(memos, drafts, parseDrafts); job; job = await nextJob(memos, drafts, parseDrafts)) {
    const { root } = job;
    try {
      let memo = memos.get(job.session);
      if (!memo) {
        memos.set(job.session, (memo = new SummaryMemo()));
        // Read only (never saved here): the summaries of unchanged files, as the main thread finds them.
        if (job.summaryCache) memo.attach(root);
      }
      const given = new Map(job.texts);
      const drafted = drafts.get(job.session);
      drafts.delete(job.session);
      const inputs = job.files.map(({ path, module, hash }) => {
        const text = given.get(path);
        const draft = text === undefined ? undefined : drafted?.get(path);
        if (draft) drafted!.delete(path);
        return text !== undefined
          ? { path, module, text, ...(draft ? { tree: parser.reparsePython(draft.tree, draft.text, text) } : {}) }
          : { path, module, hash: hash!, read: () => decodeSource(readFileSync(join(root, path))).text };
      });
      for (const d of drafted?.values() ?? []) parser.freeTree(d.tree);
      port.postMessage({ id: job.id, schema: extractSchema(inputs, { memo }) });
    } catch (e) {
      port.postMessage({ id: job.id, error: String((e as Error)?.stack ?? e) });
    } finally {
      Atomics.add(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  }
} catch (e) {
  port.postMessage({ id: 0, error: String((e as Error)?.stack ?? e) });
  Atomics.store(flag, 0, 1 << 30);
  Atomics.notify(flag, 0);
} finally {
  // Not closed: answers still queued on the main thread's side stay readable. Unref'd, the port
  // no longer keeps this thread alive, so it ends.
  port.removeAllListeners();
  port.unref();
}

/**
 * The next job the main thread sends (a session's end drops its summaries and drafts, drafts are
 * parsed as they come); null once it says stop or closes the port.
 */
async function nextJob(
  memos: Map<number, unknown>,
  drafts: Map<number, Map<string, { tree: Tree }>>,
  parseDrafts: (m: Drafts) => void,
): Promise<Job | null> {
  for (;;) {
    const m = inbox.shift() ?? (receiveMessageOnPort(port)?.message as Message | undefined);
    if (m && "end" in m) {
      memos.delete(m.end);
      drafts.delete(m.end); // trees left to the collector
      continue;
    }
    if (m && "drafts" in m) {
      parseDrafts(m);
      continue;
    }
    if (m) return "stop" in m ? null : m;
    if (closed) return null;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
}
