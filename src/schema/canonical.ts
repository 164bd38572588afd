/**
 * Canonical spellings for comparing what Python source writes in different ways: a default or an
 * expression written `sa.func.now()` in one revision and `func.now()` in another is the same.
 */

/**
 * A Python default as written (static) or as dumped at runtime, as one comparable string:
 * literals by value (`0`, `10_000`, `'x'`, `True`), lambdas as `<lambda>`, anything else by the
 * last name it refers to (`datetime.utcnow` → utcnow, `Role.MEMBER` → MEMBER, `dict` → dict).
 */
export function canonicalDefault(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v.trim();
  if (s === "None" || s === "null") return null;
  if (s === "True" || s === "true") return "true";
  if (s === "False" || s === "false") return "false";
  if (/^-?[\d_]+(\.[\d_]+)?$/.test(s)) return String(Number(s.replace(/_/g, "")));
  if (/^lambda\b/.test(s)) return "<lambda>";
  const q = /^[rbu]?(['"])(.*)\1$/s.exec(s);
  if (q) return JSON.stringify(q[2]);
  const call = /^([\w.]+)\(\)$/.exec(s);
  const name = call ? call[1] : s;
  if (/^[\w.]+$/.test(name)) return name.split(".").pop()!;
  return canonicalExpr(s);
}

/** An expression with module qualifiers dropped: `sa.func.lower(sa.text("x"))` → `lower(text("x"))`. */
export function canonicalExpr(s: string): string {
  return s
    .replace(/\b(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
