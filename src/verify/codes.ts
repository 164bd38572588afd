/** Every problem code Remodel reports, with its name. Documented in README.md. */
export const CODES = {
  RM001: "unresolved-import",
  RM002: "unknown-import-symbol",
  RM003: "unknown-module-attribute",
  RM004: "undefined-all-entry",
  RM005: "broken-string-reference",
  RM006: "import-cycle",
  RM007: "alembic-heads",
  RM008: "model-discovery",
  RM009: "schema-changed",
  RM100: "syntax-or-read-warning",
} as const;

export type Code = keyof typeof CODES;
