/**
 * The neutral schema: what Remodel knows about a project's tables, read from source (src/orm/*) or
 * from a live database (src/db/*). Every element carries where it came from, so reports can name
 * the model's file:line. Everything here is plain JSON-serialisable data; its JSON Schema ships
 * in schema/remodel-schema.json.
 */

import type { ExtractedFramework } from "../orm/registry.js";

export interface SourceLocation {
  /** Path relative to the project root, forward slashes. */
  path: string;
  line: number;
}

/** The frameworks the ORM extractors declare (src/orm/registry.ts), and "database" for a schema read from one. */
export type Framework = ExtractedFramework | "database";

export interface ColumnType {
  /** As written in the source (`String(255)`, `sa.Enum(Role)`, `IDColumn()`), or as the database reports it. */
  written: string;
  /**
   * Normalized generic type: one of integer, smallint, bigint, float, double, numeric, string,
   * text, boolean, date, time, datetime, interval, uuid, json, jsonb, binary, enum, array, inet,
   * cidr, unknown (and custom:<Name> for user-defined types we keep as written).
   */
  normalized: string;
  length?: number | null;
  precision?: number | null;
  scale?: number | null;
  timezone?: boolean | null;
  /** For enums: the enum's name in Schema.enums. */
  enum?: string | null;
  /** The framework's own name for the field type when it has one (Django `CharField`, Tortoise `IntField`). */
  native?: string | null;
  /** For arrays: the element type. */
  item?: ColumnType | null;
  /** A SQLAlchemy TypeDecorator (`GUID`): its class name; the fields above describe the type the database gets. */
  decorator?: string | null;
  /** Set when the type could not be known statically (a helper call we cannot see through). */
  unresolved?: boolean;
}

export interface Column {
  name: string;
  /** The Python attribute name when it differs from the column name. */
  attribute?: string | null;
  type: ColumnType;
  nullable: boolean;
  /** Python-side default as written, or null. */
  default?: string | null;
  /** Server default (SQL) as written, or null. */
  serverDefault?: string | null;
  /** Value set on every update by the ORM (SQLAlchemy `onupdate=`, Django/Tortoise `auto_now`), as written. */
  onUpdate?: string | null;
  /** SQL the database runs on update (SQLAlchemy `server_onupdate=`). */
  serverOnUpdate?: string | null;
  /**
   * A column the database computes (`GENERATED ALWAYS AS (expression) STORED`, SQLAlchemy
   * `Computed(...)`): its SQL expression as written, and whether it is stored (`persisted`) or
   * computed on read (null: the database's default).
   */
  computed?: { expression: string; persisted: boolean | null } | null;
  /**
   * An identity column (`GENERATED ALWAYS|BY DEFAULT AS IDENTITY`, SQLAlchemy `Identity(...)`):
   * `always` refuses an explicit value on insert, BY DEFAULT takes one. The sequence options are
   * present only when not the database's default (see `identityOf`), so a model's `Identity()` and
   * the database's column read alike.
   */
  identity?: Identity | null;
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  autoincrement?: boolean | "auto" | null;
  comment?: string | null;
  /** For a string column whose default names an enum member (`default=Status.ACTIVE.value`): that enum. */
  valuesOf?: string | null;
  /** Documentation that is not a database comment: SQLAlchemy `doc=`, Django `help_text`/`verbose_name`, Tortoise `description=`. */
  description?: string | null;
  source?: SourceLocation;
  /** Things we could not determine statically, by field name (e.g. ["nullable"]). */
  unknown?: string[];
}

export interface ForeignKey {
  name?: string | null;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: string | null;
  onUpdate?: string | null;
  source?: SourceLocation;
}

export interface Index {
  name?: string | null;
  columns: string[];
  unique: boolean;
  /** Expressions that are not plain columns, as written. */
  expressions?: string[];
  /** Access method when not the default btree (PostgreSQL: gin, gist, hash, brin). */
  method?: string | null;
  /** Operator classes by column position where one is not the default (`varchar_pattern_ops`), else "". */
  opclasses?: string[];
  /** Partial index predicate (`postgresql_where=`, `sqlite_where=`, Django `condition=`), as SQL or as written. */
  where?: string | null;
  /** Index method (`postgresql_using="gin"`). */
  using?: string | null;
  source?: SourceLocation;
}

export interface UniqueConstraint {
  name?: string | null;
  columns: string[];
  source?: SourceLocation;
}

export interface CheckConstraint {
  name?: string | null;
  expression: string;
  source?: SourceLocation;
}

export type Cardinality = "one-to-one" | "one-to-many" | "many-to-one" | "many-to-many";

export interface Relationship {
  /** Attribute name on the model. */
  name: string;
  /** Target model (class) name, and its table when known. */
  target: string;
  targetTable?: string | null;
  cardinality: Cardinality;
  backPopulates?: string | null;
  backref?: string | null;
  relatedName?: string | null;
  /** Association table (SQLAlchemy secondary, Django/Tortoise through). */
  secondary?: string | null;
  source?: SourceLocation;
}

