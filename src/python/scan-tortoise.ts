/**
 * Tortoise ORM finds its models through module lists, not imports: `Tortoise.init(modules={"models":
 * ["app.models", "aerich.models"]})`, `register_tortoise(app, modules={...})` and the `"apps":
 * {"models": {"models": [...]}}` entries of a `TORTOISE_ORM` config dict. Each listed string names a
 * module, so `check` verifies it and moves rewrite it like an import.
 */
import type { LineMap } from "../core/text.js";
import type { StringRef } from "./facts.js";
import { Tok, stringValue } from "./tokenizer.js";
import type { Cursor } from "./scan.js";

/** Cheap gate: only files that mention Tortoise (or its config) are read for module lists. */
export const mentionsTortoise = (text: string): boolean => /tortoise/i.test(text);

export function scanTortoiseModules(cur: Cursor, lines: LineMap): StringRef[] {
  const ts = cur.ts;
  const out: StringRef[] = [];
  for (let i = 0; i + 2 < ts.count; i++) {
    // modules={ ... }: every string in the dict's list values.
    if (ts.kind[i] === Tok.Name && cur.is(i, "modules") && cur.isOp(i + 1, "=") && cur.isOp(i + 2, "{")) {
      i = collect(cur, i + 2, lines, out, "modules");
      continue;
    }
    // "models": [ ... ] inside a config dict.
    if (
      ts.kind[i] === Tok.String &&
      cur.isOp(i + 1, ":") &&
      cur.isOp(i + 2, "[") &&
      stringValue(cur.text(i)) === "models"
    ) {
      i = collect(cur, i + 2, lines, out, "TORTOISE_ORM");
    }
  }
  return out;
}

/** The plain strings that are list items inside the bracket opening at `open`; returns the closing token. */
function collect(cur: Cursor, open: number, lines: LineMap, out: StringRef[], callee: string): number {
  const ts = cur.ts;
  let depth = 0;
  const stack: number[] = [];
  for (let i = open; i < ts.count; i++) {
    if (ts.kind[i] === Tok.Op) {
      const c = ts.text.charCodeAt(ts.start[i]);
      if (c === 40 || c === 91 || c === 123) {
        depth++;
        stack.push(c);
      } else if (c === 41 || c === 93 || c === 125) {
        stack.pop();
        if (--depth === 0) return i;
      }
      continue;
    }
    const inList = stack[stack.length - 1] === 91 || stack[stack.length - 1] === 40;
    if (ts.kind[i] !== Tok.String || !inList) continue;
    if (!(cur.isOp(i - 1, "[") || cur.isOp(i - 1, "(") || cur.isOp(i - 1, ","))) continue;
    if (!(cur.isOp(i + 1, ",") || cur.isOp(i + 1, "]") || cur.isOp(i + 1, ")"))) continue;
    const value = stringValue(cur.text(i));
    if (value === null || !/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/.test(value)) continue;
    out.push({
      kind: "tortoise_module",
      value,
      start: ts.start[i],
      end: ts.end[i],
      ...lines.position(ts.start[i]),
      callee,
    });
  }
  return ts.count;
}
