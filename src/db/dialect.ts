/**
 * What a database dialect is: one file in src/db/dialects/ exporting a `DialectSpec` (how it
 * quotes, which types it declares, what it creates or assumes on its own, and in `sql` what raw
 * SQL conversion needs), one line in the registry below. DDL rendering, drift comparison,
 * type/default normalization and src/sql/ ask it instead of testing the dialect's name; `Dialect`
 * is the registry's names, and `connect` (registry.ts) and URL parsing (url.ts) find a dialect's
 * driver and schemes in its spec. A dialect file takes values only from modules that do not
 * import this one (sql-dialect.ts, src/schema/), so that every load order evaluates it first.
 */
import type { ColumnType } from "../schema/model.js";
import type { ConnectOptions, DbConnection } from "./connection.js";
import { mysql } from "./dialects/mysql.js";
import { postgresql } from "./dialects/postgresql.js";
import { sqlite } from "./dialects/sqlite.js";
import type { SqlDialect } from "./sql-dialect.js";
import type { ExpressionOptions } from "./sql-text.js";
import type { DbUrl } from "./url.js";

/** What rendering a column type needs beyond the type itself. */
export interface TypeContext {
  dialect: Dialect;
  enumDbName: (n: string) => string;
  enumValues: (n: string) => string[];
  /**
   * What a dialect's renderer writes with, handed in by ddl.ts: a dialect file imports nothing
   * that imports the registry below, so that it loads first whichever module is loaded first.
   */
  quote: (name: string) => string;
  /** Another type's declaration (an array's item type). */
  sqlType: (t: ColumnType) => string;
  /** `'a', 'b'`: values as SQL string literals. */
  literals: (values: string[]) => string;
}

export type TypeRenderer = (t: ColumnType, ctx: TypeContext, autoPk: boolean) => string;

/** `N`: the dialect's name (a dialect declares it: `DialectSpec<"sqlite">`). */
export interface DialectSpec<N extends string = Dialect> {
  name: N;
  /** The identifier quote character (`"` or a backtick). */
  quoteChar: string;
  /** Column types the dialect declares differently from the common SQL of ddl.ts, by normalized type. */
  types: Partial<Record<string, TypeRenderer>>;
  /** Enums: named database types (CREATE TYPE), inline per column (ENUM(...)), or none (strings). */
  enums: "named" | "inline" | "none";
  /** How an auto-incrementing integer primary key is declared. */
  autoIncrement: "serial-type" | "column-suffix" | "inline-primary-key";
  /** The dialect declares identity columns (GENERATED ... AS IDENTITY); elsewhere one is an auto-increment key. */
  identityColumns: boolean;
  /** Comments: COMMENT ON statements, inline COMMENT clauses, or none. */
  comments: "statements" | "inline" | "none";
  /** Foreign keys that close a cycle can be added afterwards with ALTER TABLE. */
  alterTableForeignKeys: boolean;
  /** The database creates an index for every foreign key that has none (not drift). */
  implicitForeignKeyIndexes: boolean;
  /** `ON DELETE/UPDATE RESTRICT` is what the database reports for "no action given". */
  restrictIsDefault: boolean;
  /** A timestamp's time zone flag is stored (and so compared). */
  storesTimezone: boolean;
  /** The dialect spells BOOLEAN as TINYINT(1). */
  tinyintOneIsBoolean: boolean;
  /** Normalized types the database stores identically (two types in one group compare equal). */
  equivalentTypes: string[][];
  /** A server default as the dialect writes it (`now()` → `CURRENT_TIMESTAMP`, ...). */
  serverDefault(def: string): string;
  /** Normalized types with a type of their own in SQLAlchemy's dialect module (`postgresql.UUID`, `JSONB`). */
  native: readonly string[];
  /** Server default text keeps its whitespace as written (SQLite stores the declaration verbatim). */
  verbatimDefaults: boolean;
  /**
   * A generated column declared neither STORED nor VIRTUAL (SQLAlchemy's `Computed(...)` without
   * `persisted=`) is stored: on PostgreSQL SQLAlchemy writes STORED (PostgreSQL 18 would make a bare
   * `GENERATED ALWAYS AS (...)` VIRTUAL, but SQLAlchemy never leaves the keyword out there); MySQL,
   * MariaDB and SQLite compute on read.
   */
  generatedStoredByDefault: boolean;
  /** `[name]` quotes an identifier in SQL text (SQLite), rather than subscripting an array. */
  bracketIdentifiers: boolean;
  /**
   * String literals take backslash escapes (`'it\'s'`) and double quotes (`"x"` is a string, not a
   * name): MySQL and MariaDB, which write `'it''s'` back as `'it\'s'`. Their sql_mode can take either
   * away (NO_BACKSLASH_ESCAPES, ANSI_QUOTES): `expressionOptions` reads it.
   */
  backslashStrings: boolean;
  /**
   * The database stores a condition rewritten (MariaDB: NOT pushed down to comparisons, a value
   * under AND, OR or NOT as `x <> 0`): expressions are compared in that form (`ExpressionOptions.conditions`).
   */
  rewritesConditions: boolean;
  /**
   * Words the database writes, in the expressions it gives back, for what a model declares, so that
   * generated columns compare by meaning (MariaDB stores `lower(x)` as `lcase(x)`).
   */
  expressionSynonyms: Readonly<Record<string, string>>;
  /**
   * The type a framework's field gets on this database where the framework, not the model,
   * decides it (Django's JSONField as jsonb on PostgreSQL); absent: the model's type as written.
   */
  frameworkType?(framework: string, t: ColumnType): ColumnType;
  /**
   * How its database URLs are written: the schemes that name it (`postgres://` too), and for a
   * server the port and schema a URL without them means; a file database has none.
   */
  url: { schemes: readonly string[]; defaultPort: number | null; defaultSchema: string | null };
  /** The prefix of SQLAlchemy's dialect-specific arguments (`postgresql_where=`, `sqlite_where=`). */
  sqlalchemyPrefix: string;
  /**
   * Its connection adapter (a file in src/db/), imported when a URL names it so that a command
   * pays only for the driver it uses; absent: Remodel renders its DDL but cannot connect to it.
   */
  connect?(): Promise<(url: DbUrl, opts?: ConnectOptions) => Promise<DbConnection>>;
  /** What `sql` (finding, converting and proving raw SQL) needs of the dialect (src/db/sql-dialect.ts). */
  sql: SqlDialect;
}

