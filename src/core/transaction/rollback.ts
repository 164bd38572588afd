/**
 * Undoing a pending journal: every touched file back to its saved copy (or gone if it did not
 * exist), temporaries and created directories removed, the index put back. Each step is
 * idempotent, and the journal goes last, so a rollback stopped half-way is finished by the next run.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { RemodelError } from "../errors.js";
import { confinedPath } from "./confine.js";
import { operation } from "./fault-hook.js";
import { indexPath, installIndex, removeOwnIndexLock, stagedDigest } from "./git-index.js";
import { JOURNAL_NAME, journalPath, transactionDir, type Journal } from "./journal.js";
import { hashOf } from "./hash.js";

export function rollback(root: string, j: Journal, gitRoot: string | null): void {
  const dir = transactionDir(root);
  for (const f of j.files) {
    const abs = confinedPath(root, f.path, JOURNAL_NAME);
    if (hashOf(abs) === f.before) continue;
    if (f.before === null) {
      operation(`rollback: remove ${f.path}`, () => rmSync(abs, { force: true }));
      continue;
    }
    const saved = join(dir, "backups", f.backup!);
    if (!existsSync(saved))
      throw new RemodelError(
        `${JOURNAL_NAME}: the saved copy of ${f.path} is missing; run \`remodel recover --discard\` to delete the journal and restore ${f.path} from version control`,
      );
    if (!existsSync(dirname(abs)))
      operation(`rollback: create ${dirname(f.path)}`, () => mkdirSync(dirname(abs), { recursive: true }));
    const tmp = `${abs}.remodel-tmp`;
    operation(`rollback: copy back ${f.path}`, () => copyFileSync(saved, tmp));
    operation(`rollback: rename back ${f.path}`, () => renameSync(tmp, abs));
  }
  for (const t of j.temps) {
    const abs = confinedPath(root, t, JOURNAL_NAME);
    if (existsSync(abs)) operation(`rollback: remove ${t}`, () => rmSync(abs, { force: true }));
  }
  for (const d of [...j.dirs].reverse()) {
    const abs = confinedPath(root, d, JOURNAL_NAME);
    if (existsSync(abs) && readdirSync(abs).length === 0)
      operation(`rollback: remove directory ${d}`, () => rmdirSync(abs));
  }
  if (gitRoot && j.git) {
    const target = indexPath(gitRoot);
    const before = readIf(join(dir, "index.before"));
    const after = readIf(join(dir, "index.after"));
    removeOwnIndexLock(
      target,
      [before, after].filter((b): b is Buffer => b !== null),
    );
    if (j.git.staged.after !== j.git.staged.before && stagedDigest(gitRoot) === j.git.staged.after) {
      if (!before)
        throw new RemodelError(
          `${JOURNAL_NAME}: the saved git index is missing; run \`remodel recover --discard\`, then \`git reset\``,
        );
      installIndex(target, before, "rollback");
    }
  }
  removeJournal(root);
}

/** The journal file first (from then on there is nothing to recover), then its folder. */
export function removeJournal(root: string): void {
  if (existsSync(journalPath(root))) operation("remove journal", () => rmSync(journalPath(root), { force: true }));
  operation("remove journal folder", () => rmSync(transactionDir(root), { recursive: true, force: true }));
}

function readIf(p: string): Buffer | null {
  try {
    return readFileSync(p);
  } catch {
    return null;
  }
}
