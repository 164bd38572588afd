/** One measured figure, printed as a row of BENCHMARKS.md. */
export interface Figure {
  name: string;
  /** Milliseconds of wall time (median of runs), or another unit named in `unit`. */
  value: number;
  unit: "ms" | "MB" | "count" | "ratio";
  /** What the figure is compared to: the budget, in the same unit. */
  budget?: number;
  detail?: string;
}

export interface BenchSuite {
  name: string;
  /** Returns figures; a suite whose input is missing (e.g. no Backend.AI checkout) returns a note. */
  run(): Promise<{ figures: Figure[]; notes: string[] }>;
}

/** Median wall time of `runs` calls of fn, in ms. */
export async function medianMs(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