/** Every dialect, in the order usage texts list them. Add one: a file in src/db/dialects/, one entry here. */
const all = [postgresql, sqlite, mysql] as const;

/** The SQL dialects Remodel speaks: one name per database family, shared by `db` (drivers, DDL) and `sql` (parsing, conversion). */
export type Dialect = (typeof all)[number]["name"];

export const DIALECTS: readonly Dialect[] = all.map((d) => d.name);

export const dialects = Object.fromEntries(all.map((d) => [d.name, d])) as Readonly<Record<Dialect, DialectSpec>>;

export function isDialect(name: string): name is Dialect {
  return (DIALECTS as readonly string[]).includes(name);
}

/** The dialect names as a sentence's list: "postgresql, sqlite or mysql". */
export function dialectList(): string {
  return `${DIALECTS.slice(0, -1).join(", ")} or ${DIALECTS[DIALECTS.length - 1]}`;
}

export function dialectSpec(name: Dialect): DialectSpec {
  return dialects[name];
}

/**
 * How `expressionKey` reads the dialect's SQL text: the one reading for generated columns and
 * check constraints, so that the two forgive the same rewrites. On MySQL and MariaDB the server's
 * `sqlMode` (`Introspection.sqlMode`) changes the reading: ANSI_QUOTES makes `"x"` a name,
 * NO_BACKSLASH_ESCAPES a backslash a character, PIPES_AS_CONCAT `||` concatenation rather than OR,
 * HIGH_NOT_PRECEDENCE NOT as tight as `!`. The text the server gives back (`reprint`) follows only
 * ANSI_QUOTES (in its identifier quotes): MariaDB writes strings backslash-escaped, `||` as
 * `concat(...)` and NOT rewritten whatever the mode. On PostgreSQL `standardStrings` false
 * (standard_conforming_strings off) reads every plain '...' as an E'...' escape string.
 */
export function expressionOptions(
  name: Dialect,
  sqlMode?: string,
  reprint = false,
  standardStrings = true,
): ExpressionOptions {
  const spec = dialects[name];
  const modes = new Set((sqlMode ?? "").toUpperCase().split(","));
  const mysqlStrings = spec.backslashStrings;
  const pipesAsConcat = mysqlStrings && !reprint && modes.has("PIPES_AS_CONCAT");
  // Under PIPES_AS_CONCAT `||` is concatenation, not MariaDB's synonym of OR.
  const { "||": _or, ...withoutPipes } = spec.expressionSynonyms;
  return {
    brackets: spec.bracketIdentifiers,
    backslashStrings: mysqlStrings && (reprint || !modes.has("NO_BACKSLASH_ESCAPES")),
    doubleQuotedStrings: mysqlStrings && !modes.has("ANSI_QUOTES"),
    synonyms: pipesAsConcat ? withoutPipes : spec.expressionSynonyms,
    conditions: spec.rewritesConditions,
    // Both sides: a model's '...' is run so, and pg_get_expr writes its strings so (backslashes doubled).
    ...(name === "postgresql" && !standardStrings ? { escapeStrings: true } : {}),
    ...(pipesAsConcat ? { pipesAsConcat: true } : {}),
    ...(mysqlStrings && !reprint && modes.has("HIGH_NOT_PRECEDENCE") ? { highNotPrecedence: true } : {}),
  };
}

/** What a comparison reads each side with: a model's text as the server runs it, and the text the server gives back. */
export interface ExpressionReadings {
  model: ExpressionOptions;
  database: ExpressionOptions;
}

/** `standardStrings`: PostgreSQL's standard_conforming_strings as introspection read it (`Introspection.standardConformingStrings`). */
export function expressionReadings(name: Dialect, sqlMode?: string, standardStrings = true): ExpressionReadings {
  return {
    model: expressionOptions(name, sqlMode, false, standardStrings),
    database: expressionOptions(name, sqlMode, true, standardStrings),
  };
}

/** The dialect a URL scheme names (`postgres` → postgresql, `mariadb` → mysql), or undefined. */
export function dialectOfScheme(scheme: string): DialectSpec | undefined {
  return Object.values(dialects).find((d) => d.url.schemes.includes(scheme));
}
