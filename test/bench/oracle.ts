import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export interface ImportReport {
  files: number;
  failures: string[];
  failureCount: number;
  counts: Record<"import" | "from" | "relative" | "star" | "aliased" | "function" | "type_checking", number>;
}

/** Runs test/bench/check_imports.py with Debian's CPython over `entries` (PATH[:SUBDIR]). */
export function checkImports(entries: string[]): ImportReport {
  const script = join(process.cwd(), "test", "bench", "check_imports.py");
  const r = spawnSync("/usr/bin/python3", ["-B", script, ...entries], {
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`check_imports failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ImportReport;
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `remodel-${label}-`));
}

/** Every file under root as `relative path → text`, sorted by path. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p, "utf8"));
    }
  };
  walk(root);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
