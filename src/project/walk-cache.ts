/**
 * The walk of a big tree (reading ~800 directories and matching .gitignore rules on Backend.AI)
 * costs more than everything else a warm `check` does. A directory's mtime changes whenever an
 * entry is added, removed or renamed in it, so the last walk's file list stands while every
 * directory it read and every file that decided it (.gitignore files, git's exclude and config
 * files, the git index: present then, or absent then) are unchanged. Like git's index, an mtime too
 * close to the moment the list was written is not trusted (a change in the same clock tick would
 * not show), and then the tree is walked again. The git index is the exception: every `git add`
 * rewrites it, so a changed index is read again (milliseconds) and the list stands while it gives
 * the walk the same answers (git-context.ts sameAnswers); the new stat is then recorded.
 */
import { statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { ensureCacheDir, readCacheFile, writeCacheFile } from "./cache.js";
import { walkPythonFiles, type WalkResult } from "./discover.js";
import { gitEnvironment } from "./git-config.js";
import { type IndexUse, sameAnswers } from "./git-context.js";

const FILE = "walk-v3.json";
/** The mtime and size recorded for a file that did not exist: it must still not exist. */
const ABSENT = -1;
/** How far (ms) an mtime must be before the cache was written to be trusted. */
const RACY_MS = 2000;

interface SavedWalk {
  excludes: string[];
  written: number;
  /** [directory, mtimeMs] and [file, mtimeMs, size] (ABSENT twice when there was no such file). */
  dirs: [string, number][];
  ignores: [string, number, number][];
  /** When the git index's stat in `ignores` was taken: `written`, or later when it was read again. */
  indexChecked: number;
  walk: WalkResult;
}

export function cachedWalk(root: string, excludes: string[], useCache: boolean): WalkResult {
  if (!useCache) return walkPythonFiles(root, excludes);
  const saved = readSaved(root);
  // Which exclude and config files git reads depends on the environment: another one walks again.
  const key = [...excludes, "\0", ...gitEnvironment()];
  const valid = saved && JSON.stringify(saved.excludes) === JSON.stringify(key) ? stillValid(root, saved) : null;
  if (valid) {
    if (valid !== saved) writeCacheFile(root, FILE, JSON.stringify(valid));
    return valid.walk;
  }
  try {
    // Created before the walk: creating it later would change the root's mtime just recorded.
    ensureCacheDir(root);
  } catch {
    return walkPythonFiles(root, excludes);
  }
  const written = Date.now();
  const walk = walkPythonFiles(root, excludes);
  const dirs = walk.dirs.map((d): [string, number] | null => {
    const st = statOrNull(join(root, d));
    return st ? [d, st.mtimeMs] : null;
  });
  const ignores = walk.ignoreFiles.map((f): [string, number, number] => {
    const st = statOrNull(resolve(root, f));
    return st ? [f, st.mtimeMs, st.size] : [f, ABSENT, ABSENT];
  });
  if (dirs.every((d) => d)) {
    const value: SavedWalk = {
      excludes: key,
      written,
      dirs: dirs as [string, number][],
      ignores,
      indexChecked: written,
      walk,
    };
    writeCacheFile(root, FILE, JSON.stringify(value));
  }
  return walk;
}

function readSaved(root: string): SavedWalk | null {
  try {
    const saved = JSON.parse(readCacheFile(root, FILE) ?? "null") as SavedWalk | null;
    return wellFormed(saved) && Array.isArray(saved?.walk?.configFiles) ? saved : null;
  } catch {
    return null;
  }
}

/** A cache file is data from disk: corrupted or hand-edited, it is ignored (walked again), never trusted into a crash. */
function wellFormed(s: SavedWalk | null): s is SavedWalk {
  const str = (v: unknown) => typeof v === "string";
  const num = (v: unknown) => typeof v === "number";
  const rel = (v: unknown) =>
    str(v) &&
    !(v as string).startsWith("/") &&
    !(v as string).split("/").includes("..") &&
    !(v as string).includes("\0");
  const arr = (v: unknown, each: (x: unknown) => boolean) => Array.isArray(v) && v.every(each);
  if (!s || typeof s !== "object" || !num(s.written) || !num(s.indexChecked) || !arr(s.excludes, str)) return false;
  if (!arr(s.dirs, (d) => Array.isArray(d) && (d[0] === "" || rel(d[0])) && num(d[1]))) return false;
  // Files outside the root (a worktree's index, the user's excludes file) are absolute: only ever stat-ed.
  const file = (v: unknown) => rel(v) || (str(v) && isAbsolute(v as string) && !(v as string).includes("\0"));
  if (!arr(s.ignores, (d) => Array.isArray(d) && file(d[0]) && num(d[1]) && num(d[2]))) return false;
  const w = s.walk;
  if (
    !w ||
    typeof w !== "object" ||
    !arr(w.files, rel) ||
    !arr(w.dirs, (d) => d === "" || rel(d)) ||
    !arr(w.ignoreFiles, file) ||
    !(w.gitIndex === null || indexUse(w.gitIndex, file))
  )
    return false;
  return arr(
    w.warnings,
    (x) =>
      !!x &&
      typeof x === "object" &&
      str((x as { path: unknown }).path) &&
      num((x as { line: unknown }).line) &&
      num((x as { column: unknown }).column) &&
      str((x as { message: unknown }).message),
  );
}

function indexUse(u: IndexUse, file: (v: unknown) => boolean): boolean {
  const strs = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
  return (
    !!u &&
    typeof u === "object" &&
    file(u.shown) &&
    (u.hashSize === 20 || u.hashSize === 32) &&
    typeof u.prefix === "string" &&
    (u.problem === null || typeof u.problem === "string") &&
    Array.isArray(u.asked) &&
    u.asked.every((a) => Array.isArray(a) && typeof a[0] === "string" && typeof a[1] === "boolean") &&
    (u.gitlinks === null || strs(u.gitlinks))
  );
}

/** `saved` when it stands as it is, a copy with the git index's new stat when that was read again and stands; else null. */
function stillValid(root: string, saved: SavedWalk): SavedWalk | null {
  const trusted = (mtimeMs: number, since = saved.written) => mtimeMs < since - RACY_MS;
  for (const [dir, mtimeMs] of saved.dirs) {
    const st = statOrNull(join(root, dir));
    if (!st || !st.isDirectory() || st.mtimeMs !== mtimeMs || !trusted(mtimeMs)) return null;
  }
  const index = saved.walk.gitIndex;
  let reread: { entry: [string, number, number]; at: number } | null = null;
  for (const [file, mtimeMs, size] of saved.ignores) {
    if (file === index?.shown) {
      // Taken before the stat: a change after it gets a later mtime than this, not a trusted one.
      const at = Date.now();
      const st = statOrNull(resolve(root, file));
      const entry: [string, number, number] = st ? [file, st.mtimeMs, st.size] : [file, ABSENT, ABSENT];
      if (entry[1] === mtimeMs && entry[2] === size && (mtimeMs === ABSENT || trusted(mtimeMs, saved.indexChecked)))
        continue;
      if (!sameAnswers(root, index)) return null;
      reread = { entry, at };
      continue;
    }
    const st = statOrNull(resolve(root, file));
    if (mtimeMs === ABSENT ? st !== null : !st || st.mtimeMs !== mtimeMs || st.size !== size || !trusted(mtimeMs))
      return null;
  }
  // Too recent a stat is not recorded: the index is read again next time, until it is old enough.
  if (!reread || !(reread.entry[1] === ABSENT || trusted(reread.entry[1], reread.at))) return saved;
  const entry = reread.entry;
  return { ...saved, indexChecked: reread.at, ignores: saved.ignores.map((e) => (e[0] === entry[0] ? entry : e)) };
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
