/**
 * A module's summary is a pure function of its path, module name and text, so it is memoized by
 * content hash: in memory for the project, and in `.remodel_cache/orm-summaries-v2.bin` between
 * runs. Verifying a change then re-parses only the files the change touched (the "after" schema of
 * a move over Backend.AI parses one file instead of 250). Whether a file can define models at all
 * (the cheap text test) is memoized the same way, so unchanged files are not even read.
 *
 * The memo belongs to the project (its `memos`, shared with the index of a planned change), not to
 * the process: a long-running host (an editor server, a watcher) that loads many projects releases
 * each project's summaries with the project, and one project's cache file holds only its own.
 */
import { deserialize, serialize } from "node:v8";
import { readCacheBytes, writeCacheFile } from "../project/cache.js";
import type { ModuleFacts } from "../python/facts.js";
import type { PyModule } from "./pymodule.js";

const FILE = "orm-summaries-v2.bin";
/** The key of the memo in a project's `memos`. */
const OWNER = "orm-summaries";

interface Saved {
  summaries: Map<string, PyModule>;
  candidates: Map<string, boolean>;
  /** The scanned facts name resolution reads (bindings, imports, `__all__`), by content hash. */
  facts?: Map<string, ModuleFacts>;
  /** Path → [size, mtimeMs, content hash] when last read: a file that still matches is not read again. */
  stamps?: Map<string, [number, number, string]>;
}

/** How far (ms) an mtime must be before the moment it was seen to be trusted (a change in the same clock tick would not show). */
const RACY_MS = 2000;

/** Without a cache folder (the library used directly), the memo is dropped past this many entries. */
const MEMORY_LIMIT = 50_000;

export function summaryKey(path: string, module: string, hash: string): string {
  return `${path}\0${module}\0${hash}`;
}

export class SummaryMemo {
  private readonly summaries = new Map<string, PyModule>();
  private readonly candidates = new Map<string, boolean>();
  private readonly facts = new Map<string, ModuleFacts>();
  private readonly stamps = new Map<string, [number, number, string]>();
  private readonly stampsUsed = new Set<string>();
  /** Keys read or computed since the cache was attached: what is worth keeping on disk. */
  private readonly used = new Set<string>();
  private disk: { root: string; dirty: boolean } | null = null;

  /** Entries held in memory (summaries, candidate tests and facts). */
  get size(): number {
    return this.summaries.size + this.candidates.size + this.facts.size;
  }

  summary(key: string, compute: () => PyModule): PyModule {
    if (!this.disk && this.summaries.size + this.facts.size > MEMORY_LIMIT) this.prune();
    return this.remember(this.summaries, key, compute);
  }

  /** A file's scanned facts; `hash` null (text handed in, no hash) computes them unmemoized. */
  scanned(hash: string | null, compute: () => ModuleFacts): ModuleFacts {
    return hash === null ? compute() : this.remember(this.facts, `facts\0${hash}`, compute);
  }

  candidate(hash: string, compute: () => boolean): boolean {
    return this.remember(this.candidates, hash, compute);
  }

  /** The content hash of a file seen before with this size and mtime (like git's index), else null: then it is read. */
  hashOf(path: string, size: number, mtimeMs: number): string | null {
    const s = this.stamps.get(path);
    if (!s || s[0] !== size || s[1] !== mtimeMs) return null;
    this.stampsUsed.add(path);
    return s[2];
  }

  /** Records a file's content hash for `hashOf`; not when its mtime is too recent to be trusted. */
  stamp(path: string, size: number, mtimeMs: number, hash: string): void {
    if (mtimeMs > Date.now() - RACY_MS) return;
    this.stamps.set(path, [size, mtimeMs, hash]);
    this.stampsUsed.add(path);
    if (this.disk) this.disk.dirty = true;
  }

  /** The value under `key`, computed once; marks the key used and the disk copy stale when new. */
  private remember<T>(map: Map<string, T>, key: string, compute: () => T): T {
    this.used.add(key);
    let v = map.get(key);
    if (v === undefined) {
      v = compute();
      map.set(key, v);
      if (this.disk) this.disk.dirty = true;
    }
    return v;
  }

  /** Backs the memo with the project's cache folder (read now; written by `save`). */
  attach(root: string): void {
    if (this.disk?.root === root) return;
    this.disk = { root, dirty: false };
    const bytes = readCacheBytes(root, FILE);
    if (!bytes) return;
    try {
      const saved = deserialize(bytes) as Saved;
      for (const [k, v] of saved.summaries) if (!this.summaries.has(k)) this.summaries.set(k, v);
      for (const [k, v] of saved.candidates) if (!this.candidates.has(k)) this.candidates.set(k, v);
      for (const [k, v] of saved.facts ?? []) if (!this.facts.has(k)) this.facts.set(k, v);
      for (const [k, v] of saved.stamps ?? []) if (!this.stamps.has(k)) this.stamps.set(k, v);
    } catch {
      // a damaged cache file is a miss
    }
  }

  /** Keeps in memory only what the run used. */
  private prune(): void {
    for (const k of this.summaries.keys()) if (!this.used.has(k)) this.summaries.delete(k);
    for (const k of this.candidates.keys()) if (!this.used.has(k)) this.candidates.delete(k);
    for (const k of this.facts.keys()) if (!this.used.has(k)) this.facts.delete(k);
    for (const k of this.stamps.keys()) if (!this.stampsUsed.has(k)) this.stamps.delete(k);
    this.used.clear();
    this.stampsUsed.clear();
  }

  /** Writes what this run used (older entries are dropped), when it computed anything new; memory keeps the same. */
  save(): void {
    if (!this.disk?.dirty) {
      if (this.size > MEMORY_LIMIT) this.prune();
      return;
    }
    const saved: Saved = { summaries: new Map(), candidates: new Map(), facts: new Map(), stamps: new Map() };
    for (const k of this.stampsUsed) saved.stamps!.set(k, this.stamps.get(k)!);
    for (const k of this.used) {
      const s = this.summaries.get(k);
      if (s) saved.summaries.set(k, s);
      const c = this.candidates.get(k);
      if (c !== undefined) saved.candidates.set(k, c);
      const f = this.facts.get(k);
      if (f) saved.facts!.set(k, f);
    }
    writeCacheFile(this.disk.root, FILE, serialize(saved));
    this.disk.dirty = false;
    this.prune();
  }
}

/**
 * Files handed in as a bare list (no project to hold a memo) share this one, held in memory only
 * and dropped past MEMORY_LIMIT entries, so it stays bounded however many projects pass through.
 */
const unowned = new SummaryMemo();

/** The memo of a project (created on first use), or the bounded one for files without a project. */
export function summaryMemoOf(memos: Map<string, unknown> | undefined): SummaryMemo {
  if (!memos) return unowned;
  let memo = memos.get(OWNER) as SummaryMemo | undefined;
  if (!memo) memos.set(OWNER, (memo = new SummaryMemo()));
  return memo;
}
