import type { Problem } from "../core/diagnostics.js";

/** One revision file as the reader needs it: where it is (for reports) and its bytes. */
export interface RevisionSource {
  /** Path used in reports (relative to the project root or the current directory, `/` separators). */
  path: string;
  /** Raw bytes; the reader decodes them (BOM, PEP 263 coding line, strict UTF-8). */
  bytes: Uint8Array;
}

/** Where a value was written: 1-based line and column (UTF-16 units). */
export interface Location {
  path: string;
  line: number;
  column: number;
}

/** The identifiers of one Alembic revision, as written in its file (never executed). */
export interface Revision {
  id: string;
  /** Parents: `down_revision` as a list (empty for a base; two or more for a merge). */
  downRevisions: string[];
  /** `branch_labels`, as written (labels this revision introduces). */
  branchLabels: string[];
  /** `depends_on`: revision ids or branch labels this revision needs, which are not parents. */
  dependsOn: string[];
  /** First paragraph of the module docstring, what `alembic history` shows; "" when absent. */
  message: string;
  /** The `revision = ...` assignment. */
  at: Location;
  /** The `down_revision = ...` assignment (falls back to `at` when missing). */
  downAt: Location;
  /** The `depends_on = ...` assignment (falls back to `at`). */
  dependsAt: Location;
}

/** What reading one file gives: a revision, nothing (not a revision file), and warnings. */
export interface ReadResult {
  revision?: Revision;
  /** AL008 (unreadable) or AL010 (no revision): the file is not part of the graph. */
  warnings: Problem[];
}

/**
 * The revision graph of one or more versions directories, computed the way Alembic's RevisionMap
 * does (heads ignore depends_on, bases are revisions without down_revision), plus the problems
 * Alembic would stop on or that a reviewer wants to see.
 */
export interface RevisionGraph {
  /** Revisions in load order (sorted paths), duplicates dropped (the first file wins). */
  revisions: Revision[];
  byId: ReadonlyMap<string, Revision>;
  /** Children through down_revision only (Alembic's `nextrev`). */
  children: ReadonlyMap<string, string[]>;
  /** Revisions that need this one through depends_on. */
  dependents: ReadonlyMap<string, string[]>;
  /** depends_on resolved to revision ids (labels replaced by the revision carrying them). */
  resolvedDeps: ReadonlyMap<string, string[]>;
  heads: string[];
  bases: string[];
  branchPoints: string[];
  mergePoints: string[];
  /** Branch label → the revision that declares it. */
  labels: ReadonlyMap<string, string>;
  /** Branch label → heads reachable from the labelled revision (what `label@heads` names). */
  labelHeads: ReadonlyMap<string, string[]>;
  /** Errors about the graph itself: duplicates, dangling references, cycles, label clashes. */
  problems: Problem[];
  /** Files left out of the graph: unreadable (AL008: syntax, encoding, computed values) or without a revision (AL010). */
  warnings: Problem[];
}
