/**
 * One Python file read from disk into its cache entry: bytes, content hash, decoded text, facts.
 * Shared by the main thread and the scan thread (scan-thread.ts), so both read a file the same way.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { scanModule } from "../python/scan.js";
import type { CachedFile } from "./cache.js";
import { decodeSource } from "./read-source.js";

/** The file's entry, `cached` itself when its size and mtime say it is unchanged, or the error code. */
export function readOne(root: string, path: string, cached: CachedFile | undefined): CachedFile | { error: string } {
  try {
    const st = statSync(join(root, path));
    if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached;
    return withCached(readChanged(root, path, cached?.hash ?? null, st), cached);
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? "error" };
  }
}

/**
 * A file whose size or mtime changed: read and hashed; scanned unless its content is the cached
 * one (`sameAs`), then `{ same: true }` (the caller keeps the cached facts).
 */
export function readChanged(
  root: string, path: string, sameAs: string | null, st: { size: number; mtimeMs: number } = statSync(join(root, path)),
): CachedFile | { same: true; size: number; mtimeMs: number } {
  const bytes = readFileSync(join(root, path));
  const hash = createHash("sha1").update(bytes).digest("hex");
  if (sameAs === hash) return { same: true, size: st.size, mtimeMs: st.mtimeMs };
  const { text, bom, warning } = decodeSource(bytes);
  return { size: st.size, mtimeMs: st.mtimeMs, hash, bom, decodeWarning: warning, facts: scanModule(text) };
}

export type ReadResult = ReturnType<typeof readChanged> | { error: string };

/** A thread's answer as the cache entry: an unchanged content keeps the cached facts. */
export function withCached<R extends ReadResult>(r: R, cached: CachedFile | undefined): CachedFile | Exclude<R, CachedFile | { same: true }> {
  if (!("same" in r)) return r as CachedFile | Exclude<R, CachedFile | { same: true }>;
  return { ...cached!, size: r.size, mtimeMs: r.mtimeMs };
}
