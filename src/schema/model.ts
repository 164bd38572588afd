/**
 * The neutral schema: what Remodel knows about a project's tables, read from source (src/orm/*) or
 * from a live database (src/db/*). Every element carries where it came from, so reports can name
 * the model's file:line. Everything here is plain JSON-serialisable data; its JSON Schema ships
 * in schema/remodel-schema.json.
 */

export interface SourceLocation {
  /** Path relative to the project root, forward slashes. */
  path: string;
  line: number;
}

export type Framework = "sqlalchemy" | "flask-sqlalchemy" | "sqlmodel" | "django" | "tortoise" | "database";

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
   * `always` refuses an explicit value on insert, BY DEFAULT takes one. `start` and `increment`
   * are present only when not the database's default (1), so a model's `Identity()` and the
   * database's column read alike.
   */
  identity?: { always: boolean; start?: number; increment?: number } | null;
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
 * An identity as the model keeps it: start and increment only when they differ from the
 * database's default (increment 1; start 1, or -1 for a descending sequence), so `Identity()`
 * in a model and the sequence PostgreSQL made for it compare equal.
 */
export function identityOf(
  always: boolean,
  start?: number | null,
  increment?: number | null,
): NonNullable<Column["identity"]> {
  const out: NonNullable<Column["identity"]> = { always };
  const step = increment ?? 1;
  if (start != null && start !== (step < 0 ? -1 : 1)) out.start = start;
  if (step !== 1) out.increment = step;
  return out;
}
