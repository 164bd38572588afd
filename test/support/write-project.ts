/** A project written from a record ({relative path: text}) into a new temporary folder (or `dir`). */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export function writeProject(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), "remodel-test-"))): string {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}
