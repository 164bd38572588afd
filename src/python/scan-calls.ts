/**
 * One pass over all tokens for what can appear anywhere in a file: calls whose string arguments
 * name code (`mock.patch("a.b.f")`, `relationship("User")`, ...) and attribute chains read on
 * imported names (`models.User`).
 */
import type { LineMap } from "../core/text.js";
import type { AttributeRef, ImportFact, StringRef, StringRefKind } from "./facts.js";
import { Tok, squash, stringValue } from "./tokenizer.js";
import type { Cursor } from "./scan.js";

type Framework = "django" | "tortoise" | "sqlalchemy" | null;

/** Last parts of a callee that `calleeKind` can answer for: everything else is skipped cheaply. */
const CALLEE_NAMES = new Set([
  "patch",
  "multiple",
  "object",
  "setattr",
  "delattr",
  "import_module",
  "__import__",
  "relationship",
  "relation",
  "dynamic_loader",
  "ForeignKey",
  "OneToOneField",
  "ManyToManyField",
  "ForeignKeyField",
  "get_model",
]);

/**
 * A token's length and first character as one number: most tokens are ruled out of a small name
 * set by it without cutting their text out of the file (this loop visits every call of every file).
 */
export const shapeOf = (text: string, start: number, end: number): number =>
  (end - start) * 65536 + text.charCodeAt(start);
const shapesOf = (names: Iterable<string>): Set<number> => new Set([...names].map((n) => shapeOf(n, 0, n.length)));
const CALLEE_SHAPES = shapesOf(CALLEE_NAMES);

/** What a call's callee chain means, by its last one or two parts. */
function calleeKind(parts: string[], framework: Framework): { kind: StringRefKind; arg: 0 | 1 } | null {
  const last = parts[parts.length - 1];
  const prev = parts.length > 1 ? parts[parts.length - 2] : "";
  switch (last) {
    case "patch":
    case "multiple":
      return last === "patch" || prev === "patch" ? { kind: "patch", arg: 0 } : null;
    case "object":
      return prev === "patch" ? { kind: "patch.object", arg: 1 } : null;
    case "setattr":
    case "delattr":
      return parts.length > 1 ? { kind: "setattr", arg: 0 } : null;
    case "import_module":
      return { kind: "import_module", arg: 0 };
    case "__import__":
      return parts.length === 1 ? { kind: "__import__", arg: 0 } : null;
    case "relationship":
    case "relation":
    case "dynamic_loader":
      return { kind: "relationship", arg: 0 };
    case "ForeignKey":
      if (prev === "models" || framework === "django") return { kind: "django_model", arg: 0 };
      return { kind: "foreign_key", arg: 0 };
    case "OneToOneField":
    case "ManyToManyField":
      return { kind: framework === "tortoise" || prev === "fields" ? "tortoise_model" : "django_model", arg: 0 };
    case "ForeignKeyField":
      return { kind: "tortoise_model", arg: 0 };
    case "get_model":
      return prev === "apps" ? { kind: "django_model", arg: 0 } : null;
    default:
      return null;
  }
}

/** relationship() keywords whose strings SQLAlchemy evaluates (and which may name classes by module path). */
const EXPRESSION_KEYWORDS = new Set([
  "primaryjoin",
  "secondaryjoin",
  "order_by",
  "foreign_keys",
  "remote_side",
  "secondary",
]);

/** Tokens after which a name is being bound, not read. */
const BINDERS = ["as", "for", "global", "nonlocal", "lambda"] as const;

