/**
 * Reads a project from disk into a ProjectIndex: discover → read (or take from the cache) → scan
 * → build. The only phase of a run that reads Python files.
 */
import { timed } from "../core/timing.js";
import { cachedWalk } from "./walk-cache.js";
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FileWarning } from "../core/diagnostics.js";
import { RemodelError } from "../core/errors.js";
import { scanModule } from "../python/scan.js";
import { buildIndex, type FileEntry } from "./build.js";
import { readCache, writeCache, type CachedFile } from "./cache.js";
import { readToolConfig, type ToolConfig } from "./config.js";
import { holdLockForCommand, recoverInterrupted } from "../core/transaction/index.js";
import { decodeSource } from "./read-source.js";
import { sha1 } from "../core/transaction/hash.js";
import { findRoot, flatMemberRoots, sourceRoots } from "./roots.js";
import type { ProjectIndex } from "./types.js";

export interface LoadOptions {
  /** Neither read nor write the facts cache. */
  noCache?: boolean;
  /** Use this directory as the root instead of searching upwards for pyproject.toml/.git. */
  exactRoot?: boolean;
  /** The run will write: hold the project's lock from before anything is read until the process exits. */
  forWriting?: boolean;
  /** Called as files are read, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadedProject extends ProjectIndex {
  tool: ToolConfig;
  /** Warnings from walking and reading files (not from scanning them), kept for re-indexing. */
  readWarnings: FileWarning[];
  /** Figures for `scan` and the benchmark. */
  stats: { files: number; bytes: number; scanned: number; cached: number };
}

/** Where a project is and what it holds, before any file is read. */
export interface Discovery {
  root: string;
  tool: ToolConfig;
  roots: string[];
  files: string[];
  warnings: FileWarning[];
  configFiles: string[];
}

export function discoverProject(
  start: string,
  opts: Pick<LoadOptions, "exactRoot" | "noCache" | "forWriting"> = {},
): Discovery {
  const abs = resolve(start);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new RemodelError(`${start}: no such directory`);
  }
  if (!st.isDirectory()) throw new RemodelError(`${start}: not a directory`);
  const root = opts.exactRoot ? abs : findRoot(abs);
  // Before anything of the project is read: no other run writes it meanwhile (for a run that
  // will write), and a write that was interrupted is finished first.
  if (opts.forWriting) holdLockForCommand(root);
  recoverInterrupted(root);
  const tool = readToolConfig(root);
  const roots = sourceRoots(root, tool);
  const walk = timed("walk", () => cachedWalk(root, tool.remodel.exclude, !opts.noCache));
  return { root, tool, roots, files: walk.files, warnings: walk.warnings, configFiles: walk.configFiles };
}

export async function loadProject(start: string, opts: LoadOptions = {}, found?: Discovery): Promise<LoadedProject> {
  const { root, tool, roots, files, warnings: walkWarnings, configFiles } = found ?? discoverProject(start, opts);
  const warnings: FileWarning[] = [...walkWarnings];
  const cache = opts.noCache ? new Map<string, CachedFile>() : timed("read facts cache", () => readCache(root));
  const next = new Map<string, CachedFile>();
  const entries: FileEntry[] = [];
  let bytes = 0;
  let scanned = 0;
  timed("read + scan", () => {
    for (const [i, path] of files.entries()) {
      if (opts.onProgress && (i & 255) === 0) opts.onProgress(i, files.length);
      const entry = readOne(root, path, cache.get(path), warnings);
      if (!entry) continue;
      bytes += entry.size;
      if (entry !== cache.get(path)) scanned++;
      next.set(path, entry);
      if (entry.decodeWarning) warnings.push({ path, line: 1, column: 1, message: entry.decodeWarning });
      entries.push({ path, hash: entry.hash, bom: entry.bom, facts: entry.facts });
    }
  });
  opts.onProgress?.(files.length, files.length);
  if (!opts.noCache && (scanned > 0 || next.size !== cache.size))
    timed("write facts cache", () => writeCache(root, next));
  const readText = (path: string) => decodeSource(readFileSync(join(root, path))).text;
  const readWarnings = [...warnings];
  const index = timed("build index", () =>
    buildIndex(root, tool.remodel, roots, entries, warnings, readText, flatMemberRoots(root)),
  );
  return {
    ...index,
    installed: new Set(tool.installed),
    distribution: tool.distribution,
    configFiles,
    memos: new Map(),
    tool,
    readWarnings,
    stats: { files: entries.length, bytes, scanned, cached: entries.length - scanned },
  };
}

function readOne(
  root: string,
  path: string,
  cached: CachedFile | undefined,
  warnings: FileWarning[],
): CachedFile | null {
  const abs = join(root, path);
  try {
    let st;
    let bytes;
    if (cached) {
      st = statSync(abs);
      if (cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached;
      bytes = readFileSync(abs);
    } else {
      // No entry to compare with (every file of a cold run): the size and mtime come from the open
      // file, one path lookup instead of the two of `statSync` then `readFileSync`.
      const fd = openSync(abs, "r");
      try {
        st = fstatSync(fd);
        bytes = readOpen(fd, st.size);
      } finally {
        closeSync(fd);
      }
    }
    const hash = sha1(bytes);
    if (cached && cached.hash === hash) return { ...cached, size: st.size, mtimeMs: st.mtimeMs };
    const { text, bom, warning } = decodeSource(bytes);
    return { size: st.size, mtimeMs: st.mtimeMs, hash, bom, decodeWarning: warning, facts: scanModule(text) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    warnings.push({ path, line: 1, column: 1, message: `cannot read file (${code}); skipped` });
    return null;
  }
}

/** The bytes of an open file of `size` bytes (as `readFileSync` reads them: up to the size, or to the end). */
function readOpen(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const got = readSync(fd, buf, at, size - at, null);
    if (got === 0) break;
    at += got;
  }
  return at === size ? buf : buf.subarray(0, at);
}
