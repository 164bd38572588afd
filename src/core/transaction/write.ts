/**
 * Writes a verified change all at once or not at all, whatever stops the run.
 *
 * 1. Under the project lock, every path is confined to the project, every file the plan read is
 *    checked against the hash it had when it was read, and every new text is encoded: any
 *    refusal happens here, before anything is written.
 * 2. Saved copies of the originals, the index as it will be, and the journal are written inside
 *    the cache folder; the journal goes last, by rename.
 * 3. The tree is changed: directories, temporary files beside their targets, renames of moved
 *    files, renames of the temporaries into place, removals, the index in one rename.
 * 4. The journal is marked done by rename: from then on the change stands, whatever happens.
 * 5. The journal is removed; a failure there is a warning, never a rollback.
 * A failure in 2-4 rolls back; a run killed in 2-4 is rolled back by the next command that reads
 * the project (recover.ts), a run killed in 5 is completed by it. SIGINT or SIGTERM in 2-3 rolls
 * back before the process exits; in 4-5 the clean-up finishes first (signals.ts).
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { Warning } from "../warning.js";
import { RemodelError } from "../errors.js";
import type { Overlay } from "../overlay.js";
import { decodeSource, encodeSource, unverifiedCharacter, type DecodedSource } from "../source-codec.js";
import { confinedPath } from "./confine.js";
import { operation } from "./fault-hook.js";
import { headCommit, indexPath, installIndex, stageMoves, stagedDigest, stageNewFiles } from "./git-index.js";
import { hashOf, sha1 } from "./hash.js";
import { transactionDir, writeJournal, type Journal, type JournalFile } from "./journal.js";
import { acquireLock } from "./lock.js";
import { recoverInterrupted } from "./recover.js";
import { removeJournal, rollback } from "./rollback.js";
import { checkpoint, exitInterrupted, holdSignals, interruptible, Interrupted, type HeldSignal } from "./signals.js";

export interface WriteOptions {
  gitRoot: string | null;
  /** Whether the file had a UTF-8 BOM (for a moved file: its new path). */
  bom: (path: string) => boolean;
  /** The sha1 a file had when the plan read it, undefined when the plan did not read it. */
  readHash: (path: string) => string | undefined;
  /** Whether a file the change creates is staged (in the same index swap as the moves); default: none. */
  stage?: (path: string) => boolean;
}

export interface WriteResult {
  /** Things that went wrong after the change was complete (it stands). */
  warnings: Warning[];
}

interface Target {
  path: string;
  abs: string;
  /** The bytes to write, or null when the file is only moved (its bytes stay). */
  bytes: Buffer | null;
  /** The path it is moved from. */
  from: string | null;
  /** Permission bits of the file it replaces (or is moved from), kept on the rewritten file; null for a new file. */
  mode: number | null;
}

export async function writeOverlay(root: string, overlay: Overlay, opts: WriteOptions): Promise<WriteResult> {
  holdSignals();
  const release = acquireLock(root);
  let interrupted: HeldSignal | null = null;
  const warnings: Warning[] = [];
  try {
    recoverInterrupted(root);
    const targets = prepare(root, overlay, opts);
    let journal: Journal | null = null;
    try {
      journal = await interruptible(() =>
        writeAhead(root, overlay, targets, opts.gitRoot, opts.stage ?? (() => false)),
      );
    } catch (e) {
      // The tree is untouched until the journal is in place: only the journal folder is to be removed.
      try {
        removeJournal(root);
      } catch {
        // the next run removes what is left
      }
      if (!(e instanceof Interrupted))
        throw new RemodelError(`writing failed and was rolled back: ${(e as Error).message}`);
      interrupted = e.signal;
    }
    if (journal) {
      try {
        await interruptible(() => change(root, overlay, targets, journal!, opts.gitRoot));
        // The commit point, and from here on no checkpoint: a signal now waits for the clean-up.
        writeJournal(root, { ...journal, state: "done" }, "commit");
      } catch (e) {
        try {
          rollback(root, journal, opts.gitRoot);
        } catch (again) {
          throw new RemodelError(
            `writing failed (${(e as Error).message}) and so did the rollback (${(again as Error).message}); the next remodel command finishes it`,
          );
        }
        if (!(e instanceof Interrupted))
          throw new RemodelError(`writing failed and was rolled back: ${(e as Error).message}`);
        interrupted = e.signal;
      }
    }
    if (!interrupted) {
      try {
        removeJournal(root);
      } catch (e) {
        warnings.push({
          message: `the change is complete, but its journal could not be removed (${(e as Error).message}); the next remodel command removes it`,
        });
      }
    }
  } finally {
    release();
  }
  if (interrupted)
    exitInterrupted(interrupted, "the write in progress was rolled back: the project is as it was before");
  return { warnings };
}

