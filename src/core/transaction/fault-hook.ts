/**
 * A test hook into every file operation of a transaction, so that a test can stop a run at
 * exactly operation N. REMODEL_TEST_FAULT is one of:
 *   kill:N          SIGKILL this process after the N-th operation
 *   fail:N          throw an I/O error (EIO) instead of doing the N-th operation
 *   enospc:N        the same, as a full disk (ENOSPC)
 *   signal-SIG:N    send SIG (SIGTERM, SIGINT) to this process after the N-th operation
 *   pause:N         after the N-th operation, print `remodel-paused N` to stderr and wait (up to
 *                   30 s) at the transaction's next checkpoint, for the test to send a signal
 *   trace           print each operation to stderr
 * Unset (always, outside tests) it costs one environment lookup per operation.
 */
let done = 0;
let fired = false;
let pause = false;

function spec(): { mode: string; n: number } | null {
  const s = process.env.REMODEL_TEST_FAULT;
  if (!s) return null;
  const [mode, n] = s.split(":");
  return { mode, n: Number(n) };
}

/** Call before an operation; `what` names it in a trace. */
export function beforeOperation(what: string): void {
  const s = spec();
  if (!s || s.n !== done + 1 || fired) return;
  if (s.mode === "fail" || s.mode === "enospc") fired = true;
  if (s.mode === "fail") throw Object.assign(new Error(`injected fault before ${what}`), { code: "EIO" });
  if (s.mode === "enospc")
    throw Object.assign(new Error(`ENOSPC: no space left on device (injected before ${what})`), { code: "ENOSPC" });
}

/** Call after an operation completed. */
export function afterOperation(what: string): void {
  const s = spec();
  if (!s) return;
  done++;
  if (s.mode === "trace") process.stderr.write(`remodel-op ${done} ${what}\n`);
  if (s.n !== done) return;
  if (s.mode === "kill") process.kill(process.pid, "SIGKILL");
  if (s.mode.startsWith("signal-")) process.kill(process.pid, s.mode.slice("signal-".length) as NodeJS.Signals);
  if (s.mode === "pause") {
    pause = true;
    process.stderr.write(`remodel-paused ${done} ${what}\n`);
  }
}

/** Whether the operation just done asked to pause (once). */
export function takePause(): boolean {
  const p = pause;
  pause = false;
  return p;
}

/** Runs one file operation between the two hooks. */
export function operation<T>(what: string, run: () => T): T {
  beforeOperation(what);
  const out = run();
  afterOperation(what);
  return out;
}
