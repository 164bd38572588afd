/**
 * Which names CPython can import as a module: an identifier that is not a hard keyword
 * (`class.py` or `None.py` is a file `import` cannot name; soft keywords such as `match` or
 * `type` are fine).
 */
export const HARD_KEYWORDS: ReadonlySet<string> = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

/** Why `name` cannot be a module or package name, or undefined when it can. */
export function invalidModuleName(name: string): string | undefined {
  if (HARD_KEYWORDS.has(name)) return `'${name}' is a Python keyword`;
  if (!isIdentifier(name)) return `'${name}' is not a Python identifier`;
  return undefined;
}

/** Whether `name` is a Python identifier (PEP 3131: non-ASCII letters included, keywords too). */
export function isIdentifier(name: string): boolean {
  return /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name);
}
