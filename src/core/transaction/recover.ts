/**
 * Before a command reads a project, a write that was interrupted (kill -9, power loss, a crash)
 * is finished: rolled back if it had not completed, its journal removed if it had. A journal is
 * only replayed onto the tree it was written for: if any file it touched, HEAD or the staged
 * content has since become something neither before nor after, it refuses and says how to
 * discard the journal instead of reverting later work.
 */
import { existsSync } from "node:fs";
import { RemodelError } from "../errors.js";
import { workTreeRoot } from "../git.js";
import { confinedPath } from "./confine.js";
import { headCommit, stagedDigest } from "./git-index.js";
import { hashOf } from "./hash.js";
import { JOURNAL_NAME, journalPath, readJournal, transactionDir, type Journal } from "./journal.js";
import { acquireLock } from "./lock.js";
import { removeJournal, rollback } from "./rollback.js";

export type Recovery = "none" | "rolled back" | "completed" | "cleaned";

export function recoverInterrupted(root: string): Recovery {
  if (!existsSync(transactionDir(root))) return "none";
  confinedPath(root, ".remodel_cache/transaction", "the transaction folder");
  const release = acquireLock(root);
  try {
    // Nothing of the tree had changed before the journal was in place: only its folder is left.
    if (!existsSync(journalPath(root))) {
      removeJournal(root);
      return "cleaned";
    }
    const journal = readJournal(root);
    if (journal.state === "done") {
      removeJournal(root);
      return "completed";
    }
    const gitRoot = workTreeRoot(root);
    const moved = movedOn(root, journal, gitRoot);
    if (moved)
      throw new RemodelError(
        `${JOURNAL_NAME} is left by an interrupted write, but the tree has moved on since (${moved}): it is not rolled back. Run \`remodel recover --discard\` to delete it`,
      );
    rollback(root, journal, gitRoot);
    return "rolled back";
  } finally {
    release();
  }
}

/** Deletes the journal without touching the tree. */
export function discardJournal(root: string): boolean {
  if (!existsSync(transactionDir(root))) return false;
  confinedPath(root, ".remodel_cache/transaction", "the transaction folder");
  const release = acquireLock(root);
  try {
    removeJournal(root);
    return true;
  } finally {
    release();
  }
}

/** Why the journal does not apply to the tree as it is, or null when it does. */
function movedOn(root: string, j: Journal, gitRoot: string | null): string | null {
  for (const t of [...j.temps, ...j.dirs]) confinedPath(root, t, JOURNAL_NAME);
  for (const f of j.files) {
    const now = hashOf(confinedPath(root, f.path, JOURNAL_NAME));
    if (now !== f.before && now !== f.after && !(now !== null && f.between.includes(now)))
      return `${f.path} ${now === null ? "is gone" : "has changed"}`;
  }
  if (j.git) {
    if (!gitRoot) return "the project is no longer in a git work tree";
    if (headCommit(gitRoot) !== j.git.head) return "HEAD is another commit";
    const staged = stagedDigest(gitRoot);
    if (staged !== j.git.staged.before && staged !== j.git.staged.after)
      return "the git index has other changes staged";
  }
  return null;
}
