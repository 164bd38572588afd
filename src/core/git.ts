/** The few git operations Remodel needs, through the real git binary. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RemodelError } from "./errors.js";

/** What one git run answered, whatever its exit status (the caller decides what a failure means). */
export interface GitRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * The one place Remodel starts git. `index` runs it on another index file (GIT_INDEX_FILE: the
 * transaction stages on a copy); `input` is written to its stdin.
 */
export function gitRun(cwd: string, args: string[], opts: { index?: string; input?: string | Buffer } = {}): GitRun {
  const env = opts.index ? { ...process.env, GIT_INDEX_FILE: opts.index } : process.env;
  const r = spawnSync("git", args, { cwd, env, input: opts.input, maxBuffer: 1 << 30 });
  if (r.error) throw new RemodelError(`git ${args[0]}: ${r.error.message}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git and returns its stdout as bytes; a failure is one line (`git ARGS: first line of stderr`). */
export function gitBytes(cwd: string, args: string[], opts: { index?: string; input?: string | Buffer } = {}): Buffer {
  const r = gitRun(cwd, args, opts);
  if (r.status !== 0) {
    const why =
      (r.stderr.toString() || r.stdout.toString()).trim().split("\n")[0] ||
      (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
    throw new RemodelError(`git ${args.join(" ")}: ${why}`);
  }
  return r.stdout;
}

/** Runs git and returns its stdout; a failure is one line (`git ARGS: first line of stderr`). */
export function git(cwd: string, args: string[], input?: string): string {
  return gitBytes(cwd, args, { input }).toString("utf8");
}

/** Whether `git ARGS` succeeds (a question, not a command: no error either way). */
export function gitSucceeds(cwd: string, args: string[]): boolean {
  try {
    return gitRun(cwd, args).status === 0;
  } catch {
    return false;
  }
}

/** The top of the git work tree containing dir, or null outside one (or without git). */
export function workTreeRoot(dir: string): string | null {
  try {
    const r = gitRun(dir, ["rev-parse", "--show-toplevel"]);
    return r.status === 0 ? r.stdout.toString("utf8").trim() : null;
  } catch {
    return null;
  }
}

/** Paths (relative to cwd) among `paths` with uncommitted changes, staged or not, or untracked. */
export function dirtyPaths(cwd: string, paths: string[]): string[] {
  if (paths.length === 0) return [];
  const out = git(cwd, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...paths]);
  return out
    .split("\0")
    .filter(Boolean)
    .map((l) => l.slice(3));
}

export function gitMove(cwd: string, from: string, to: string): void {
  git(cwd, ["mv", "-k", "--", from, to]);
}

/** Stages exactly these paths (additions, edits, removals) and commits them. */
export function commitPaths(cwd: string, paths: string[], message: string): string {
  const present = paths.filter((p) => existsSync(join(cwd, p)));
  if (present.length) git(cwd, ["add", "-A", "--", ...present]);
  const gone = paths.filter((p) => !present.includes(p));
  if (gone.length) git(cwd, ["rm", "-q", "--cached", "--ignore-unmatch", "--", ...gone]);
  git(cwd, ["commit", "-q", "-m", message, "--", ...paths]);
  return git(cwd, ["rev-parse", "--short", "HEAD"]).trim();
}

export function isTracked(cwd: string, path: string): boolean {
  return git(cwd, ["ls-files", "--", path]).trim() !== "";
}
