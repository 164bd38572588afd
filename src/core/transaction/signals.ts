/**
 * Ctrl-C or SIGTERM while a transaction writes rolls it back before the process exits; one that
 * comes once the change is complete (its commit point passed, the journal being cleaned up) lets
 * the clean-up finish. Either way the run exits as interrupted (128 + signal number).
 *
 * JavaScript only sees a signal when the event loop turns, so the writing steps are asynchronous:
 * after each file operation the transaction yields once (`checkpoint`), the listener below records
 * the signal, and the checkpoint throws `Interrupted`, which the transaction answers with its
 * rollback. The steps that must not be cut (a rollback, the commit point, the clean-up) run
 * without yielding: a signal waits for their end. Without the listener the signal would kill the
 * process between two operations, which recovery would repair, but only at the next run.
 */
import { takePause } from "./fault-hook.js";

const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type HeldSignal = keyof typeof codes;

let installed = false;
/** Transactions in their interruptible steps (nested never, but counted to be safe). */
let writing = 0;
let pending: HeldSignal | null = null;
let wake: (() => void) | null = null;

export class Interrupted extends Error {
  constructor(readonly signal: HeldSignal) {
    super(`interrupted (${signal})`);
  }
}

export function holdSignals(): void {
  if (installed) return;
  installed = true;
  for (const sig of Object.keys(codes) as HeldSignal[]) {
    process.on(sig, () => {
      if (writing > 0) {
        pending ??= sig;
        wake?.();
        return;
      }
      exitInterrupted(sig, "no write was left half-done");
    });
  }
}

/** Runs the interruptible steps of a transaction: a signal during them makes the next checkpoint throw. */
export async function interruptible<T>(run: () => Promise<T>): Promise<T> {
  writing++;
  try {
    return await run();
  } finally {
    writing--;
  }
}

/** Lets the event loop turn once (so a signal reaches its listener); throws `Interrupted` if one came. */
export async function checkpoint(): Promise<void> {
  if (takePause()) {
    // A test asked to stop here: wait for its signal (or give up after a while).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  } else await new Promise<void>((resolve) => setImmediate(resolve));
  if (pending) throw new Interrupted(pending);
}

export function exitInterrupted(sig: HeldSignal, what: string): never {
  process.stderr.write(`remodel: interrupted (${sig}); ${what}\n`);
  process.exit(codes[sig]);
}
