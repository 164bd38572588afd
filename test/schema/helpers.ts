import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Io } from "../../src/cli/command.js";

/** Writes a small project ({relative path: text}) into a fresh temporary directory. */
export function writeProject(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), "remodel-schema-"))): string {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** An Io that captures what a command prints. */
export function captureIo(cwd: string): Io & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", isTTY: false, cwd, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}
