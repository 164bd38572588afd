import type { Schema } from "../schema/model.js";
import type { Dialect } from "./url.js";

/** A database object that has no place in the neutral schema but matters for drift (only in the database). */
export interface DbObject {
  kind: "view" | "materialized view" | "sequence" | "trigger";
  name: string;
  table?: string | null;
}

/** What introspection read from a live database. */
export interface Introspection {
  dialect: Dialect;
  schema: Schema;
  objects: DbObject[];
  /** What could not be read as usual and how it was read instead (printed on stderr). */
  warnings?: string[];
  /**
   * MySQL and MariaDB: the `@@sql_mode` the database was read under, the server's own (the connection
   * sets none), which a model's SQL is run under too and which changes how SQL text reads (`expressionOptions`).
   */
  sqlMode?: string;
  /**
   * PostgreSQL: false when `standard_conforming_strings` is off for the session that read it (the
   * server's or role's setting), under which a plain `'a\\b'` is an escape string: a model's SQL is
   * run so too, and the server writes its expressions back with backslashes doubled.
   */
  standardConformingStrings?: boolean;
}

/** An open database. Introspection never writes; `execute` exists only on writable connections. */
export interface DbConnection {
  dialect: Dialect;
  introspect(): Promise<Introspection>;
  /** Runs a script (several statements). Only for connections opened with `writable: true`. */
  execute?(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Allow `execute` (check-migrations' scratch database, tests). Default: read-only. */
  writable?: boolean;
  /** Connect timeout in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** PGlite: bundled extensions to load (`uuid-ossp`, `pgcrypto`...), for migrations that create them. */
  extensions?: string[];
}
