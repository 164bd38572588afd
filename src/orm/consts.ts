import { literal, type Expr } from "./expr.js";
import type { ClassRef, ExtractContext } from "./context.js";
import type { PyModule } from "./pymodule.js";
import { isEnumClass, readEnumClass } from "./enums.js";

export type ConstValue = string | number | boolean | null;

/**
 * Evaluates what a column argument refers to when it is a constant: literals, module-level
 * constants across modules (`String(MAX_NAME_LENGTH)`, `default=DEFAULT_DOMAIN`), enum member
 * values (`Role.MAIN.value`) and integer arithmetic (`64 * 1024`). Undefined when not constant.
 */
export function evalConst(ctx: ExtractContext, mod: PyModule, e: Expr | undefined, depth = 0): ConstValue | undefined {
  if (!e || depth > 8) return undefined;
  const lit = literal(e);
  if (lit !== undefined) return lit;
  if (e.k === "binop") {
    const l = evalConst(ctx, mod, e.left, depth + 1);
    const r = evalConst(ctx, mod, e.right, depth + 1);
    if (typeof l === "number" && typeof r === "number") {
      switch (e.op) {
        case "*": return l * r;
        case "+": return l + r;
        case "-": return l - r;
        case "//": return Math.floor(l / r);
        case "**": return l ** r;
      }
    }
    if (e.op === "+" && typeof l === "string" && typeof r === "string") return l + r;
    return undefined;
  }
  if (e.k === "attr" && e.attr === "value") {
    const m = ctx.project.resolve(mod, e.obj);
    if (m.k === "member") {
      const s = m.cls.body.find((x) => x.kind === "assign" && x.targets.includes(m.name));
      if (s && s.kind === "assign") return evalConst(ctx, m.mod, s.value && s.value.k === "tuple" ? s.value.items[0] : s.value, depth + 1);
    }
    return undefined;
  }
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "assign" && r.assign.value) return evalConst(ctx, r.mod, r.assign.value, depth + 1);
  }
  return undefined;
}

/** A constant number, or null. */
export function constNum(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): number | null {
  const v = evalConst(ctx, mod, e);
  return typeof v === "number" ? v : null;
}

/** A Python default as written, with constants replaced by their literal value (`DEFAULT_DOMAIN` → "default"). */
export function defaultText(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): string | null {
  if (!e || literal(e) === null) return null; // `default=None`: no default, not the string "None"
  if (e.k === "name" || e.k === "attr" || e.k === "binop") {
    const v = evalConst(ctx, mod, e);
    if (v !== undefined) return pyRepr(v);
  }
  return e.text;
}

function pyRepr(v: ConstValue): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/**
 * A server default as the database gets it (SQLAlchemy renders a `str` as the SQL text):
 * `server_default=None` is none; a member of a `str` enum is its value (`E.M`, `E.M.value`),
 * `E.M.name` its name, `str(E.M)` the value of a StrEnum; module constants their value;
 * SQL constructs as SQLAlchemy renders them (`sqlText`).
 */
export function serverDefaultText(ctx: ExtractContext, mod: PyModule, e: Expr | undefined, sql: (e: Expr) => string): string | null {
  if (!e || literal(e) === null) return null;
  if (e.k === "call" && /(^|\.)FetchedValue$/.test(e.fn.text)) return null; // the database sets it; no SQL in the model
  const inner = e.k === "call" && e.fn.k === "name" && e.fn.id === "str" && e.args.length === 1 ? e.args[0] : null;
  const member = enumMember(ctx, mod, inner ?? e);
  if (member) {
    if (member.part === "name") return member.name;
    if (inner && member.part === "self") return member.strEnum ? member.value : `${member.cls}.${member.name}`;
    if (member.part === "value" || member.strMixin) return member.value;
  }
  if (e.k === "name" || e.k === "attr") {
    const v = evalConst(ctx, mod, e);
    if (typeof v === "string") return v;
  }
  return sql(e);
}

/** The enum class of a default written as one of its members (`Status.ACTIVE.value`), or null. */
export function enumOfMember(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): ClassRef | null {
  if (!e) return null;
  const part = e.k === "attr" && (e.attr === "value" || e.attr === "name") ? e.obj : e;
  if (part.k !== "attr") return null;
  const r = ctx.project.resolve(mod, part);
  if (r.k !== "member") return null;
  const ref = { cls: r.cls, mod: r.mod };
  return isEnumClass(ctx, ref) ? ref : null;
}

/** `E.M`, `E.M.value`, `E.M.name`: the enum member, which part is used, and how its class stores it. */
function enumMember(ctx: ExtractContext, mod: PyModule, e: Expr): { cls: string; name: string; value: string; part: "self" | "value" | "name"; strEnum: boolean; strMixin: boolean } | null {
  const part = e.k === "attr" && (e.attr === "value" || e.attr === "name") ? e.attr : "self";
  const target = part === "self" ? e : (e as Expr & { k: "attr" }).obj;
  if (target.k !== "attr") return null;
  const r = ctx.project.resolve(mod, target);
  if (r.k !== "member") return null;
  const ref = { cls: r.cls, mod: r.mod };
  if (!isEnumClass(ctx, ref)) return null;
  const en = readEnumClass(ctx, ref);
  const i = en.members?.indexOf(r.name) ?? -1;
  if (i < 0) return null;
  const externals = ctx.ancestors(ref).externals;
  const strEnum = externals.some((q) => /(StrEnum|TextChoices)$/.test(q));
  // `class Status(str, Enum)`: the builtin base is not an import, so it is read from the bases as written.
  const strMixin = strEnum || ctx.ancestors(ref).classes.some((c) => c.cls.bases.some((b) => b.text === "str"));
  return { cls: r.cls.name, name: r.name, value: en.values[i], part, strEnum, strMixin };
}
