/**
 * Edits are data: a range of a file's text and its replacement. Refactorings produce EditPlans;
 * nothing in a refactoring touches the file system.
 */
export interface Edit {
  /** UTF-16 offset into the file's decoded text. */
  start: number;
  end: number;
  text: string;
}

export const insertion = (at: number, text: string): Edit => ({ start: at, end: at, text });
export const deletion = (start: number, end: number): Edit => ({ start, end, text: "" });
export const replacement = (start: number, end: number, text: string): Edit => ({ start, end, text });

export type FileOp =
  | { kind: "create"; path: string; text: string }
  | { kind: "move"; from: string; to: string }
  | { kind: "delete"; path: string };

/** A coherent change to a project: per-file text edits (against the original paths) plus file operations. */
export interface EditPlan {
  /** Edits keyed by the file's path (relative to the project root) before any move. */
  edits: Map<string, Edit[]>;
  ops: FileOp[];
  /** Human-readable notes for the plan summary. */
  notes: string[];
  /**
   * Modules the plan renames, in one direction: each NEW dotted module name mapped to the OLD name it
   * stands for (`pkg.models.user.row` → `pkg.models.user`). New → old because a split makes many
   * new modules out of one old one. Verification uses it to match problems across the change.
   */
  renames: Map<string, string>;
}

export function emptyPlan(): EditPlan {
  return { edits: new Map(), ops: [], notes: [], renames: new Map() };
}

export function addEdit(plan: EditPlan, path: string, edit: Edit): void {
  const list = plan.edits.get(path);
  if (list) list.push(edit);
  else plan.edits.set(path, [edit]);
}

export class EditConflictError extends Error {}

/**
 * Applies edits in one forward pass after sorting, dropping exact duplicates and no-ops.
 * Overlapping edits are a bug in the plan and throw.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits]
    .filter((e) => !(e.start === e.end && e.text === "") && text.slice(e.start, e.end) !== e.text)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: string[] = [];
  let pos = 0;
  let prev: Edit | undefined;
  for (const e of sorted) {
    if (prev && prev.start === e.start && prev.end === e.end && prev.text === e.text) continue;
    if (e.start < pos || (prev && e.start === prev.start && e.start === e.end && prev.start === prev.end)) {
      throw new EditConflictError(
        `overlapping edits at ${e.start}-${e.end} (previous ended at ${pos}): ${JSON.stringify(e.text.slice(0, 40))}`,
      );
    }
    out.push(text.slice(pos, e.start), e.text);
    pos = e.end;
    prev = e;
  }
  out.push(text.slice(pos));
  return out.join("");
}