export function scanCalls(
  cur: Cursor,
  lines: LineMap,
  importBound: Set<string>,
  framework: Framework,
  imports: readonly ImportFact[],
  rebound: Set<string>,
  parameterTokens: readonly number[],
): { stringRefs: StringRef[]; attributeRefs: AttributeRef[] } {
  const ts = cur.ts;
  const stringRefs: StringRef[] = [];
  const attributeRefs: AttributeRef[] = [];
  const inImport = importSkipper(imports);
  const boundShapes = shapesOf(importBound);
  noteRebindings(cur, importBound, boundShapes, rebound, importSkipper(imports), parameterTokens);
  for (let i = 0; i < ts.count; i++) {
    // The import test last: it only moves forward, so asking it of fewer tokens gives the same answers.
    if (ts.kind[i] !== Tok.Name || (i > 0 && cur.isOp(i - 1, ".")) || inImport(ts.start[i])) continue;
    let j = i;
    while (cur.isOp(j + 1, ".") && j + 2 < ts.count && ts.kind[j + 2] === Tok.Name) j += 2;
    const isCall = cur.isOp(j + 1, "(");
    if (!isCall && j === i) continue;
    if (j > i && boundShapes.has(shapeOf(ts.text, ts.start[i], ts.end[i]))) {
      const root = cur.text(i);
      if (importBound.has(root) && !rebound.has(root)) {
        const chain = squash(ts.text.slice(ts.start[i], ts.end[j]));
        const line = lines.line(ts.start[i]);
        attributeRefs.push({
          chain,
          line,
          column: lines.column(ts.start[i], line),
          start: ts.start[i],
          end: ts.end[j],
        });
      }
    }
    if (isCall && CALLEE_SHAPES.has(shapeOf(ts.text, ts.start[j], ts.end[j])) && CALLEE_NAMES.has(cur.text(j))) {
      const parts: string[] = [];
      for (let k = i; k <= j; k += 2) parts.push(cur.text(k));
      const ck = calleeKind(parts, framework);
      if (ck) {
        let ref = stringArgument(cur, j + 1, ck.arg, lines, ck.kind === "setattr");
        // apps.get_model("app_label", "Model"): the model is the second literal (after the comma at j + 3).
        if (ref && parts[parts.length - 1] === "get_model" && cur.isOp(j + 3, ",") && ts.kind[j + 4] === Tok.String) {
          const app = ref.value;
          ref = stringArgument(cur, j + 3, 0, lines);
          if (ref) ref = { ...ref, app };
        }
        if (ref) stringRefs.push({ kind: ck.kind, ...ref, callee: parts.join(".") });
        if (ck.kind === "relationship") {
          for (const expr of keywordStrings(cur, j + 1, EXPRESSION_KEYWORDS, lines))
            stringRefs.push({ kind: "relationship_expr", ...expr, callee: parts.join(".") });
        }
      }
    }
    i = j;
  }
  return { stringRefs, attributeRefs };
}

/** A predicate for "this offset is inside an import statement", for offsets visited in increasing order. */
function importSkipper(imports: readonly ImportFact[]): (offset: number) => boolean {
  let k = 0;
  return (offset) => {
    while (k < imports.length && imports[k].end <= offset) k++;
    return k < imports.length && imports[k].start <= offset;
  };
}

/** Import-bound names that are also assigned, looped over or bound by `as` somewhere in the file. */
function noteRebindings(
  cur: Cursor,
  importBound: Set<string>,
  boundShapes: Set<number>,
  rebound: Set<string>,
  inImport: (offset: number) => boolean,
  parameterTokens: readonly number[],
): void {
  if (importBound.size === 0) return;
  const ts = cur.ts;
  // No substring per token here: this loop visits every token of every file.
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] !== Tok.Name) continue;
    if (!isAssignOp(cur, i + 1) && !(i > 0 && isBinder(cur, i - 1))) continue;
    if (!boundShapes.has(shapeOf(ts.text, ts.start[i], ts.end[i])) || inImport(ts.start[i])) continue;
    const name = cur.text(i);
    if (importBound.has(name)) rebound.add(name);
  }
  // A def's parameters rebind a name in its body; no import statement holds a parameter.
  for (const i of parameterTokens) {
    if (!boundShapes.has(shapeOf(ts.text, ts.start[i], ts.end[i]))) continue;
    const name = cur.text(i);
    if (importBound.has(name)) rebound.add(name);
  }
}

