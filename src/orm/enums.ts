import type { EnumType } from "../schema/model.js";
import { literal, type Expr } from "./expr.js";
import type { ClassRef, ExtractContext } from "./context.js";

const ENUM_BASES = new Set([
  "Enum",
  "IntEnum",
  "StrEnum",
  "Flag",
  "IntFlag",
  "TextChoices",
  "IntegerChoices",
  "Choices",
]);

/** True when the class derives (through project classes) from a Python or Django enum class. */
export function isEnumClass(ctx: ExtractContext, ref: ClassRef): boolean {
  return ctx.ancestors(ref).externals.some((q) => ENUM_BASES.has(q.slice(q.lastIndexOf(".") + 1)));
}

/**
 * Reads a Python Enum (or Django Choices) class: member names and values, in definition order.
 * `auto()` follows Python: 1, 2, ... for Enum/IntEnum, the lower-cased name for StrEnum. Members
 * whose value is not a literal are kept with their value as written.
 */
export function readEnumClass(ctx: ExtractContext, ref: ClassRef): EnumType {
  const strEnum = ctx.ancestors(ref).externals.some((q) => /(StrEnum|TextChoices)$/.test(q));
  const members: string[] = [];
  const values: string[] = [];
  let next = 1;
  for (const { cls } of [...ctx.ancestors(ref).classes].reverse()) {
    for (const s of cls.body) {
      if (s.kind !== "assign" || !s.value || s.targets.length !== 1) continue;
      const name = s.targets[0];
      if (name.startsWith("_") || s.annotation) continue;
      const v = memberValue(s.value, name, strEnum, next);
      if (v === null) continue;
      if (typeof v === "number") next = v + 1;
      members.push(name);
      values.push(String(v));
    }
  }
  return { name: ref.cls.name, values, members, source: ctx.loc(ref.mod, ref.cls.line) };
}

function memberValue(e: Expr, name: string, strEnum: boolean, next: number): string | number | null {
  // Django choices: NAME = value, "label"
  const first = e.k === "tuple" && e.items.length > 0 ? e.items[0] : e;
  const lit = literal(first);
  if (lit !== undefined) return lit === null ? "None" : typeof lit === "boolean" ? (lit ? "True" : "False") : lit;
  if (first.k === "call" && /(^|\.)auto$/.test(first.fn.text)) return strEnum ? name.toLowerCase() : next;
  if (first.k === "call" || first.k === "lambda" || first.k === "other") {
    // Methods/descriptors assigned in the body (e.g. `x = property(...)`) are not members.
    if (first.k === "call" && /^(property|classmethod|staticmethod|nonmember)$/.test(first.fn.text)) return null;
  }
  return first.k === "name" && /^[a-z_]/.test(first.id) ? null : first.text;
}

/**
 * The Enum class behind a choices expression written as a comprehension over it
 * (`[s.value for s in ServeType]`, `[(k.value, k.name) for k in Kind]`), or null.
 */
export function enumOfComprehension(
  ctx: ExtractContext,
  mod: import("./pymodule.js").PyModule,
  e: Expr,
): ClassRef | null {
  const m = /\bfor\s+\w+\s+in\s+([A-Za-z_][\w.]*)\s*[\])]$/.exec(e.text.trim());
  if (!m) return null;
  const parts = m[1].split(".");
  let target: Expr = { k: "name", id: parts[0], text: parts[0], line: e.line };
  for (const p of parts.slice(1))
    target = { k: "attr", obj: target, attr: p, text: `${target.text}.${p}`, line: e.line };
  const r = ctx.project.resolve(mod, target);
  if (r.k !== "class") return null;
  const ref = { cls: r.cls, mod: r.mod };
  return isEnumClass(ctx, ref) ? ref : null;
}
