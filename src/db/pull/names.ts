/** Python identifiers for database names: classes, attributes, modules, enum members. */

const KEYWORDS = new Set(("False None True and as assert async await break class continue def del elif else except finally for from " +
  "global if import in is lambda nonlocal not or pass raise return try while with yield match case type").split(" "));
/** Attribute names a declarative class cannot use for a column. */
const RESERVED_ATTRS = new Set(["metadata", "registry", "query", "objects", "Meta"]);

/**
 * A valid attribute for a column or relationship ("class" → class_, "2fa" → col_2fa, "full name" →
 * full_name). Never a leading underscore for a digit: Pydantic (SQLModel) and readers take
 * underscore names for private attributes.
 */
export function pyAttr(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]+/g, "_");
  if (s === "") s = "col";
  if (/^\d/.test(s)) s = `col_${s}`;
  if (KEYWORDS.has(s) || RESERVED_ATTRS.has(s)) s = `${s}_`;
  return s;
}

/**
 * A Django field name: Django's checks refuse names ending in `_` (fields.E001), containing `__`
 * (E002) or named `pk` (E003), so a keyword becomes `class_field`, not `class_`.
 */
export function djangoAttr(name: string): string {
  let s = pyAttr(name).replace(/__+/g, "_").replace(/_+$/, "");
  if (s === "" || KEYWORDS.has(s) || s === "pk" || s === "objects" || s === "Meta") s = `${s || "col"}_field`;
  return s;
}

/** A valid module name. */
export function pyModule(name: string): string {
  return pyAttr(name.toLowerCase());
}

/** `user_spirit_purchases` → `UserSpiritPurchase`. */
export function className(table: string): string {
  const words = table.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length) words[words.length - 1] = singular(words[words.length - 1]);
  let s = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (s === "") s = "Table";
  if (/^\d/.test(s)) s = `T${s}`;
  return KEYWORDS.has(s) ? `${s}_` : s;
}

/** `task_status` → `TaskStatus`, without singularizing. */
export function pascal(name: string): string {
  const s = name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("") || "Enum";
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
  claim(name: string): string {
    let n = name;
    for (let i = 2; this.taken.has(n); i++) n = `${name}_${i}`;
    this.taken.add(n);
    return n;
  }
}

/** A Python string literal. */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}
