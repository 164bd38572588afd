import { createHash } from "node:crypto";

/**
 * Django field classes: the internal type Django reports (`get_internal_type()`, e.g. EmailField
 * reports CharField) and the neutral type of its column. src/orm/runtime/django_dump.py carries
 * the same table.
 */
export const DJANGO_INTERNAL: Record<string, string> = {
  EmailField: "CharField",
  URLField: "CharField",
  ImageField: "FileField",
  CommaSeparatedIntegerField: "CharField",
};

export const DJANGO_TYPES: Record<string, string> = {
  AutoField: "integer",
  BigAutoField: "bigint",
  SmallAutoField: "smallint",
  IntegerField: "integer",
  BigIntegerField: "bigint",
  SmallIntegerField: "smallint",
  PositiveIntegerField: "integer",
  PositiveBigIntegerField: "bigint",
  PositiveSmallIntegerField: "smallint",
  FloatField: "float",
  DecimalField: "numeric",
  CharField: "string",
  SlugField: "string",
  FilePathField: "string",
  FileField: "string",
  TextField: "text",
  BooleanField: "boolean",
  NullBooleanField: "boolean",
  DateField: "date",
  TimeField: "time",
  DateTimeField: "datetime",
  DurationField: "interval",
  UUIDField: "uuid",
  JSONField: "json",
  BinaryField: "binary",
  GenericIPAddressField: "inet",
  IPAddressField: "inet",
};

/** Field classes whose `max_length` has a default. */
export const DJANGO_DEFAULT_LENGTH: Record<string, number> = {
  EmailField: 254,
  SlugField: 50,
  URLField: 200,
  FileField: 100,
  ImageField: 100,
  FilePathField: 100,
};

export const DJANGO_AUTO = new Set(["AutoField", "BigAutoField", "SmallAutoField"]);
export const DJANGO_RELATIONS = new Set(["ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey"]);

/** The name Django 3.2 gives an unnamed `Meta.indexes` entry (`Index.set_name_with_model`). */
export function djangoIndexName(table: string, columns: string[], descending: boolean[]): string {
  const h = createHash("md5");
  const withOrder = columns.map((c, i) => (descending[i] ? `-${c}` : c));
  for (const part of [table, ...withOrder, "idx"]) h.update(part);
  return `${table.slice(0, 11)}_${(columns[0] ?? "").slice(0, 7)}_${h.digest("hex").slice(0, 6)}_idx`;
}
