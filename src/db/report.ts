import type { DiffResult, Drift } from "./diff.js";

const GREEN = "\x1b[32m",
  RED = "\x1b[31m",
  RESET = "\x1b[0m";

/** Seed 002's checklist: one ✔/✖ line per check, then one ✖ line per difference under it. */
export function formatDiff(result: DiffResult, opts: { color?: boolean; database?: string } = {}): string {
  const ok = (s: string) => (opts.color ? `${GREEN}✔${RESET} ${s}` : `✔ ${s}`);
  const bad = (s: string) => (opts.color ? `${RED}✖${RESET} ${s}` : `✖ ${s}`);
  const lines: string[] = [];
  for (const c of result.checks) {
    const drift = result.drift.filter((d) => d.check === c.check);
    if (c.check === "extra objects")
      lines.push(drift.length ? bad(`extra objects: ${drift.length} only in the database`) : ok("extra objects: none"));
    else if (drift.length === 0) lines.push(ok(`${c.check}: ${c.compared} match`));
    else lines.push(bad(`${c.check}: ${drift.length} of ${c.compared} differ`));
    for (const d of drift) lines.push(bad(`  ${location(d, opts.database ?? "database")}: ${d.code} ${d.message}`));
  }
  const n = result.drift.length;
  lines.push(n === 0 ? ok("no drift") : bad(`${n} difference${n === 1 ? "" : "s"}`));
  return lines.join("\n") + "\n";
}

function location(d: Drift, database: string): string {
  return d.source ? `${d.source.path}:${d.source.line}:1` : database;
}

/** The JSON form: `{ok, dialect, checks, drift}`. */
export function diffJson(result: DiffResult): string {
  return JSON.stringify({ ok: result.drift.length === 0, ...result }, null, 2) + "\n";
}
