import { literal, type Expr } from "./expr.js";
import type { ExtractContext } from "./context.js";
import type { PyModule } from "./pymodule.js";

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
  if (!e) return null;
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