/** Token j is `=`, `:=` or an augmented assignment (`+=`, `**=`, ...), not a comparison. */
function isAssignOp(cur: Cursor, j: number): boolean {
  const ts = cur.ts;
  if (j >= ts.count || ts.kind[j] !== Tok.Op) return false;
  const s = ts.start[j];
  const len = ts.end[j] - s;
  if (ts.text.charCodeAt(s + len - 1) !== 61) return false;
  const c = ts.text.charCodeAt(s);
  return len === 1 || len === 3 || (c !== 61 && c !== 33 && c !== 60 && c !== 62);
}

/** Token j is a keyword after which a name is bound: `as`, `for`, `global`, `nonlocal`, `lambda`. */
function isBinder(cur: Cursor, j: number): boolean {
  if (cur.ts.kind[j] !== Tok.Name) return false;
  const len = cur.ts.end[j] - cur.ts.start[j];
  if (len !== 2 && len !== 3 && len !== 6 && len !== 8) return false;
  for (const b of BINDERS) if (cur.is(j, b)) return true;
  return false;
}

/**
 * The n-th positional argument of the call opening at `open`, when it is a plain string literal.
 * `objectFirst`: a first argument that is a name (`monkeypatch.setattr(mailer, "send", f)`) is the
 * object whose attribute the string names, as a dotted one is for every callee.
 */
function stringArgument(
  cur: Cursor,
  open: number,
  n: 0 | 1,
  lines: LineMap,
  objectFirst = false,
): Omit<StringRef, "kind" | "callee"> | null {
  const ts = cur.ts;
  let a = open + 1;
  let object: string | undefined;
  if (
    n === 1 ||
    (ts.kind[a] !== Tok.String &&
      (cur.isOp(a + 1, ".") === true || (objectFirst && ts.kind[a] === Tok.Name && cur.isOp(a + 1, ",") === true)))
  ) {
    // patch.object(obj, "attr") and monkeypatch.setattr(obj, "attr", value)
    const comma = cur.findTop(a, ts.count, ",");
    if (comma < 0) return null;
    object = squash(ts.text.slice(ts.start[a], ts.end[comma - 1]));
    if (!/^[A-Za-z_][\w.]*$/.test(object)) return null;
    a = comma + 1;
  }
  if (ts.kind[a] !== Tok.String) return null;
  if (!(cur.isOp(a + 1, ",") || cur.isOp(a + 1, ")"))) return null;
  const value = stringValue(cur.text(a));
  if (value === null) return null;
  return { value, start: ts.start[a], end: ts.end[a], ...lines.position(ts.start[a]), ...(object ? { object } : {}) };
}

/** `keyword="literal"` arguments, at the top level of the call opening at `open`, for the given keywords. */
function keywordStrings(
  cur: Cursor,
  open: number,
  keywords: Set<string>,
  lines: LineMap,
): Omit<StringRef, "kind" | "callee">[] {
  const ts = cur.ts;
  const out: Omit<StringRef, "kind" | "callee">[] = [];
  let depth = 0;
  for (let i = open + 1; i < ts.count; i++) {
    if (ts.kind[i] === Tok.Op) {
      const c = ts.text.charCodeAt(ts.start[i]);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (--depth < 0) break;
      }
      continue;
    }
    if (depth !== 0 || ts.kind[i] !== Tok.Name || !cur.isOp(i + 1, "=") || ts.kind[i + 2] !== Tok.String) continue;
    if (!(cur.isOp(i + 3, ",") || cur.isOp(i + 3, ")")) || !keywords.has(cur.text(i))) continue;
    const value = stringValue(cur.text(i + 2));
    if (value !== null)
      out.push({ value, start: ts.start[i + 2], end: ts.end[i + 2], ...lines.position(ts.start[i + 2]) });
  }
  return out;
}
