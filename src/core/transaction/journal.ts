/**
 * The journal of a write: what each touched file was before (hash and a saved copy), what it
 * will be after, what else may be seen between the two, and the git state it applies to. It is
 * written (to a temporary file, synced, renamed) before the first change to the tree, and marked
 * done (the same way) after the last, so that a run stopped at any point leaves a journal that
 * says exactly how to get back, or that nothing needs to be undone.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RemodelError } from "../errors.js";
import { operation } from "./fault-hook.js";

export const JOURNAL_VERSION = 2;

export interface JournalFile {
  path: string;
  /** sha1 of the content before, or null when the file did not exist. */
  before: string | null;
  /** sha1 of the content after, or null when the change removes it. */
  after: string | null;
  /** Other contents it may have half-way (a moved file before its new text is in place). */
  between: string[];
  /** Name of the saved copy of the content before, under backups/. */
  backup: string | null;
}

export interface Journal {
  version: number;
  state: "pending" | "done";
  /** Work-tree-relative temporary files the write creates. */
  temps: string[];
  /** Directories the write creates, shallowest first. */
  dirs: string[];
  files: JournalFile[];
  /** The git state it applies to (null outside a work tree). */
  git: { head: string | null; staged: { before: string; after: string } } | null;
}

export const transactionDir = (root: string) => join(root, ".remodel_cache", "transaction");
export const journalPath = (root: string) => join(transactionDir(root), "journal.json");
export const JOURNAL_NAME = ".remodel_cache/transaction/journal.json";

export function writeJournal(root: string, journal: Journal, what: string): void {
  const file = journalPath(root);
  const tmp = `${file}.tmp`;
  operation(`${what}: write journal`, () => {
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify(journal));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
  operation(`${what}: rename journal into place`, () => renameSync(tmp, file));
}

/** The journal, validated field by field (it may be corrupted, or hostile when committed into a repository). */
export function readJournal(root: string): Journal {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(journalPath(root), "utf8"));
  } catch (e) {
    throw corrupted(e instanceof SyntaxError ? "not valid JSON" : ((e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const j = data as Journal;
  if (!j || typeof j !== "object") throw corrupted("not an object");
  if (j.version !== JOURNAL_VERSION)
    throw corrupted(`version ${JSON.stringify(j.version)}, this remodel writes version ${JOURNAL_VERSION}`);
  if (j.state !== "pending" && j.state !== "done") throw corrupted("no state");
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");
  const hash = (v: unknown) => v === null || (typeof v === "string" && /^[0-9a-f]{40}$/.test(v));
  if (!strings(j.temps) || !strings(j.dirs) || !Array.isArray(j.files)) throw corrupted("temps, dirs or files missing");
  for (const f of j.files) {
    if (
      !f ||
      typeof f.path !== "string" ||
      !hash(f.before) ||
      !hash(f.after) ||
      !Array.isArray(f.between) ||
      !f.between.every(hash)
    )
      throw corrupted("a file entry is malformed");
    if (f.backup !== null && !(typeof f.backup === "string" && /^\d+$/.test(f.backup)))
      throw corrupted("a backup name is malformed");
    if (f.before !== null && f.backup === null) throw corrupted(`no saved copy of ${f.path}`);
  }
  if (
    j.git !== null &&
    (typeof j.git !== "object" ||
      !hash(j.git.head) ||
      typeof j.git.staged?.before !== "string" ||
      typeof j.git.staged?.after !== "string")
  )
    throw corrupted("git state malformed");
  return j;
}

function corrupted(why: string): RemodelError {
  return new RemodelError(
    `${JOURNAL_NAME} is not a usable journal (${why}); nothing was changed. Inspect it, then run \`remodel recover --discard\` to delete it`,
  );
}
