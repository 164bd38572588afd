/** The few git operations Remodel needs, through the real git binary. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RemodelError } from "./errors.js";

/** Runs git and returns its stdout; a failure is one line (`git ARGS: first line of stderr`). The one git runner. */
export function git(cwd: string, args: string[], input?: string): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", input, maxBuffer: 1 << 30 });
  if (r.error) throw new RemodelError(`git ${args[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new RemodelError(`git ${args.join(" ")}: ${(r.stderr || r.stdout).trim().split("\n")[0] || `exit ${r.status}`}`);
  return r.stdout;
}

/** Whether `git ARGS` succeeds (a question, not a command: no error either way). */
export function gitSucceeds(cwd: string, args: string[]): boolean {
  return spawnSync("git", args, { cwd, encoding: "utf8" }).status === 0;
}

/** The top of the git work tree containing dir, or null outside one (or without git). */
export function workTreeRoot(dir: string): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** Paths (relative to cwd) among `paths` with uncommitted changes, staged or not, or untracked. */
export function dirtyPaths(cwd: string, paths: string[]): string[] {
  if (paths.length === 0) return [];
  const out = git(cwd, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...paths]);
  return out.split("\0").filter(Boolean).map((l) => l.slice(3));
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

export function resetPaths(cwd: string, paths: string[]): void {
  if (paths.length) spawnSync("git", ["reset", "-q", "--", ...paths], { cwd });
}