export interface Table {
  /** Table name as in the database. */
  name: string;
  schema?: string | null;
  /** The model class (or Table variable) that defines it. */
  model?: string | null;
  /** Dotted module of the model. */
  module?: string | null;
  /**
   * The MetaData the table is in, as the dotted name of its declarative base or MetaData variable
   * (`app.db.Base`): two tables of one name in different MetaData are two tables.
   */
  metadata?: string | null;
  framework: Framework;
  columns: Column[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  indexes: Index[];
  uniqueConstraints: UniqueConstraint[];
  checkConstraints: CheckConstraint[];
  relationships: Relationship[];
  comment?: string | null;
  /** The model's docstring (Django: verbose_name), when the table has no database comment of its own. */
  description?: string | null;
  /** Why the model could not be read fully (no columns read, helpers not seen through, a base outside the files read). */
  incomplete?: string[];
  /** Models mapped onto this table by single-table inheritance (subclasses without a table of their own). */
  subclasses?: string[];
  /** Inheritance: the mapped parent model and how it is stored. */
  inherits?: { model: string; kind: "single" | "joined" | "concrete" } | null;
  source?: SourceLocation;
}

export interface EnumType {
  /** Python class name (or database type name). */
  name: string;
  /** Database type name when it differs (SQLAlchemy `Enum(..., name="x")`, PostgreSQL type). */
  dbName?: string | null;
  values: string[];
  /** Python member names, in the same order as `values` (SQLAlchemy stores these by default). */
  members?: string[];
  /**
   * What the database stores, in order: a SQLAlchemy `Enum(PyEnum)` stores the member names unless
   * `values_callable=` says otherwise; Django/Tortoise choices and literal enums store the values.
   */
  labels?: string[];
  /** The Python Enum class when this database type is one of several made from it (`Enum(Kind, name="a")`, `name="b"`). */
  pythonEnum?: string | null;
  /** An enum defined in the model package that no column is typed by (documented all the same). */
  unused?: boolean;
  /** The enum class could not be read (defined outside the project): values are unknown. */
  unresolved?: boolean;
  source?: SourceLocation;
}

export interface Schema {
  /** Version of this format. */
  version: 1;
  tables: Table[];
  enums: EnumType[];
  /** Statements or models we saw but could not read, with why. */
  notes?: { message: string; source?: SourceLocation }[];
}

/**
 * A sequence number: a number while it is exact as one, else its decimal text (a bigint bound such
 * as 9223372036854775806 has no exact double, and a rounded one would be another bound).
 */
export type SequenceNumber = number | string;

/** The options of an identity column's sequence that differ from the database's defaults. */
export interface Identity {
  always: boolean;
  start?: SequenceNumber;
  increment?: SequenceNumber;
  minvalue?: SequenceNumber;
  maxvalue?: SequenceNumber;
  /** Present (true) only when the sequence wraps around at its bound. */
  cycle?: true;
  cache?: SequenceNumber;
}

/** A sequence option as read: an integer as a number, bigint or decimal text; null when not stated. */
export type SequenceInput = number | bigint | string | null | undefined;

export interface IdentityOptions {
  start?: SequenceInput;
  increment?: SequenceInput;
  minvalue?: SequenceInput;
  maxvalue?: SequenceInput;
  cycle?: boolean | null;
  cache?: SequenceInput;
}

// PostgreSQL's bounds of an identity's sequence, by the column's integer type (its sequence has that type).
const TYPE_BOUNDS: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * An identity as the model keeps it: each option only when it differs from the database's default
 * (increment 1; start 1, or -1 for a descending sequence; MINVALUE 1 and MAXVALUE the type's
 * largest when ascending, the type's smallest and -1 when descending; no CYCLE; CACHE 1), so
 * `Identity()` in a model and the sequence PostgreSQL made for it compare equal. `type` is the
 * column's normalized type: its bounds are the defaults (a type without any, bigint's: a
 * sequence's own type).
 */
export function identityOf(always: boolean, options: IdentityOptions = {}, type = "bigint"): Identity {
  const out: Identity = { always };
  const big = (v: SequenceInput) => (v == null ? null : BigInt(v));
  const step = big(options.increment) ?? 1n;
  const [typeMin, typeMax] = TYPE_BOUNDS[type] ?? TYPE_BOUNDS.bigint;
  const start = big(options.start);
  const min = big(options.minvalue);
  const max = big(options.maxvalue);
  const cache = big(options.cache);
  if (start !== null && start !== (step < 0n ? -1n : 1n)) out.start = sequenceNumber(start);
  if (step !== 1n) out.increment = sequenceNumber(step);
  if (min !== null && min !== (step < 0n ? typeMin : 1n)) out.minvalue = sequenceNumber(min);
  if (max !== null && max !== (step < 0n ? -1n : typeMax)) out.maxvalue = sequenceNumber(max);
  if (options.cycle === true) out.cycle = true;
  if (cache !== null && cache !== 1n) out.cache = sequenceNumber(cache);
  return out;
}

/**
 * The START an identity's DDL or `Identity(start=)` must state: its own, or the default (1, -1
 * descending) when a bound is kept, since PostgreSQL starts where MINVALUE (MAXVALUE descending)
 * is when START is not given, and 1 is not that bound then.
 */
export function identityStart(i: Identity): SequenceNumber | undefined {
  if (i.start !== undefined) return i.start;
  const descending = Number(i.increment ?? 1) < 0;
  if ((descending ? i.maxvalue : i.minvalue) === undefined) return undefined;
  return descending ? -1 : 1;
}

function sequenceNumber(v: bigint): SequenceNumber {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}
