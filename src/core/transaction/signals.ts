/**
 * Ctrl-C or SIGTERM while a transaction runs must not cut it in half. The transaction is
 * synchronous, so a listener installed for its duration holds the signal until it has either
 * completed or rolled back; the process then exits as interrupted (128 + signal number) at the
 * next turn of the event loop. Without the listener the signal would kill the process between
 * two operations, which recovery would repair, but only at the next run.
 */
const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Held = keyof typeof codes;

export function holdSignals(): { release(): void } {
  const received: Held[] = [];
  const listeners = new Map<Held, () => void>();
  for (const sig of Object.keys(codes) as Held[]) {
    const listener = () => void received.push(sig);
    listeners.set(sig, listener);
    process.on(sig, listener);
  }
  return {
    release() {
      // Signals that arrived during the write are delivered at the next turn of the loop: keep listening until then.
      setImmediate(() => {
        for (const [sig, l] of listeners) process.off(sig, l);
        if (received.length) {
          process.stderr.write(`remodel: interrupted (${received[0]}) ; the write in progress was finished (completed or rolled back) first\n`);
          process.exit(codes[received[0]]);
        }
      });
    },
  };
}
