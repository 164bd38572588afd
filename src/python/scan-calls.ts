/**
 * One pass over all tokens for what can appear anywhere in a file: calls whose string arguments
 * name code (`mock.patch("a.b.f")`, `relationship("User")`, ...) and attribute chains read on
 * imported names (`models.User`).
 */
import type { LineMap } from "../core/text.js";
import type { AttributeRef, ImportFact, StringRef, StringRefKind } from "./facts.js";
import { Tok, stringValue } from "./tokenizer.js";
import type { Cursor } from "./scan.js";

type Framework = "django" | "tortoise" | "sqlalchemy" | null;

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

/** Tokens after which a name is being bound, not read. */
const BINDERS = new Set(["as", "for", "global", "nonlocal", "lambda"]);

export function scanCalls(
  cur: Cursor, lines: LineMap, importBound: Set<string>, framework: Framework,
  imports: readonly ImportFact[], rebound: Set<string>,
): { stringRefs: StringRef[]; attributeRefs: AttributeRef[] } {
  const ts = cur.ts;
  const stringRefs: StringRef[] = [];
  const attributeRefs: AttributeRef[] = [];
  const inImport = importSkipper(imports);
  noteRebindings(cur, importBound, rebound, importSkipper(imports));
  for (let i = 0; i < ts.count; i++) {
    if (inImport(ts.start[i])) continue;
    if (ts.kind[i] !== Tok.Name || (i > 0 && cur.isOp(i - 1, "."))) continue;
    let j = i;
    while (cur.isOp(j + 1, ".") && j + 2 < ts.count && ts.kind[j + 2] === Tok.Name) j += 2;
    const isCall = cur.isOp(j + 1, "(");
    if (!isCall && j === i) continue;
    const root = cur.text(i);
    if (j > i && importBound.has(root) && !rebound.has(root)) {
      const chain = ts.text.slice(ts.start[i], ts.end[j]).replace(/\s+/g, "");
      attributeRefs.push({ chain, ...lines.position(ts.start[i]), start: ts.start[i], end: ts.end[j] });
    }
    if (isCall) {
      const parts: string[] = [];
      for (let k = i; k <= j; k += 2) parts.push(cur.text(k));
      const ck = calleeKind(parts, framework);
      if (ck) {
        const ref = stringArgument(cur, j + 1, ck.arg, lines);
        if (ref) stringRefs.push({ kind: ck.kind, ...ref, callee: parts.join(".") });
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
function noteRebindings(cur: Cursor, importBound: Set<string>, rebound: Set<string>, inImport: (offset: number) => boolean): void {
  const ts = cur.ts;
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] !== Tok.Name || inImport(ts.start[i])) continue;
    const prev = i > 0 && ts.kind[i - 1] === Tok.Name ? cur.text(i - 1) : "";
    const next = i + 1 < ts.count && ts.kind[i + 1] === Tok.Op ? cur.text(i + 1) : "";
    if (!(BINDERS.has(prev) || next === "=" || next === ":=" || (next.length === 2 && next.endsWith("=") && next !== "==" && next !== "!=" && next !== "<=" && next !== ">="))) continue;
    const name = cur.text(i);
    if (importBound.has(name)) rebound.add(name);
  }
}

/** The n-th positional argument of the call opening at `open`, when it is a plain string literal. */
function stringArgument(
  cur: Cursor, open: number, n: 0 | 1, lines: LineMap,
): Omit<StringRef, "kind" | "callee"> | null {
  const ts = cur.ts;
  let a = open + 1;
  let object: string | undefined;
  if (n === 1 || (ts.kind[a] !== Tok.String && cur.isOp(a + 1, ".") === true)) {
    // patch.object(obj, "attr") and monkeypatch.setattr(obj, "attr", value)
    const comma = cur.findTop(a, ts.count, ",");
    if (comma < 0) return null;
    object = ts.text.slice(ts.start[a], ts.end[comma - 1]).replace(/\s+/g, "");
    if (!/^[A-Za-z_][\w.]*$/.test(object)) return null;
    a = comma + 1;
  }
  if (ts.kind[a] !== Tok.String) return null;
  if (!(cur.isOp(a + 1, ",") || cur.isOp(a + 1, ")"))) return null;
  const value = stringValue(cur.text(a));
  if (value === null) return null;
  return { value, start: ts.start[a], end: ts.end[a], ...lines.position(ts.start[a]), ...(object ? { object } : {}) };
}
