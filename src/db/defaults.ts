import { dialectSpec } from "./dialect.js";
import type { Dialect } from "./url.js";

/**
 * Server defaults compared by meaning: `'x'::character varying` (PostgreSQL), `'x'` (MariaDB) and
 * `server_default="x"` (SQLAlchemy) are one default; so are `now()`, `CURRENT_TIMESTAMP`,
 * `current_timestamp()` and `func.now()`; `'0'` and `0`; `false`, `'f'` and `0` on a boolean.
 */
export function normalizeDefault(raw: string | null | undefined, dialect: Dialect, boolean = false): string | null {
  if (raw == null) return null;
  let s = fromPython(raw.trim());
  if (s === null) return null;
  if (isBareString(s) && !boolean) s = `'${s.replace(/'/g, "''")}'`;
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(/::\s*"?[a-z_][a-z0-9_ ]*"?(\(\d+(,\s*\d+)?\))?(\[\])?\s*$/i, "").trim(); // trailing casts
    if (/^\((.*)\)$/s.test(s) && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  }
  if (/^null$/i.test(s)) return null;
  const lower = outsideQuotes(s, (t) => t.toLowerCase());
  if (
    /^(now\(\)|current_timestamp(\(\))?|localtimestamp(\(\))?|transaction_timestamp\(\)|statement_timestamp\(\))$/.test(
      lower,
    )
  )
    return "now()";
  const unquoted = /^'(.*)'$/s.exec(s)?.[1];
  const literal = unquoted ?? lower;
  if (boolean) {
    if (/^(true|t|1|yes|on)$/i.test(literal)) return "true";
    if (/^(false|f|0|no|off)$/i.test(literal)) return "false";
  }
  if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(literal)) return String(Number(literal));
  if (unquoted !== undefined) return `'${unquoted}'`;
  return dialectSpec(dialect).verbatimDefaults ? lower : lower.replace(/\s+/g, " ");
}

/**
 * A Python expression the static reader could not evaluate (`Status.ACTIVE.value`): the default's
 * SQL is unknown, so it is neither written into DDL nor compared.
 */
export function isPythonExpression(raw: string | null | undefined): boolean {
  if (raw == null || /^'/.test(raw.trim())) return false;
  const s = raw.trim();
  const chain = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(s) && !/^(sa|sqlalchemy|func|sa\.func)\./.test(s);
  // `str(RoleSource.SYSTEM)`: a class attribute (CamelCase.NAME) appears nowhere in SQL.
  return chain || /\b[A-Z][a-z]\w*\.[A-Za-z_]\w*/.test(s.replace(/'(?:[^']|'')*'/g, ""));
}

/** SQLAlchemy spellings: text("..."), func.now(), a Python string literal, sa.true()/false(). */
function fromPython(s: string): string | null {
  if (s === "None") return null;
  const text = /^(?:[\w.]*\.)?(?:text|literal_column)\(\s*(?:[rRuU]?)("""|'''|"|')([\s\S]*)\1\s*\)$/.exec(s);
  if (text) return text[2];
  const fn = /^(?:[\w.]*\.)?func\.(\w+)\(\s*\)$/.exec(s);
  if (fn) return `${fn[1]}()`;
  const bool = /^(?:[\w.]*\.)?(true|false|null)\(\)$/.exec(s);
  if (bool) return bool[1];
  const py = /^[rRuU]?("""|'''|"|')([\s\S]*)\1$/.exec(s);
  if (py && py[1] === '"') return `'${py[2].replace(/'/g, "''")}'`;
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function outsideQuotes(s: string, fn: (t: string) => string): string {
  return s
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 ? part : fn(part)))
    .join("");
}

/** A model's server default as SQL for DDL: `text("now()")` → now(), `"x"` → 'x'; null when none. */
export function pythonDefaultToSql(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = fromPython(raw.trim());
  return s !== null && isBareString(s) ? `'${s.replace(/'/g, "''")}'` : s;
}

const SQL_WORDS =
  /^(true|false|null|current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|session_user)$/i;

/**
 * The static extractor gives `server_default="active"` as `active` and `text("now()")` as `now()`:
 * a default that is neither a number, a quoted literal, a call nor an SQL keyword is a string.
 */
export function isBareString(s: string): boolean {
  return (
    !/^[-+]?\d+(\.\d+)?$/.test(s) &&
    // PostgreSQL's escape and Unicode strings (`E'a\tb'`, `U&'d\0061ta'`) are quoted literals too.
    !/^(?:[eE]|[uU]&)?'/.test(s) &&
    !/[()]/.test(s) &&
    !/::/.test(s) &&
    !SQL_WORDS.test(s.trim())
  );
}

/** A check or index expression written with SQLAlchemy (`sa.or_(...)`, `x == y`): Python, not SQL. */
export function isSqlalchemyExpression(expr: string): boolean {
  return /\b(sa|sqlalchemy|func)\.\w+|==|\.(isnot|is_not|in_|notin_|not_in|like|ilike)\(/.test(expr);
}
