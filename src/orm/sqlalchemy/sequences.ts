import { str, type Expr } from "../expr.js";
import type { ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { evalConst } from "../consts.js";

/**
 * `Sequence("seq", schema="app")`, or a name bound to one (`shared_seq = Sequence(...)` used by
 * several tables), as the value PostgreSQL computes: `nextval('app.seq')`. Null for anything else.
 */
export function sequenceNextval(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): string | null {
  if (!e) return null;
  let call = e;
  let site = mod;
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    if (r.k !== "assign" || !r.assign.value) return null;
    call = r.assign.value;
    site = r.mod;
  }
  if (call.k !== "call") return null;
  const r = ctx.project.resolve(site, call.fn);
  if (r.k !== "external" || tail(r.qual) !== "Sequence") return null;
  const name = evalConst(ctx, site, call.args[0] ?? call.kw.name);
  if (typeof name !== "string") return null;
  const schema = str(call.kw.schema);
  return `nextval('${schema ? `${schema}.` : ""}${name}')`;
}

/** `server_default=seq.next_value()`: the database's own default is the sequence's next value. */
export function nextValueCall(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): string | null {
  if (e?.k !== "call" || e.fn.k !== "attr" || e.fn.attr !== "next_value" || e.args.length) return null;
  return sequenceNextval(ctx, mod, e.fn.obj);
}
