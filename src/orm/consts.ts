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
        case "*":
          return l * r;
        case "+":
          return l + r;
        case "-":
          return l - r;
        case "//":
          return Math.floor(l / r);
        case "**":
          return l ** r;
      }
    }
    if (e.op === "+" && typeof l === "string" && typeof r === "string") return l + r;
    return undefined;
  }
  // `f"email ~ '{EMAIL_REGEX}'"`: every field a constant string or number.
  if (e.k === "fstr") {
    let out = "";
    for (const p of e.parts) {
      const v = typeof p === "string" ? p : evalConst(ctx, mod, p, depth + 1);
      if (typeof v !== "string" && typeof v !== "number") return undefined;
      out += String(v);
    }
    return out;
  }
  if (e.k === "attr" && e.attr === "value") {
    const m = ctx.project.resolve(mod, e.obj);
    if (m.k === "member") {
      const s = m.cls.body.find((x) => x.kind === "assign" && x.targets.includes(m.name));
      if (s && s.kind === "assign")
        return evalConst(ctx, m.mod, s.value && s.value.k === "tuple" ? s.value.items[0] : s.value, depth + 1);
    }
    return undefined;
  }
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "assign" && r.assign.value) return evalConst(ctx, r.mod, r.assign.value, depth + 1);
    if (r.k === "external" && r.qual in STDLIB_CONSTANTS) return STDLIB_CONSTANTS[r.qual];
  }
  return undefined;
}

/** Standard-library constants that choices and defaults are written with (`(logging.INFO, "info")`). */
const STDLIB_CONSTANTS: Record<string, number> = {
  "logging.NOTSET": 0,
  "logging.DEBUG": 10,
  "logging.INFO": 20,
  "logging.WARNING": 30,
  "logging.WARN": 30,
  "logging.ERROR": 40,
  "logging.CRITICAL": 50,
  "logging.FATAL": 50,
};

const TIMEDELTA_UNITS: [string, number][] = [
  ["days", 86_400_000_000],
  ["seconds", 1_000_000],
  ["microseconds", 1],
  ["milliseconds", 1000],
  ["minutes", 60_000_000],
  ["hours", 3_600_000_000],
  ["weeks", 604_800_000_000],
];

/**
 * `timedelta(hours=1)` (or a constant bound to one) in microseconds. Null unless every argument
 * is a constant whole number.
 */
export function timedeltaOf(ctx: ExtractContext, mod: PyModule, e: Expr | undefined, depth = 0): number | null {
  if (!e) return null;
  if ((e.k === "name" || e.k === "attr") && depth < 8) {
    const r = ctx.project.resolve(mod, e);
    return r.k === "assign" && r.assign.value ? timedeltaOf(ctx, r.mod, r.assign.value, depth + 1) : null;
  }
  if (e.k !== "call" || e.args.length > TIMEDELTA_UNITS.length) return null;
  const fn = ctx.project.resolve(mod, e.fn);
  if (fn.k !== "external" || fn.qual !== "datetime.timedelta") return null;
  let total = 0;
  const given: [number, Expr][] = e.args.map((a, i) => [TIMEDELTA_UNITS[i][1], a]);
  for (const [k, v] of Object.entries(e.kw)) {
    const unit = TIMEDELTA_UNITS.find(([name]) => name === k);
    if (!unit) return null;
    given.push([unit[1], v]);
  }
  for (const [scale, x] of given) {
    const v = evalConst(ctx, mod, x);
    if (typeof v !== "number" || !Number.isInteger(v)) return null;
    total += v * scale;
  }
  return total;
}

/** Days, seconds and microseconds as Python normalizes a timedelta (only days may be negative). */
function timedeltaParts(us: number): [number, number, number] {
  const days = Math.floor(us / 86_400_000_000);
  const rest = us - days * 86_400_000_000;
  return [days, Math.floor(rest / 1_000_000), rest % 1_000_000];
}

/** Python's `repr(timedelta)`: `datetime.timedelta(seconds=3600)`, `datetime.timedelta(0)`. */
export function timedeltaRepr(us: number): string {
  const [d, s, u] = timedeltaParts(us);
  const parts = (
    [
      ["days", d],
      ["seconds", s],
      ["microseconds", u],
    ] as const
  ).filter(([, v]) => v !== 0);
  return `datetime.timedelta(${parts.length ? parts.map(([k, v]) => `${k}=${v}`).join(", ") : "0"})`;
}

/** Python's `str(timedelta)`: `1:00:00`, `1 day, 0:00:00`, `-1 day, 23:59:59.500000`. */
export function timedeltaStr(us: number): string {
  const [d, s, u] = timedeltaParts(us);
  const clock = `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}${u ? `.${String(u).padStart(6, "0")}` : ""}`;
  return d ? `${d} day${Math.abs(d) === 1 ? "" : "s"}, ${clock}` : clock;
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
  const delta = timedeltaOf(ctx, mod, e);
  return delta === null ? e.text : timedeltaRepr(delta);
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
export function serverDefaultText(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr | undefined,
  sql: (e: Expr) => string,
): string | null {
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
function enumMember(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr,
): {
  cls: string;
  name: string;
  value: string;
  part: "self" | "value" | "name";
  strEnum: boolean;
  strMixin: boolean;
} | null {
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
