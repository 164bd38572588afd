/**
 * The facts cache: `<root>/.remodel_cache/facts-v<N>.bin`, a map from path to the
 * file's size, mtime, hash and facts. A file whose size and mtime match is not read at all (like
 * git's index and ruff's cache); `--no-cache` neither reads nor writes it.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeFacts, encodeFacts } from "./facts-codec.js";
import type { ModuleFacts } from "../python/facts.js";

/** Bump when ModuleFacts or the scanner's output changes. */
export const CACHE_VERSION = 8;

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
    const data = decodeFacts(readFileSync(fileOf(root)));
    return data instanceof Map ? data : new Map();
  } catch {
    return new Map();
  }
}

/** Writes the cache atomically; a cache that cannot be written is not an error. */
export function writeCache(root: string, entries: Map<string, CachedFile>): void {
  const manifest: Record<string, [number, number, string]> = {};
  for (const [path, e] of entries) manifest[path] = [e.size, e.mtimeMs, e.hash];
  writeCacheFile(root, `facts-v${CACHE_VERSION}.bin`, encodeFacts(entries));
  writeCacheFile(root, `manifest-v${CACHE_VERSION}.json`, JSON.stringify(manifest));
}

/** Creates the cache folder (ignored by git) if it is missing; returns its path. */
export function ensureCacheDir(root: string): string {
  const dir = dirOf(root);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, ".gitignore"))) writeFileSync(join(dir, ".gitignore"), "# Created by remodel\n*\n");
  return dir;
}

/** Writes one file of the cache folder atomically (temp + rename); failures only cost speed. */
export function writeCacheFile(root: string, name: string, data: string | Buffer): void {
  try {
    const dir = ensureCacheDir(root);
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(dir, name));
  } catch {
    // read-only checkout, full disk: the next run is just slower
  }
}

export function readCacheBytes(root: string, name: string): Buffer | null {
  try {
    return readFileSync(join(dirOf(root), name));
  } catch {
    return null;
  }
}

export function readCacheFile(root: string, name: string): string | null {
  try {
    return readFileSync(join(dirOf(root), name), "utf8");
  } catch {
    return null;
  }
}

/**
 * A fingerprint of the project's Python files from the manifest alone (no file read, no facts
 * deserialized): null when any file's size or mtime differs from when the cache was written.
 */
export function fingerprint(root: string, files: readonly string[], salt: string): string | null {
  const text = readCacheFile(root, `manifest-v${CACHE_VERSION}.json`);
  if (!text) return null;
  // Several cached results of one run (check results, the "before" schema and models) ask in turn:
  // the files are stat-ed once per manifest, not once per question.
  if (lastDigest?.root !== root || lastDigest.files !== files || lastDigest.text !== text) {
    lastDigest = { root, files, text, digest: manifestDigest(root, files, text) };
  }
  if (lastDigest.digest === null) return null;
  return createHash("sha1").update(`${CACHE_VERSION}\0${salt}\0${lastDigest.digest}`).digest("hex");
}

let lastDigest: { root: string; files: readonly string[]; text: string; digest: string | null } | null = null;

/** The manifest's hashes of `files`, or null when any file's size or mtime no longer matches it. */
function manifestDigest(root: string, files: readonly string[], text: string): string | null {
  let manifest: Record<string, [number, number, string]>;
  try {
    manifest = JSON.parse(text);
  } catch {
    return null;
  }
  if (Object.keys(manifest).length !== files.length) return null;
  const h = createHash("sha1");
  for (const path of files) {
    const m = manifest[path];
    if (!m) return null;
    try {
      const st = statSync(join(root, path));
      if (st.size !== m[0] || st.mtimeMs !== m[1]) return null;
    } catch {
      return null;
    }
    h.update(`\0${path}\0${m[2]}`);
  }
  return h.digest("hex");
}