/** One file operation of the interruptible steps, then a turn of the event loop for a signal. */
async function step<T>(what: string, run: () => T): Promise<T> {
  const out = operation(what, run);
  await checkpoint();
  return out;
}

/** Step 1: everything that can refuse, before anything is written. */
function prepare(root: string, overlay: Overlay, opts: WriteOptions): Target[] {
  const source = "the change";
  const movedFrom = new Map([...overlay.moves].map(([from, to]) => [to, from]));
  const checkRead = (path: string, abs: string) => {
    const expected = opts.readHash(path);
    const now = hashOf(abs);
    if (expected !== undefined && now !== expected)
      throw new RemodelError(
        `${path} ${now === null ? "was deleted" : "was changed"} after it was read; nothing was written (run again)`,
      );
    return now;
  };
  for (const p of overlay.removed) checkRead(p, confinedPath(root, p, source));
  // Characters whose bytes an original shows, for the codecs that only write those (unverifiedCharacter).
  const originals = new Map<string, { bytes: Buffer; decoded: DecodedSource; exact: boolean }>();
  let known = "";
  for (const path of overlay.texts.keys()) {
    const origin = movedFrom.get(path) ?? path;
    const originAbs = confinedPath(root, origin, source);
    if (!existsSync(originAbs) || !statSync(originAbs).isFile()) continue;
    const bytes = readFileSync(originAbs);
    const decoded = decodeSource(bytes);
    const exact = !decoded.warning && encodeOrNull(decoded.text, decoded.bom)?.equals(bytes) === true;
    originals.set(origin, { bytes, decoded, exact });
    if (exact) known += decoded.text;
  }
  const targets: Target[] = [];
  for (const [path, text] of overlay.texts) {
    const abs = confinedPath(root, path, source);
    const from = movedFrom.get(path) ?? null;
    if (existsSync(`${abs}.remodel-tmp`))
      throw new RemodelError(`${path}.remodel-tmp exists; remove it (nothing was written)`);
    if (from !== null && existsSync(abs)) throw new RemodelError(`${path} exists; nothing was written`);
    const origin = from ?? path;
    const originAbs = from !== null ? confinedPath(root, from, source) : abs;
    const originHash = checkRead(origin, originAbs);
    let bytes: Buffer | null;
    const mode = originHash === null ? null : statSync(originAbs).mode & 0o7777;
    const read = originHash === null ? undefined : originals.get(origin);
    // Read again since the hash check: compare, so the bytes decoded are the bytes checked.
    const original = read && sha1(read.bytes) === originHash ? read : read ? changedSinceRead(origin) : undefined;
    if (!original) bytes = encode(path, text, opts.bom(path), known);
    else {
      const { decoded } = original;
      if (decoded.text === text) {
        if (from === null) continue; // unchanged
        bytes = null;
      } else {
        if (decoded.warning)
          throw new RemodelError(`${origin}: ${decoded.warning}; refusing to rewrite it (nothing was written)`);
        if (!original.exact)
          throw new RemodelError(
            `${origin}: its ${decoded.encoding} bytes do not survive decoding and encoding again; refusing to rewrite it (nothing was written)`,
          );
        bytes = encode(path, text, opts.bom(path), known);
      }
    }
    targets.push({ path, abs, bytes, from, mode });
  }
  return targets;
}

function changedSinceRead(path: string): never {
  throw new RemodelError(`${path} was changed while it was being read; nothing was written (run again)`);
}

function encodeOrNull(text: string, bom: boolean): Buffer | null {
  try {
    return encodeSource(text, bom);
  } catch {
    return null;
  }
}

function encode(path: string, text: string, bom: boolean, known: string): Buffer {
  const unsafe = unverifiedCharacter(text, known);
  if (unsafe) throw new RemodelError(`${path}: ${unsafe.message}; nothing was written`);
  try {
    return encodeSource(text, bom);
  } catch (e) {
    throw new RemodelError(`${path}: ${(e as Error).message}; nothing was written`);
  }
}

