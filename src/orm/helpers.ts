import type { Expr } from "./expr.js";
import type { PyFunction } from "./pymodule.js";

/**
 * Inlines a simple helper call: `def IDColumn(name="id"): return sa.Column(name, GUID, ...)`
 * called as `IDColumn("uid")` gives `sa.Column("uid", GUID, ...)`. Only parameters are replaced;
 * the result is read in the helper's module. Null when the call passes *args/**kwargs we cannot map.
 */
export function substitute(fn: PyFunction, call: Expr & { k: "call" }): Expr | null {
  if (!fn.returns) return null;
  const values = new Map<string, Expr>();
  const params = fn.params.filter((p) => p.name !== "self" && p.name !== "cls" && !p.name.startsWith("*"));
  for (let i = 0; i < call.args.length; i++) {
    if (i >= params.length || call.args[i].text.startsWith("*")) return null;
    values.set(params[i].name, call.args[i]);
  }
  for (const [k, v] of Object.entries(call.kw)) {
    if (!params.some((p) => p.name === k)) return null;
    values.set(k, v);
  }
  for (const p of params) if (!values.has(p.name) && p.default) values.set(p.name, p.default);
  return replace(fn.returns, values);
}

function replace(e: Expr, values: Map<string, Expr>): Expr {
  switch (e.k) {
    case "name":
      return values.get(e.id) ?? e;
    case "attr":
      return { ...e, obj: replace(e.obj, values) };
    case "call": {
      const kw: Record<string, Expr> = {};
      for (const [k, v] of Object.entries(e.kw)) kw[k] = replace(v, values);
      return { ...e, fn: replace(e.fn, values), args: e.args.map((a) => replace(a, values)), kw };
    }
    case "tuple":
    case "list":
    case "set":
      return { ...e, items: e.items.map((a) => replace(a, values)) };
    case "sub":
      return { ...e, obj: replace(e.obj, values), index: e.index.map((a) => replace(a, values)) };
    default:
      return e;
  }
}
