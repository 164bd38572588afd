/**
 * Phase timings for profiling real runs: `REMODEL_TIMING=1 remodel move ...` prints where the
 * wall time went to stderr at exit. Off by default, and then free: `timed` just calls `fn`.
 */
const enabled = Boolean(process.env.REMODEL_TIMING);
const totals = new Map<string, number>();
let depth = 0;

export function timed<T>(name: string, fn: () => T): T {
  if (!enabled) return fn();
  const t0 = performance.now();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    const key = `${"  ".repeat(depth)}${name}`;
    totals.set(key, (totals.get(key) ?? 0) + performance.now() - t0);
  }
}

if (enabled) {
  process.on("exit", () => {
    const rows = [...totals].map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`);
    process.stderr.write(`remodel timing (process ${performance.now().toFixed(0)} ms):\n${rows.join("\n")}\n`);
  });
}
