/**
 * Stable problem codes of the Alembic layer (one place, so docs and tests cite the same text).
 * The lead may renumber them into src/verify/codes.ts; keep the meanings.
 */
export const ALEMBIC_CODES = {
  /** More than one head: `alembic upgrade head` refuses to run. */
  multipleHeads: "AL001",
  /** A down_revision names a revision that no file declares. */
  danglingDown: "AL002",
  /** Two files declare the same revision id. */
  duplicateId: "AL003",
  /** down_revision / depends_on edges form a cycle. */
  cycle: "AL004",
  /** A depends_on entry names neither a revision nor a branch label. */
  danglingDepends: "AL005",
  /** A branch label is declared twice, or equals a revision id. */
  labelClash: "AL006",
  /** A change added heads: the verify layer's code, shared with `remodel check` (src/verify/codes.ts). */
  headsGrew: "RM007",
  /** A revision file CPython could not import either (encoding, unterminated string, syntax error). */
  unreadable: "AL008",
  /** A revision id contains a character Alembic rejects (`@`, `-`, `+`). */
  illegalId: "AL009",
  /** A `*.py` file in a versions directory without `revision =` (Alembic stops on it). */
  noRevision: "AL010",
  /** An identifier computed at import time (`down_revision = PREVIOUS`): not evaluated, file skipped. */
  notLiteral: "AL011",
} as const;
