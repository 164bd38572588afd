/** Python identifiers for database names: classes, attributes, modules, enum members. */

const KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from " +
    "global if import in is lambda nonlocal not or pass raise return try while with yield match case type"
  ).split(" "),
);

/** The ORM a pulled package is written for: each keeps attribute names of its own. */
export type PullFramework = "sqlalchemy" | "sqlmodel" | "django" | "tortoise";

/**
 * Names a generated module binds or a class body reads (imports, the builtins of annotations):
 * an attribute by such a name would shadow it for the lines below it (`text = Column(...)`, then
 * `server_default=text(...)` calls the column).
 */
const BODY_NAMES = [
  "Any",
  "ARRAY",
  "BigInteger",
  "Boolean",
  "CHAR",
  "CheckConstraint",
  "CIDR",
  "Column",
  "Date",
  "DateTime",
  "Enum",
  "Field",
  "Float",
  "ForeignKey",
  "ForeignKeyConstraint",
  "INET",
  "Index",
  "Integer",
  "Interval",
  "JSON",
  "JSONB",
  "LargeBinary",
  "List",
  "Mapped",
  "Numeric",
  "Optional",
  "Relationship",
  "SmallInteger",
  "SQLModel",
  "String",
  "Text",
  "Time",
  "TYPE_CHECKING",
  "UniqueConstraint",
  "UUID",
  "Uuid",
  "mapped_column",
  "relationship",
  "text",
  "annotations",
  "datetime",
  "decimal",
  "enum",
  "uuid",
  "models",
  "Q",
  "ArrayField",
  "GinIndex",
  "GistIndex",
  "HashIndex",
  "BrinIndex",
  "SpGistIndex",
  "fields",
  "Model",
  "int",
  "str",
  "bool",
  "float",
  "bytes",
  "dict",
  "list",
];

/**
 * What the framework's model base class already means (public names of `dir()` of the base: a
 * field by that name breaks the class or one of its methods). SQLAlchemy keeps `metadata` and
 * `registry`; Pydantic (SQLModel) refuses to shadow its methods; Django's and Tortoise's managers,
 * `pk`, `Meta` and instance methods. `query` is Flask-SQLAlchemy's.
 */
const BASE_ATTRS: Record<PullFramework, string[]> = {
  sqlalchemy: ["metadata", "registry", "query"],
  sqlmodel: [
    "metadata",
    "registry",
    "query",
    "Config",
    "construct",
    "copy",
    "dict",
    "fields",
    "from_orm",
    "json",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    "model_config",
    "model_fields",
  ],
  django: [
    "objects",
    "pk",
    "Meta",
    "DoesNotExist",
    "MultipleObjectsReturned",
    "check",
    "clean",
    "clean_fields",
    "date_error_message",
    "delete",
    "from_db",
    "full_clean",
    "get_deferred_fields",
    "prepare_database_save",
    "refresh_from_db",
    "save",
    "save_base",
    "serializable_value",
    "unique_error_message",
    "validate_unique",
  ],
  tortoise: [
    "pk",
    "Meta",
    "DoesNotExist",
    "MultipleObjectsReturned",
    "all",
    "annotate",
    "bulk_create",
    "bulk_update",
    "check",
    "clone",
    "create",
    "delete",
    "describe",
    "exclude",
    "exists",
    "fetch_for_list",
    "fetch_related",
    "filter",
    "first",
    "get",
    "get_or_create",
    "get_or_none",
    "in_bulk",
    "raw",
    "refresh_from_db",
    "register_listener",
    "save",
    "select_for_update",
    "update_from_dict",
    "update_or_create",
  ],
};

const RESERVED: Record<PullFramework, Set<string>> = Object.fromEntries(
  Object.entries(BASE_ATTRS).map(([f, names]) => [f, new Set([...KEYWORDS, ...BODY_NAMES, ...names])]),
) as Record<PullFramework, Set<string>>;

/** Names no class may take (they are imported into the modules that declare the classes). */
export const RESERVED_CLASSES: readonly string[] = ["Base", ...BODY_NAMES.filter((n) => /^[A-Z]/.test(n))];

/**
 * The identifier a name spells, before any framework's rule: letters of any script (Python 3
 * allows them: `名前` stays `名前`), digits and `_`, each run of anything else one `_`. Never a
 * leading underscore, which every ORM here takes for its own or private attributes
 * (`_sa_instance_state`; Pydantic drops `_created`; Django keeps `_meta`, `_state`), nor a
 * leading digit or mark (`__tablename__` is `tablename`). In NFKC, as Python reads identifiers
 * (`ﬁle` is `file`): the attribute is the name the source spells, in strings too.
 */
