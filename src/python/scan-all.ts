/** Reads statements that build `__all__`: `=`, annotated `=`, `+=`, `.extend(...)`, `.append(...)`, `.remove(...)`. */
import type { LineMap } from "../core/text.js";
import { Tok, stringValue } from "./tokenizer.js";
import type { Cursor } from "./scan.js";

export interface AllUpdate {
  op: "assign" | "add" | "remove";
  entries: { name: string; line: number; column: number }[];
  spreads: string[];
  dynamic: boolean;
  line: number;
  column: number;
}

/** Parses a statement starting with `__all__` at token a; null if it does not change `__all__`. */
export function readAll(cur: Cursor, a: number, b: number, lines: LineMap): AllUpdate | null {
  const pos = lines.position(cur.ts.start[a]);
  const make = (op: AllUpdate["op"], s: number, e: number): AllUpdate => {
    // `__all__ = __all__ + [...]` keeps what is there: an addition, not a new list.
    if (op === "assign" && cur.isName(s, "__all__") && cur.isOp(s + 1, "+")) return make("add", s + 2, e);
    return { op, ...pos, ...readSequence(cur, s, e, lines) };
  };
  const i = a + 1;
  if (cur.isOp(i, ":")) {
    const eq = cur.findTop(i, b, "=");
    if (eq < 0) return null;
    return make("assign", eq + 1, b);
  }
  if (cur.isOp(i, "=")) return make("assign", i + 1, b);
  if (cur.isOp(i, "+=")) return make("add", i + 1, b);
  if (cur.isOp(i, ".") && cur.isName(i + 1) && cur.isOp(i + 2, "(") && cur.isOp(b - 1, ")")) {
    const method = cur.text(i + 1);
    if (method === "extend") return make("add", i + 3, b - 1);
    if (method === "append" || method === "remove") {
      const u = readItems(cur, i + 3, b - 1, lines);
      return { op: method === "append" ? "add" : "remove", ...pos, ...u };
    }
    return { op: "add", ...pos, entries: [], spreads: [], dynamic: true };
  }
  return null;
}

type Seq = Pick<AllUpdate, "entries" | "spreads" | "dynamic">;

/** `[..] + (..) + mod.__all__` */
function readSequence(cur: Cursor, a: number, b: number, lines: LineMap): Seq {
  const out: Seq = { entries: [], spreads: [], dynamic: false };
  for (const [s, e] of cur.splitTop(a, b, "+")) {
    if (s >= e) {
      out.dynamic = true;
      continue;
    }
    let part: Seq;
    if ((cur.isOp(s, "[") && cur.isOp(e - 1, "]")) || (cur.isOp(s, "(") && cur.isOp(e - 1, ")"))) {
      part = readItems(cur, s + 1, e - 1, lines);
    } else {
      const spread = allSpread(cur, s, e);
      part = spread ? { entries: [], spreads: [spread], dynamic: false } : { entries: [], spreads: [], dynamic: true };
    }
    out.entries.push(...part.entries);
    out.spreads.push(...part.spreads);
    out.dynamic ||= part.dynamic;
  }
  return out;
}

/** Items of a list/tuple literal: string literals and `*mod.__all__` spreads. */
function readItems(cur: Cursor, a: number, b: number, lines: LineMap): Seq {
  const out: Seq = { entries: [], spreads: [], dynamic: false };
  for (const [s, e] of cur.splitTop(a, b, ",")) {
    if (s >= e) continue;
    if (e === s + 1 && cur.ts.kind[s] === Tok.String) {
      const v = stringValue(cur.text(s));
      if (v === null) out.dynamic = true;
      else out.entries.push({ name: v, ...lines.position(cur.ts.start[s]) });
      continue;
    }
    const spread = cur.isOp(s, "*") ? allSpread(cur, s + 1, e) : null;
    if (spread) out.spreads.push(spread);
    else out.dynamic = true;
  }
  return out;
}

/** `pkg.mod.__all__` → `pkg.mod` */
function allSpread(cur: Cursor, a: number, b: number): string | null {
  if (b - a < 3 || !cur.is(b - 1, "__all__") || !cur.isOp(b - 2, ".")) return null;
  const parts: string[] = [];
  for (let i = a; i < b - 2; i++) {
    if ((i - a) % 2 === 0) {
      if (!cur.isName(i)) return null;
      parts.push(cur.text(i));
    } else if (!cur.isOp(i, ".")) return null;
  }
  return parts.join(".");
}
