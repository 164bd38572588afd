/**
 * The facts cache: `<root>/.remodel_cache/facts-v<N>.bin`, a v8-serialized map from path to the
 * file's size, mtime, hash and facts. A file whose size and mtime match is not read at all (like
 * git's index and ruff's cache); `--no-cache` neither reads nor writes it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { ModuleFacts } from "../python/facts.js";

/** Bump when ModuleFacts or the scanner's output changes. */
export const CACHE_VERSION = 3;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  hash: string;
  bom: boolean;
  decodeWarning: string | null;
  facts: ModuleFacts;
}

const dirOf = (root: string) => join(root, ".remodel_cache");
const fileOf = (root: string) => join(dirOf(root), `facts-v${CACHE_VERSION}.bin`);

export function readCache(root: string): Map<string, CachedFile> {
  try {
    const data = deserialize(readFileSync(fileOf(root)));
    return data instanceof Map ? data : new Map();
  } catch {
    return new Map();
  }
}

/** Writes the cache atomically; a cache that cannot be written is not an error. */
export function writeCache(root: string, entries: Map<string, CachedFile>): void {
  try {
    const dir = dirOf(root);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, ".gitignore"))) writeFileSync(join(dir, ".gitignore"), "# Created by remodel\n*\n");
    const tmp = `${fileOf(root)}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize(entries));
    renameSync(tmp, fileOf(root));
  } catch {
    // read-only checkout, full disk: the next run is just slower
  }
}