function identifier(name: string, empty: string): string {
  let s = name.normalize("NFKC").replace(/[^\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+/gu, "_");
  // `__tablename__` → `tablename`: a dunder's trailing underscores go with its leading ones.
  if (s.startsWith("_")) s = s.replace(/^_+|_+$/g, "");
  if (s === "") return empty;
  return /^[\p{L}\p{Nl}]/u.test(s) ? s : `${empty}_${s}`;
}

/**
 * A valid attribute for a column or relationship in a framework's class: "class" → class_, "2fa"
 * → col_2fa, "full name" → full_name, "_created" → created, "metadata" → metadata_.
 */
export function pyAttr(name: string, framework: PullFramework = "sqlalchemy"): string {
  const s = identifier(name, "col");
  return RESERVED[framework].has(s) ? `${s}_` : s;
}

/**
 * A Django field name: Django's checks refuse names ending in `_` (fields.E001), containing `__`
 * (E002) or named `pk` (E003), so a keyword becomes `class_field`, not `class_`.
 */
export function djangoAttr(name: string): string {
  const s = identifier(name, "col").replace(/__+/g, "_").replace(/_+$/, "") || "col";
  return RESERVED.django.has(s) ? `${s}_field` : s;
}

/** A column's attribute in each framework's class: Django's checks are stricter than Python's rules. */
export const ATTRIBUTE_NAME: Readonly<Record<PullFramework, (name: string) => string>> = {
  sqlalchemy: (name) => pyAttr(name, "sqlalchemy"),
  sqlmodel: (name) => pyAttr(name, "sqlmodel"),
  django: djangoAttr,
  tortoise: (name) => pyAttr(name, "tortoise"),
};

/**
 * A valid module name, in ASCII: a file system may store another normalization of a non-ASCII
 * file name (macOS) than the import statement spells.
 */
export function pyModule(name: string): string {
  const s = identifier(
    name
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_"),
    "table",
  );
  return KEYWORDS.has(s) ? `${s}_` : s;
}

/** `user_spirit_purchases` → `UserSpiritPurchase`. */
export function className(table: string): string {
  const words = identifier(table, "").split("_").filter(Boolean);
  if (words.length) words[words.length - 1] = singular(words[words.length - 1]);
  let s = words
    .map((w) => {
      const [first, ...rest] = [...w];
      return first.toUpperCase() + rest.join("");
    })
    .join("");
  if (s === "") s = "Table";
  if (/^\p{Nd}/u.test(s)) s = `T${s}`;
  if (KEYWORDS.has(s)) return `${s}_`;
  // A table named `column` or `field`: the class would shadow the import its own module reads.
  return RESERVED_CLASSES.includes(s) ? `${s}Table` : s;
}

/** `task_status` → `TaskStatus`, without singularizing. */
export function pascal(name: string): string {
  const s =
    name
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join("") || "Enum";
  return /^\d/.test(s) ? `E${s}` : s;
}

/** English plural to singular for table names: good enough for class names, never empty. */
export function singular(word: string): string {
  if (/(ss|us|is|news)$/i.test(word) || word.length <= 3) return word;
  if (/ies$/i.test(word)) return word.slice(0, -3) + "y";
  if (/(sses|xes|ches|shes|zes)$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** An enum member name for a database label: the label itself when it is a valid identifier. */
export function memberName(label: string): string {
  let s = label.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (s === "") s = "empty";
  // Not `_2nd`: tools (and readers) take underscore names for private attributes, not members.
  if (/^\d/.test(s)) s = `v_${s}`;
  return KEYWORDS.has(s) || s === "name" || s === "value" || s === "mro" ? `${s}_` : s;
}

/** Makes names unique in one namespace by suffixing _2, _3... in the order they are claimed. */
export class Namespace {
  private readonly taken = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }
  /** `free`: a further condition on the name (a companion name it brings must be free too). */
  claim(name: string, free: (n: string) => boolean = () => true): string {
    let n = name;
    for (let i = 2; this.taken.has(n) || !free(n); i++) n = `${name}_${i}`;
    this.taken.add(n);
    return n;
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
}

/** A Python string literal. */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}
