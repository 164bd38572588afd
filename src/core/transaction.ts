/**
 * Writes a verified change all at once or not at all. Every new text is first written to a
 * temporary file beside its target; originals are copied into a journal folder; only then are
 * files renamed into place (`git mv` for moves inside a work tree, so history follows). A failure
 * rolls back; a run killed half-way leaves the journal, and the next write rolls it back first.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { RemodelError } from "./errors.js";
import { gitMove, isTracked, resetPaths } from "./git.js";
import type { Overlay } from "./overlay.js";

interface Journal {
  /** Paths whose original content is saved under backups/ (index → path). */
  backups: string[];
  /** Paths that did not exist before. */
  created: string[];
  /** Directories that did not exist before, deepest last. */
  dirs: string[];
  /** Paths removed by the change. */
  removed: string[];
  /** git-tracked paths touched, to reset the index on rollback. */
  gitPaths: string[];
}

const journalDir = (root: string) => join(root, ".remodel_cache", "transaction");

/** Rolls back a run that was interrupted while writing. Returns true when there was one. */
export function recoverInterrupted(root: string, gitRoot: string | null): boolean {
  const dir = journalDir(root);
  const file = join(dir, "journal.json");
  if (!existsSync(file)) return false;
  rollback(root, JSON.parse(readFileSync(file, "utf8")) as Journal, gitRoot);
  rmSync(dir, { recursive: true, force: true });
  return true;
}

/** Encodes text the way the file was (BOM kept). */
function bytesOf(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]);
}

export function writeOverlay(root: string, overlay: Overlay, opts: { gitRoot: string | null; bom: (path: string) => boolean }): void {
  recoverInterrupted(root, opts.gitRoot);
  const dir = journalDir(root);
  mkdirSync(join(dir, "backups"), { recursive: true });
  const journal: Journal = { backups: [], created: [], dirs: [], removed: [], gitPaths: [] };
  const save = () => writeFileSync(join(dir, "journal.json"), JSON.stringify(journal));
  const touched = new Set<string>([...overlay.texts.keys(), ...overlay.removed]);
  for (const p of touched) {
    if (existsSync(join(root, p))) {
      try {
        copyFileSync(join(root, p), join(dir, "backups", String(journal.backups.length)));
      } catch (e) {
        // Nothing is written yet and no journal exists: drop the partial backups.
        rmSync(dir, { recursive: true, force: true });
        throw new RemodelError(`cannot back up ${p} before writing (nothing was written): ${(e as Error).message}`);
      }
      journal.backups.push(p);
    } else journal.created.push(p);
  }
  for (const p of overlay.texts.keys()) journal.dirs.push(...missingDirs(root, dirname(p)));
  journal.removed = [...overlay.removed];
  save();
  try {
    for (const d of journal.dirs) mkdirSync(join(root, d), { recursive: true });
    const temps = new Map<string, string>();
    const movedFrom = new Map([...overlay.moves].map(([from, to]) => [to, from]));
    for (const [p, text] of overlay.texts) {
      const tmp = join(root, `${p}.remodel-tmp`);
      writeFileSync(tmp, bytesOf(text, opts.bom(p)));
      // The file keeps its mode (an executable script stays executable), moved or edited in place.
      const mode = modeOf(join(root, movedFrom.get(p) ?? p));
      if (mode !== null) chmodSync(tmp, mode);
      temps.set(p, tmp);
    }
    for (const [from, to] of overlay.moves) {
      if (opts.gitRoot && isTracked(root, from)) {
        journal.gitPaths.push(from, to);
        save();
        gitMove(root, from, to);
      } else renameSync(join(root, from), join(root, to));
    }
    for (const [p, tmp] of temps) renameSync(tmp, join(root, p));
    for (const p of overlay.removed) if (![...overlay.moves.keys()].includes(p)) rmSync(join(root, p), { force: true });
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    rollback(root, journal, opts.gitRoot);
    rmSync(dir, { recursive: true, force: true });
    throw new RemodelError(`writing failed and was rolled back: ${(e as Error).message}`);
  }
}

function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

function missingDirs(root: string, dir: string): string[] {
  const out: string[] = [];
  while (dir && dir !== "." && !existsSync(join(root, dir))) {
    out.unshift(dir);
    dir = dirname(dir);
  }
  return out;
}

function rollback(root: string, j: Journal, gitRoot: string | null): void {
  const dir = journalDir(root);
  for (const p of j.created) {
    rmSync(join(root, p), { force: true });
    rmSync(join(root, `${p}.remodel-tmp`), { force: true });
  }
  j.backups.forEach((p, i) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    copyFileSync(join(dir, "backups", String(i)), join(root, p));
    rmSync(join(root, `${p}.remodel-tmp`), { force: true });
  });
  for (const d of [...j.dirs].reverse()) {
    try {
      if (readdirSync(join(root, d)).length === 0) rmdirSync(join(root, d));
    } catch {
      // already gone
    }
  }
  if (gitRoot) resetPaths(root, j.gitPaths);
}