/** Step 2: saved copies, the index after, the journal. The tree is untouched. */
async function writeAhead(
  root: string,
  overlay: Overlay,
  targets: Target[],
  gitRoot: string | null,
  stage: (path: string) => boolean,
): Promise<Journal> {
  const dir = transactionDir(root);
  await checkpoint();
  // Leftovers of a run that stopped before its journal existed.
  if (existsSync(dir)) await step("prepare: clear journal folder", () => rmSync(dir, { recursive: true, force: true }));
  await step("prepare: create journal folder", () => mkdirSync(join(dir, "backups"), { recursive: true }));
  const files: JournalFile[] = [];
  const save = async (path: string, abs: string): Promise<JournalFile> => {
    const before = hashOf(abs);
    let backup: string | null = null;
    if (before !== null) {
      backup = String(files.length);
      await step(`prepare: save ${path}`, () => copyFileSync(abs, join(dir, "backups", backup!)));
    }
    const entry: JournalFile = { path, before, after: null, between: [], backup };
    files.push(entry);
    return entry;
  };
  const temps: string[] = [];
  const dirs = new Set<string>();
  for (const t of targets) {
    const entry = await save(t.path, t.abs);
    const fromHash = t.from !== null ? hashOf(join(root, t.from)) : null;
    entry.after = t.bytes ? sha1(t.bytes) : fromHash;
    if (t.from !== null && fromHash !== null && fromHash !== entry.after) entry.between.push(fromHash);
    if (t.bytes) temps.push(`${t.path}.remodel-tmp`);
    for (const d of missingDirs(root, dirname(t.path))) dirs.add(d);
  }
  for (const p of overlay.removed) if (!files.some((f) => f.path === p)) await save(p, join(root, p));
  for (const f of files) if (!temps.includes(`${f.path}.remodel-tmp`)) temps.push(`${f.path}.remodel-tmp`);
  let git: Journal["git"] = null;
  if (gitRoot) {
    const staged = stagedDigest(gitRoot);
    git = { head: headCommit(gitRoot), staged: { before: staged, after: staged } };
    const moves = targets.filter((t) => t.from !== null).map((t): [string, string] => [join(root, t.from!), t.abs]);
    const created = targets
      .filter((t) => t.from === null && t.mode === null && t.bytes && stage(t.path))
      .map((t) => ({ abs: t.abs, bytes: t.bytes!, mode: t.mode }));
    if (moves.length || created.length) {
      const real = indexPath(gitRoot);
      if (existsSync(real)) {
        await step("prepare: save index", () => copyFileSync(real, join(dir, "index.before")));
        await step("prepare: copy index", () => copyFileSync(real, join(dir, "index.after")));
        const after = join(dir, "index.after");
        const staged =
          stageMoves(gitRoot, after, moves).length + (created.length ? stageNewFiles(gitRoot, after, created) : 0);
        if (staged) git.staged.after = stagedDigest(gitRoot, after);
        await checkpoint();
      }
    }
  }
  const journal: Journal = { version: 2, state: "pending", temps, dirs: [...dirs], files, git };
  writeJournal(root, journal, "prepare");
  await checkpoint();
  return journal;
}

/** Step 3: the tree itself. */
async function change(
  root: string,
  overlay: Overlay,
  targets: Target[],
  journal: Journal,
  gitRoot: string | null,
): Promise<void> {
  for (const d of journal.dirs) await step(`create directory ${d}`, () => mkdirSync(join(root, d)));
  for (const t of targets)
    if (t.bytes)
      await step(`write ${t.path}.remodel-tmp`, () => writeFileSafely(`${t.abs}.remodel-tmp`, t.bytes!, t.mode));
  for (const t of targets)
    if (t.from !== null) await step(`rename ${t.from} to ${t.path}`, () => renameSync(join(root, t.from!), t.abs));
  for (const t of targets)
    if (t.bytes)
      await step(`rename ${t.path}.remodel-tmp to ${t.path}`, () => renameSync(`${t.abs}.remodel-tmp`, t.abs));
  const moved = new Set(overlay.moves.keys());
  for (const p of overlay.removed)
    if (!moved.has(p) && existsSync(join(root, p)))
      await step(`remove ${p}`, () => rmSync(join(root, p), { force: true }));
  if (gitRoot && journal.git && journal.git.staged.after !== journal.git.staged.before) {
    installIndex(indexPath(gitRoot), readFileSync(join(transactionDir(root), "index.after")), "index");
    await checkpoint();
  }
}

function writeFileSafely(path: string, bytes: Buffer, mode: number | null): void {
  // Exclusive: a temporary file that appeared since step 1 is not ours to overwrite.
  writeFileSync(path, bytes, { flag: "wx" });
  // An edited file keeps its mode (an executable script stays executable); chmod, not the
  // `mode` option, because the umask would mask the option.
  if (mode !== null) chmodSync(path, mode);
}

function missingDirs(root: string, dir: string): string[] {
  const out: string[] = [];
  while (dir && dir !== "." && !existsSync(join(root, dir))) {
    out.unshift(dir);
    dir = dirname(dir);
  }
  return out;
}
