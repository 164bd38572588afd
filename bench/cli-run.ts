/** Runs the built CLI as a user would (a fresh node process) and measures wall time and peak memory. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/remodel.js", import.meta.url));
const HOOK = fileURLToPath(new URL("../../bench/rss-hook.cjs", import.meta.url));

export interface CliRun {
  ms: number;
  maxRssMb: number;
  code: number;
  stdout: string;
}

export function runRemodel(args: string[], cwd: string): CliRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", HOOK, BIN, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const m = /remodel-bench-maxrss-kb (\d+)/.exec(r.stderr);
  return { ms, maxRssMb: m ? Number(m[1]) / 1024 : NaN, code: r.status ?? -1, stdout: r.stdout };
}

/** The median run of `n` (by wall time). */
export function medianRun(n: number, run: () => CliRun): CliRun {
  const runs = Array.from({ length: n }, run).sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(n / 2)];
}
