/**
 * The git side of a transaction. Moves of tracked files are staged the way `git mv` stages them,
 * but on a copy of the index: the real index is then replaced in one rename (under git's own
 * index.lock), so it is only ever the index before or the index after, and a rollback puts the
 * saved copy back. What a journal compares is the staged content (`git ls-files -s`), which git's
 * own stat refreshes leave alone.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { relative, resolve } from "node:path";
import { RemodelError } from "../errors.js";
import { gitBytes as git, gitRun } from "../git.js";
import { operation } from "./fault-hook.js";

export function indexPath(gitRoot: string): string {
  return resolve(gitRoot, git(gitRoot, ["rev-parse", "--git-path", "index"]).toString().trim());
}

export function headCommit(gitRoot: string): string | null {
  const r = gitRun(gitRoot, ["rev-parse", "-q", "--verify", "HEAD"]);
  return r.status === 0 ? r.stdout.toString("utf8").trim() : null;
}

/** A digest of what is staged (modes, blobs, stages, paths), of the real index or of `index`. */
export function stagedDigest(gitRoot: string, index?: string): string {
  return createHash("sha1")
    .update(git(gitRoot, ["ls-files", "-s", "-z"], { index }))
    .digest("hex");
}

/** Stages `moves` (absolute from → to) in the index file `index`, as `git mv` would; untracked sources are left out. */
export function stageMoves(gitRoot: string, index: string, moves: [string, string][]): string[] {
  const lines: string[] = [];
  const tracked: string[] = [];
  for (const [from, to] of moves) {
    const rel = relative(gitRoot, from).split("\\").join("/");
    const entries = git(gitRoot, ["ls-files", "-s", "-z", "--", `:(literal)${rel}`], { index })
      .toString()
      .split("\0")
      .filter(Boolean);
    const own = entries.filter((e) => e.slice(e.indexOf("\t") + 1) === rel);
    if (own.length === 0) continue;
    const [mode, blob] = own[0].slice(0, own[0].indexOf("\t")).split(" ");
    lines.push(
      `0 ${"0".repeat(blob.length)}\t${rel}`,
      `${mode} ${blob}\t${relative(gitRoot, to).split("\\").join("/")}`,
    );
    tracked.push(from);
  }
  if (lines.length) git(gitRoot, ["update-index", "-z", "--index-info"], { index, input: lines.join("\0") + "\0" });
  return tracked;
}

/**
 * Stages new files (absolute path → bytes and mode) in the index file `index`, as `git add`
 * would: their blobs are written to the object store now (unreferenced until the index names
 * them, so harmless if the change never happens) and files git ignores are left out. Staging
 * them in the transaction's index, not after it, means a kill after the change cannot leave a
 * package whose `__init__.py` `git commit -a` would miss.
 */
export function stageNewFiles(
  gitRoot: string,
  index: string,
  files: { abs: string; bytes: Buffer; mode: number | null }[],
): number {
  const rels = files.map((f) => relative(gitRoot, f.abs).split("\\").join("/"));
  const check = gitRun(gitRoot, ["check-ignore", "-z", "--stdin"], { input: rels.join("\0") + "\0" });
  const ignored = new Set(check.status === 0 ? check.stdout.toString().split("\0").filter(Boolean) : []);
  const lines: string[] = [];
  files.forEach((f, i) => {
    if (ignored.has(rels[i])) return;
    const blob = git(gitRoot, ["hash-object", "-w", "--stdin"], { input: f.bytes }).toString().trim();
    const mode = f.mode !== null && f.mode & 0o111 ? "100755" : "100644";
    lines.push(`${mode} ${blob}\t${rels[i]}`);
  });
  if (lines.length)
    git(gitRoot, ["update-index", "-z", "--add", "--index-info"], { index, input: lines.join("\0") + "\0" });
  return lines.length;
}

/** Replaces the real index by `bytes`, through git's index.lock so that no git command writes it meanwhile. */
export function installIndex(target: string, bytes: Buffer, what: string): void {
  const lock = `${target}.lock`;
  operation(`${what}: take index.lock`, () => {
    let fd: number;
    try {
      fd = openSync(lock, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST")
        throw new RemodelError(`${lock} exists: another git process is running (or crashed); remove it when none is`);
      throw e;
    }
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
  try {
    operation(`${what}: rename index.lock to index`, () => renameSync(lock, target));
  } catch (e) {
    rmSync(lock, { force: true });
    throw e;
  }
}

/** Removes an index.lock that this transaction left (its content is one of the journal's indexes). */
export function removeOwnIndexLock(target: string, ours: Buffer[]): void {
  const lock = `${target}.lock`;
  if (!existsSync(lock)) return;
  let content: Buffer;
  try {
    content = readFileSync(lock);
  } catch {
    return;
  }
  // A partial write is a prefix of what was being written.
  if (ours.some((b) => b.subarray(0, content.length).equals(content)))
    operation("remove our index.lock", () => rmSync(lock, { force: true }));
}
