/**
 * The one atomic folder writer: a folder becomes exactly `files` (relative path → text), plus the
 * entries of the old folder that `keep` names, all or nothing. Everything goes into a sibling
 * temporary folder, which then takes the old folder's place by rename; a failure at any point
 * leaves the old folder as it was. Used by `remodel docs` and `remodel db pull`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function replaceFolder(out: string, files: ReadonlyMap<string, string>, opts: { keep?: (entry: string) => boolean } = {}): void {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = join(parent, `.${basename(out)}.tmp-${stamp}`);
  const old = join(parent, `.${basename(out)}.old-${stamp}`);
  try {
    mkdirSync(tmp, { recursive: true });
    const hadOld = existsSync(out);
    if (hadOld && opts.keep) {
      for (const entry of readdirSync(out)) if (opts.keep(entry)) cpSync(join(out, entry), join(tmp, entry), { recursive: true, preserveTimestamps: true });
    }
    for (const [path, text] of files) {
      const target = join(tmp, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    if (hadOld) renameSync(out, old);
    try {
      renameSync(tmp, out);
    } catch (e) {
      if (hadOld) renameSync(old, out);
      throw e;
    }
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
