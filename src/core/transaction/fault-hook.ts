/**
 * A test hook into every file operation of a transaction, so that a test can stop a run at
 * exactly operation N: REMODEL_TEST_FAULT=kill:N sends SIGKILL to this process after the N-th
 * operation, fail:N throws an I/O error instead of doing it, trace prints each operation to
 * stderr. Unset (always, outside tests) it costs one environment lookup per operation.
 */
let done = 0;

/** Call before an operation; `what` names it in a trace. */
export function beforeOperation(what: string): void {
  const spec = process.env.REMODEL_TEST_FAULT;
  if (!spec) return;
  const [mode, n] = spec.split(":");
  if (mode === "fail" && Number(n) === done + 1) throw Object.assign(new Error(`injected fault before ${what}`), { code: "EIO" });
}

/** Call after an operation completed. */
export function afterOperation(what: string): void {
  const spec = process.env.REMODEL_TEST_FAULT;
  if (!spec) return;
  done++;
  const [mode, n] = spec.split(":");
  if (mode === "trace") process.stderr.write(`remodel-op ${done} ${what}\n`);
  if (mode === "kill" && Number(n) === done) process.kill(process.pid, "SIGKILL");
}

/** Runs one file operation between the two hooks. */
export function operation<T>(what: string, run: () => T): T {
  beforeOperation(what);
  const out = run();
  afterOperation(what);
  return out;
}
