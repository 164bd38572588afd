import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** What a generator wrote: the figures the benchmark reports. */
export interface TreeStats {
  files: number;
  bytes: number;
  lines: number;
}

/** Writes text files under a root, creating folders once, and counts what it wrote. */
export class TreeWriter {
  readonly stats: TreeStats = { files: 0, bytes: 0, lines: 0 };
  private readonly made = new Set<string>();

  constructor(readonly root: string) {}

  write(rel: string, text: string): void {
    const path = join(this.root, rel);
    const dir = dirname(path);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    writeFileSync(path, text);
    this.stats.files += 1;
    this.stats.bytes += Buffer.byteLength(text);
    this.stats.lines += countLines(text);
  }
}

export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.length > 0 && !text.endsWith("\n") ? n + 1 : n;
}
