/**
 * The one atomic folder writer: a folder becomes exactly `files` (relative path → text), plus the
 * entries of the old folder that `keep` names, all or nothing. Everything goes into a sibling
 * temporary folder, which then takes the old folder's place by rename; a failure at any point
 * leaves the old folder as it was. Used by `remodel docs` and `remodel db pull`.
 *
 * The write is synchronous: Ctrl-C or SIGTERM (with the listener of signals.ts) waits for its end,
 * so the folder is whole. A run killed outright (SIGKILL, a power cut) can leave its temporary
 * folder, or, between the two renames, the old folder moved aside with nothing in its place:
 * recoverFolder, run before the next write of that folder (and by its callers before they look
 * at it), puts the old folder back and removes the rest. Each file operation goes through the
 * transaction's fault hook, so that tests can fail or kill it at any one of them.
 */
import { createHash } from "node:crypto";
import type { Warning } from "./warning.js";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { operation } from "./transaction/fault-hook.js";
import { processAlive } from "./transaction/lock.js";
import { holdSignals } from "./transaction/signals.js";

/** Returns warnings: what went wrong once the new folder was in place (it stands). */
export function replaceFolder(
  out: string,
  files: ReadonlyMap<string, string>,
  opts: { keep?: (entry: string) => boolean } = {},
): Warning[] {
  holdSignals();
  recoverFolder(out);
  const parent = dirname(out);
  operation(`create ${parent}`, () => mkdirSync(parent, { recursive: true }));
  const now = Date.now();
  const tmp = join(parent, leftoverName(basename(out), "tmp", process.pid, now));
  const old = join(parent, leftoverName(basename(out), "old", process.pid, now));
  try {
    operation(`create ${tmp}`, () => mkdirSync(tmp, { recursive: true }));
    const hadOld = existsSync(out);
    if (hadOld && opts.keep) {
      for (const entry of readdirSync(out)) {
        if (opts.keep(entry))
          operation(`keep ${entry}`, () =>
            cpSync(join(out, entry), join(tmp, entry), { recursive: true, preserveTimestamps: true }),
          );
      }
    }
    for (const [path, text] of files) {
      const target = join(tmp, path);
      operation(`write ${path}`, () => {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
      });
    }
    if (hadOld) operation(`move ${out} aside`, () => renameSync(out, old));
    try {
      operation(`rename ${tmp} to ${out}`, () => renameSync(tmp, out));
    } catch (e) {
      if (hadOld) operation(`move ${out} back`, () => renameSync(old, out));
      throw e;
    }
    if (!hadOld) return [];
    try {
      operation(`remove the old ${out}`, () => rmSync(old, { recursive: true, force: true }));
    } catch (e) {
      // The new folder is in place: this is clean-up, never a reason to undo it.
      return [
        {
          message: `the old folder could not be removed (${(e as Error).message}); the next write of ${basename(out)} removes ${basename(old)}`,
        },
      ];
    }
    return [];
  } finally {
    if (existsSync(tmp)) operation(`remove ${tmp}`, () => rmSync(tmp, { recursive: true, force: true }));
  }
}

/**
 * Repairs what a killed replaceFolder(out) left beside `out`: its temporary folder is removed; an
 * old folder moved aside goes back when nothing took its place, and is removed when the new
 * folder did. What a live process has beside it is that process's own (a write under way).
 */
export function recoverFolder(out: string, now = Date.now()): void {
  const parent = dirname(out);
  if (!existsSync(parent)) return;
  const left = readdirSync(parent).flatMap((name) => {
    const m = leftover(basename(out), name);
    return m && !writerAlive(m, now) ? [{ ...m, path: join(parent, name) }] : [];
  });
  for (const l of left.filter((x) => x.kind === "tmp"))
    operation(`remove ${l.path}`, () => rmSync(l.path, { recursive: true, force: true }));
  // The newest old folder is the one the last interrupted run moved aside.
  for (const l of left.filter((x) => x.kind === "old").sort((a, b) => b.time - a.time)) {
    if (existsSync(out)) operation(`remove ${l.path}`, () => rmSync(l.path, { recursive: true, force: true }));
    else operation(`move ${l.path} back to ${out}`, () => renameSync(l.path, out));
  }
}

/**
 * This machine's tag in a leftover's name. A folder on a shared file system can hold leftovers of
 * runs on other machines, whose pids mean nothing here: the tag tells them apart.
 */
const HOST = createHash("sha1").update(hostname()).digest("hex").slice(0, 8);

/**
 * How long another machine's write may stand unfinished. Its pid cannot be asked about from here,
 * and a write takes seconds: a leftover this old is a dead run's, a younger one may be under way.
 */
export const FOREIGN_WRITE_MS = 60 * 60 * 1000;

function writerAlive(l: { pid: number; time: number; host: string | null }, now: number): boolean {
  // A leftover named before names carried the host is taken as this machine's, as it was then.
  if (l.host === null || l.host === HOST) return processAlive(l.pid);
  return now - l.time < FOREIGN_WRITE_MS;
}

/** `.<base>.tmp-<pid>-<time>-<host>` or `.<base>.old-<pid>-<time>-<host>`, as replaceFolder names them. */
function leftover(
  base: string,
  name: string,
): { kind: "tmp" | "old"; pid: number; time: number; host: string | null } | null {
  for (const kind of ["tmp", "old"] as const) {
    const prefix = `.${base}.${kind}-`;
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-([0-9a-z]+)(?:-([0-9a-f]{8}))?$/.exec(name.slice(prefix.length));
    if (m) return { kind, pid: Number(m[1]), time: Number.parseInt(m[2], 36), host: m[3] ?? null };
  }
  return null;
}

/** The name replaceFolder gives its temporary (`tmp`) or moved-aside (`old`) folder beside `base`. */
export function leftoverName(
  base: string,
  kind: "tmp" | "old",
  pid: number,
  time: number,
  host: string | null = HOST,
): string {
  return `.${base}.${kind}-${pid}-${time.toString(36)}${host === null ? "" : `-${host}`}`;
}
