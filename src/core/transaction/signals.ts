/**
 * Ctrl-C or SIGTERM while a transaction runs must not cut it in half. The transaction is
 * synchronous, so a listener holds the signal until the transaction has either completed or
 * rolled back (JavaScript only sees it at the next turn of the event loop); the process then
 * exits as interrupted (128 + signal number). The CLI lets the loop turn once before exiting so
 * that such a signal is not lost. Without the listener the signal would kill the process between
 * two operations, which recovery would repair, but only at the next run.
 */
const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Held = keyof typeof codes;

let installed = false;

export function holdSignals(): void {
  if (!installed) {
    installed = true;
    for (const sig of Object.keys(codes) as Held[]) {
      process.on(sig, () => {
        process.stderr.write(`remodel: interrupted (${sig}); the write in progress was finished (completed or rolled back) first\n`);
        process.exit(codes[sig]);
      });
    }
  }
}
