/**
 * The one way a test writes a project: from a record or map ({relative path: text or bytes}) into
 * a new temporary folder, or into `dir` (created when missing). Returns the folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export type ProjectRecord = Record<string, string | Buffer> | ReadonlyMap<string, string | Buffer>;

export function writeProject(files: ProjectRecord, dir = mkdtempSync(join(tmpdir(), "remodel-test-"))): string {
  mkdirSync(dir, { recursive: true });
  for (const [rel, text] of files instanceof Map ? files : Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}
