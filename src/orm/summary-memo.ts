/**
 * A module's summary is a pure function of its path, module name and text, so it is memoized by
 * content hash: in memory for the process, and in `.remodel_cache/orm-summaries-v1.bin` between
 * runs. Verifying a change then re-parses only the files the change touched (the "after" schema of
 * a move over Backend.AI parses one file instead of 250). Whether a file can define models at all
 * (the cheap text test) is memoized the same way, so unchanged files are not even read.
 */
import { deserialize, serialize } from "node:v8";
import { readCacheBytes, writeCacheFile } from "../project/cache.js";
import type { ModuleFacts } from "../python/facts.js";
import type { PyModule } from "./pymodule.js";

const FILE = "orm-summaries-v1.bin";

interface Saved {
  summaries: Map<string, PyModule>;
  candidates: Map<string, boolean>;
  /** The scanned facts name resolution reads (bindings, imports, `__all__`), by content hash. */
  facts?: Map<string, ModuleFacts>;
}

const summaries = new Map<string, PyModule>();
const candidates = new Map<string, boolean>();
const facts = new Map<string, ModuleFacts>();
/** Keys read or computed since the cache was attached: what is worth keeping on disk. */
const used = new Set<string>();
let disk: { root: string; dirty: boolean } | null = null;

export function summaryKey(path: string, module: string, hash: string): string {
  return `${path}\0${module}\0${hash}`;
}

/** Without a cache folder (the library used directly), the memo is dropped past this many entries. */
const MEMORY_LIMIT = 50_000;

export function memoSummary(key: string, compute: () => PyModule): PyModule {
  if (!disk && summaries.size + facts.size > MEMORY_LIMIT) prune();
  return remember(summaries, key, compute);
}

/** A file's scanned facts; `hash` null (text handed in, no hash) computes them unmemoized. */
export function memoFacts(hash: string | null, compute: () => ModuleFacts): ModuleFacts {
  return hash === null ? compute() : remember(facts, `facts\0${hash}`, compute);
}

/** The value under `key`, computed once; marks the key used and the disk copy stale when new. */
function remember<T>(map: Map<string, T>, key: string, compute: () => T): T {
  used.add(key);
  let v = map.get(key);
  if (v === undefined) {
    v = compute();
    map.set(key, v);
    if (disk) disk.dirty = true;
  }
  return v;
}

export function memoCandidate(hash: string, compute: () => boolean): boolean {
  return remember(candidates, hash, compute);
}

/** Backs the memo with the project's cache folder (read now; written by `saveSummaryCache`). */
export function attachSummaryCache(root: string): void {
  if (disk?.root === root) return;
  disk = { root, dirty: false };
  const bytes = readCacheBytes(root, FILE);
  if (!bytes) return;
  try {
    const saved = deserialize(bytes) as Saved;
    for (const [k, v] of saved.summaries) if (!summaries.has(k)) summaries.set(k, v);
    for (const [k, v] of saved.candidates) if (!candidates.has(k)) candidates.set(k, v);
    for (const [k, v] of saved.facts ?? []) if (!facts.has(k)) facts.set(k, v);
  } catch {
    // a damaged cache file is a miss
  }
}

/**
 * Keeps in memory only what the run used, so that a long-running host (an editor server, a
 * watcher) does not accumulate every version of every file it ever saw.
 */
function prune(): void {
  for (const k of summaries.keys()) if (!used.has(k)) summaries.delete(k);
  for (const k of candidates.keys()) if (!used.has(k)) candidates.delete(k);
  for (const k of facts.keys()) if (!used.has(k)) facts.delete(k);
  used.clear();
}

/** Writes what this run used (older entries are dropped), when it computed anything new; memory keeps the same. */
export function saveSummaryCache(): void {
  if (!disk?.dirty) {
    if (summaries.size + candidates.size + facts.size > MEMORY_LIMIT) prune();
    return;
  }
  const saved: Saved = { summaries: new Map(), candidates: new Map(), facts: new Map() };
  for (const k of used) {
    const s = summaries.get(k);
    if (s) saved.summaries.set(k, s);
    const c = candidates.get(k);
    if (c !== undefined) saved.candidates.set(k, c);
    const f = facts.get(k);
    if (f) saved.facts!.set(k, f);
  }
  writeCacheFile(disk.root, FILE, serialize(saved));
  disk.dirty = false;
  prune();
}
