/**
 * What a database dialect means to `sql convert`: the `sql` member of its `DialectSpec`
 * (src/db/dialect.ts), in the dialect's one file. The translator, the proof and the written test
 * ask it (`dialectSpec(name).sql`) instead of testing the dialect's name. This file imports nothing
 * of src/, so that a dialect file and src/sql/ may both take values from it.
 */
export interface SqlDialect {
  /** SQLAlchemy's dialect insert() that has on_conflict_do_*, as the name used and its import; null: no ON CONFLICT. */
  conflictInsert: { name: string; import: string } | null;
  /** SQLAlchemy's dialect insert() that has on_duplicate_key_update (MySQL's upsert), as for conflictInsert; null: none. */
  duplicateKeyInsert: { name: string; import: string } | null;
  /** `INSERT OR REPLACE/IGNORE/...` is the dialect's own (a prefix of the INSERT). */
  insertOrPrefix: boolean;
  /** `col = ANY(array)` compares with an array parameter. */
  anyArray: boolean;
  /**
   * How `REPLACE INTO` (the row of a repeated key deleted, then the new one inserted) is written:
   * `or-replace`, the dialect's own INSERT OR REPLACE; an Insert class the module defines that
   * compiles to REPLACE; null: the dialect has none.
   */
  replaceInto: "or-replace" | ModuleInsert | null;
  /** VALUES takes the keyword DEFAULT: a column's database default can be asked for by name. */
  defaultKeyword: boolean;
  /**
   * The parser that judges the dialect's SQL (src/sql/sql-parse.ts): PostgreSQL's own grammar
   * (libpg-query), or node-sql-parser's grammars tried in order until one accepts the text.
   */
  parser: { kind: "libpg-query" } | { kind: "node-sql-parser"; grammars: string[] };
  /**
   * A table of the database's own catalog, named as a statement names it without its schema
   * (SQLite's `sqlite_master`; PostgreSQL's `pg_*`, always on the search path): a read of it is
   * introspection, not a query for the models.
   */
  catalogTable(table: string): boolean;
  /** Why a statement the dialect's parser accepts has no AST for the translator. */
  noAstRefusal: string;
  /** A SQLAlchemy URL of a server of this dialect; null: the proof runs on files of its own and takes no --url. */
  serverUrl: RegExp | null;
  scratch: ScratchDdl;
  /**
   * Where the proof runs: SQLite files of its own (`file`), or scratch namespaces on a server (the
   * `--url` one; without it, PGlite in this process or a refusal).
   */
  proof:
    | { kind: "file" }
    | { kind: "server"; withoutUrl: "pglite" | { refusal: string }; testComment: string; testUrlHint: string };
}

/** An Insert subclass the generated module defines once (SQLAlchemy has no construct for the statement). */
export interface ModuleInsert {
  /** The class, called as sa.insert() is. */
  name: string;
  /** Module-level imports the definition needs. */
  imports: string[];
  /** The Python definition, as lines. */
  definition: string[];
}

/** How the scratch database declares a model's table (the models give types in the neutral spelling of schema/tbls.ts). */
export interface ScratchDdl {
  /** The identifier quote character. */
  quoteChar: string;
  /** The column type to declare for a neutral type (`VARCHAR(80)`, `TIMESTAMP`, `BYTEA`, an enum's name ...). */
  columnType(type: string): string;
  /** The declaration of a single-column integer primary key the database numbers, after the quoted name. */
  autoIncrement(type: string): string;
  /** A native enum type made before the tables (`CREATE TYPE ... AS ENUM`); absent: an enum column is declared by columnType. */
  enumType?(name: string, labels: string[]): string;
}

/** A type every dialect here declares as spelled (anything else is an enum's or a custom type's name). */
export function knownType(t: string): boolean {
  return (
    /^(INTEGER|BIGINT|SMALLINT|TEXT|BOOLEAN|FLOAT|REAL|DOUBLE PRECISION|DATE|TIME|TIMESTAMP|JSON|(VARCHAR|CHAR|NUMERIC|DECIMAL)(\(\d+(,\s*\d+)?\))?)$/.test(
      t,
    ) ||
    t === "UUID" ||
    t === "JSONB" ||
    t === "BYTEA" ||
    t === "INTERVAL" ||
    t === "TIMESTAMP WITH TIME ZONE"
  );
}
