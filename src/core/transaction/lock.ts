/**
 * Two runs writing one project are serialized by `.remodel_cache/lock`, created exclusively and
 * holding the writer's pid and host. A lock whose process is gone (killed) is stale and taken
 * over. Re-entrant within one process: recovery before reading and the write itself nest.
 */
import { hostname } from "node:os";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RemodelError } from "../errors.js";

export const lockFile = (root: string) => join(root, ".remodel_cache", "lock");

const held = new Map<string, number>();

/** Takes the project's lock (or refuses, naming the holder) and returns its release. */
export function acquireLock(root: string): () => void {
  const file = lockFile(root);
  const depth = held.get(file) ?? 0;
  if (depth === 0) take(file);
  held.set(file, depth + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(file) ?? 1) - 1;
    if (left > 0) return void held.set(file, left);
    held.delete(file);
    try {
      rmSync(file, { force: true });
    } catch {
      // a lock that cannot be removed is stale once this process ends
    }
  };
}

function take(file: string): void {
  mkdirSync(join(file, ".."), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, mine, { flag: "wx" });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(file);
    if (holder.alive)
      throw new RemodelError(
        `another remodel run (pid ${holder.pid}) is using this project; wait for it to end (lock: .remodel_cache/lock)`,
      );
    // Stale: moved aside rather than deleted, so that of two runs taking it over only one wins.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      rmSync(`${file}.stale-${process.pid}`, { force: true });
    } catch {
      // another run took it over first; try again
    }
  }
  throw new RemodelError("could not take the project lock .remodel_cache/lock");
}

function readHolder(file: string): { pid: string; alive: boolean } {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { pid: "?", alive: false };
  }
  let pid: unknown;
  let host: unknown;
  try {
    ({ pid, host } = JSON.parse(text) as { pid: unknown; host: unknown });
  } catch {
    // Being written this very moment by its creator, or garbage left by a crash: young means the former.
    return { pid: "?", alive: ageMs(file) < 5000 };
  }
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return { pid: String(pid), alive: false };
  if (host !== hostname()) return { pid: `${pid} on ${String(host)}`, alive: true };
  return { pid: String(pid), alive: processAlive(pid) };
}

/** Whether another process of this machine has this pid (this process's own pid: no, it is not another). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

const commandLocks: (() => void)[] = [];

/** Takes the lock until the command ends (a refactoring command: from before it reads until it has written). */
export function holdLockForCommand(root: string): void {
  const release = acquireLock(root);
  commandLocks.push(release);
  process.once("exit", release);
}

/** Called when a command ends, however it ends. */
export function releaseCommandLocks(): void {
  for (const release of commandLocks.splice(0)) release();
}
