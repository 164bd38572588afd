import type { ColumnType } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import { constNum } from "../consts.js";
import type { ExtractContext } from "../context.js";
import type { ClassRef } from "../context.js";
import { isEnumClass } from "../enums.js";
import type { PyAssign, PyFunction, PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { PY_ANNOTATION_TYPES, SA_TYPES, saType, unresolvedType } from "../types.js";

/** Where a type sits, for naming literal enums (`Enum("a", "b")` without name=). */
export interface TypeSite {
  table: string;
  column: string;
}

/**
 * Reads a SQLAlchemy type expression (`sa.String(255)`, `Enum(Role)`, `JSONB`, `GUID`,
 * `EnumValueType(Kind)`) into a ColumnType. Project-defined types are kept as `custom:<Name>`;
 * expressions we cannot see through are kept as written and marked unresolved.
 */
export function readSaType(ctx: ExtractContext, mod: PyModule, e: Expr, site: TypeSite, depth = 0): ColumnType {
  const call = e.k === "call" ? e : null;
  const target = call ? call.fn : e;
  // `JSON().with_variant(JSONB(), "postgresql")`: the base type decides.
  if (call && target.k === "attr" && target.attr === "with_variant" && target.obj.k === "call") {
    return { ...readSaType(ctx, mod, target.obj, site, depth), written: e.text };
  }
  // `MutableDict.as_mutable(JSON)`: the mutation tracking is Python-side; the column has the type given.
  if (call && target.k === "attr" && target.attr === "as_mutable" && call.args[0]) {
    const owner = ctx.project.resolve(mod, target.obj);
    if (owner.k === "external" && owner.qual.startsWith("sqlalchemy.ext.mutable."))
      return { ...readSaType(ctx, mod, call.args[0], site, depth), written: e.text };
  }
  if (target.k !== "name" && target.k !== "attr") return unresolvedType(e.text);
  const r = ctx.project.resolve(mod, target);
  if (r.k === "external") return outsideType(ctx, mod, r.qual, call, e.text, site);
  if (r.k === "class") {
    const ref = { cls: r.cls, mod: r.mod };
    if (isEnumClass(ctx, ref)) return enumType(ctx, ref, e.text, null);
    const anc = ctx.ancestors(ref);
    const decorator = anc.externals.some((q) => tail(q) === "TypeDecorator");
    const sa = anc.externals.map((q) => tail(q)!).find((n) => SA_TYPES[n]);
    if (!decorator && sa) return externalType(ctx, mod, sa, call, e.text, site);
    const impl = decorator && depth < 4 ? decoratorImpl(ctx, ref, call) : null;
    const t: ColumnType = impl
      ? { ...readSaType(ctx, impl.mod, impl.expr, site, depth + 1), written: e.text, decorator: r.cls.name }
      : { written: e.text, normalized: `custom:${r.cls.name}` };
    // A decorator over ENUM built from the enum it is given (`EnumType(Kind)`) is a database enum.
    if (impl && t.unresolved && t.normalized !== "enum")
      return { written: e.text, normalized: `custom:${r.cls.name}`, decorator: r.cls.name };
    if (impl && t.normalized === "enum") delete t.unresolved;
    const first = call?.args[0];
    if (first && (first.k === "name" || first.k === "attr")) {
      const er = ctx.project.resolve(mod, first);
      if (er.k === "class" && isEnumClass(ctx, { cls: er.cls, mod: er.mod })) {
        t.enum = ctx.addEnumClass({ cls: er.cls, mod: er.mod }, undefined, null);
      }
    }
    return t;
  }
  if (r.k === "assign" && r.assign.value && depth < 4) {
    const inner = readSaType(ctx, r.mod, r.assign.value, site, depth + 1);
    return { ...inner, written: e.text };
  }
  return unresolvedType(e.text);
}

/**
 * The type a TypeDecorator gives the database, as SQLAlchemy picks it for PostgreSQL: the
 * `type_descriptor(X)` that `load_dialect_impl` returns in its postgresql branch (or its only
 * one), else `impl = X`, called with what `__init__` passes to `super().__init__` (the call
 * site's arguments or the parameters' defaults: `StrEnumType(Kind, length=64)`).
 */
function decoratorImpl(
  ctx: ExtractContext,
  ref: ClassRef,
  call: (Expr & { k: "call" }) | null,
): { expr: Expr; mod: PyModule } | null {
  const chain = ctx.ancestors(ref).classes;
  const method = (name: string) => {
    for (const c of chain) {
      const f = c.cls.body.find((s) => s.kind === "def" && s.name === name) as PyFunction | undefined;
      if (f) return { f, mod: c.mod };
    }
    return null;
  };
  const load = method("load_dialect_impl");
  if (load) {
    const rets = load.f.allReturns.map((r) => ({
      ...r,
      value:
        r.value.k === "call" && /type_descriptor$/.test(r.value.fn.text) && r.value.args[0] ? r.value.args[0] : r.value,
    }));
    const pg = rets.find((r) => r.guards.some((g) => /postgres/.test(g) && !/!=|\bnot\b/.test(g)));
    const plain = rets.filter((r) => r.guards.length === 0 && !/\bimpl\b/.test(r.value.text));
    const pick = pg ?? (plain.length === 1 ? plain[0] : rets.length === 1 ? rets[0] : null);
    if (pick && !/\bself\b/.test(pick.value.text)) return { expr: pick.value, mod: load.mod };
  }
  for (const c of chain) {
    const a = c.cls.body.find((s) => s.kind === "assign" && s.targets.includes("impl")) as PyAssign | undefined;
    if (!a?.value) continue;
    if (a.value.k === "call") return { expr: a.value, mod: c.mod };
    const init = method("__init__");
    const sup = init?.f.superInits[0];
    if (!init || !sup || sup.k !== "call") return { expr: a.value, mod: c.mod };
    // super().__init__(length=length): the parameter's value at the call site, else its default.
    const params = init.f.params.filter((p) => p.name !== "self");
    const bind = (x: Expr): Expr | undefined => {
      if (x.k !== "name") return x;
      const i = params.findIndex((p) => p.name === x.id);
      if (i < 0) return x;
      return (
        call?.kw[x.id] ??
        (params.slice(0, i + 1).every((p) => !p.name.startsWith("*")) ? call?.args[i] : undefined) ??
        params[i].default
      );
    };
    const args = sup.args
      .filter((x) => !(x.k === "other" && x.text.startsWith("*")))
      .map(bind)
      .filter((x): x is Expr => !!x && !x.text.startsWith("*"));
    const kw: Record<string, Expr> = {};
    for (const [k, v] of Object.entries(sup.kw)) {
      const b = bind(v);
      if (b) kw[k] = b;
    }
    return { expr: { k: "call", fn: a.value, args, kw, text: `${a.value.text}(...)`, line: a.line }, mod: c.mod };
  }
  return null;
}

function externalType(
  ctx: ExtractContext,
  mod: PyModule,
  name: string,
  call: Expr | null,
  written: string,
  site: TypeSite,
): ColumnType {
  const args = call && call.k === "call" ? call.args : [];
  const kw = call && call.k === "call" ? call.kw : {};
  const norm = SA_TYPES[name];
  if (norm === "string" || norm === "binary")
    return saType(name, written, { length: constNum(ctx, mod, kw.length ?? args[0]) });
  if (norm === "numeric")
    return saType(name, written, {
      precision: constNum(ctx, mod, kw.precision ?? args[0]),
      scale: constNum(ctx, mod, kw.scale ?? args[1]),
    });
  if (norm === "datetime" || norm === "time") {
    const tz = literal(kw.timezone ?? args[0]);
    return saType(name, written, { timezone: tz === true });
  }
  if (norm === "array") {
    const item = kw.item_type ?? args[0];
    return saType(name, written, { item: item ? readSaType(ctx, mod, item, site) : null });
  }
  if (norm === "enum") return saEnum(ctx, mod, call, written, site);
  return saType(name, written);
}

/** A type from outside the project: SQLAlchemy's own are known; others are kept as custom:<Name>, marked. */
function outsideType(
  ctx: ExtractContext,
  mod: PyModule,
  qual: string,
  call: Expr | null,
  written: string,
  site: TypeSite,
): ColumnType {
  const name = tail(qual)!;
  if (SA_TYPES[name] || /^sqlalchemy\b/.test(qual)) return externalType(ctx, mod, name, call, written, site);
  return { written, normalized: `custom:${name}`, unresolved: true };
}

/** `Enum(PyEnum)`, `Enum("a", "b", name="kind")`. */
function saEnum(ctx: ExtractContext, mod: PyModule, call: Expr | null, written: string, site: TypeSite): ColumnType {
  if (!call || call.k !== "call") return unresolvedType(written);
  const dbName = str(call.kw.name);
  const first = call.args[0];
  if (first && (first.k === "name" || first.k === "attr")) {
    const r = ctx.project.resolve(mod, first);
    // values_callable= (`lambda e: [m.value for m in e]`) stores the values instead of the names.
    if (r.k === "class")
      return enumType(ctx, { cls: r.cls, mod: r.mod }, written, dbName, call.kw.values_callable ? "values" : "members");
    const name = first.k === "name" ? first.id : first.attr;
    ctx.addEnum({
      name,
      dbName: dbName ?? name.toLowerCase(),
      values: [],
      unresolved: true,
      source: ctx.loc(mod, call.line),
    });
    return { written, normalized: "enum", enum: name };
  }
  const values = call.args.map((a) => str(a));
  if (values.length === 0 || values.some((v) => v === null)) return { ...unresolvedType(written), normalized: "enum" };
  const name = dbName ?? `${site.table}.${site.column}`;
  ctx.addEnum({
    name,
    dbName,
    values: values as string[],
    labels: values as string[],
    source: ctx.loc(mod, call.line),
  });
  return { written, normalized: "enum", enum: name };
}

function enumType(
  ctx: ExtractContext,
  ref: { cls: import("../pymodule.js").PyClass; mod: PyModule },
  written: string,
  dbName: string | null,
  labels: "members" | "values" = "members",
): ColumnType {
  return { written, normalized: "enum", enum: ctx.addEnumClass(ref, dbName ?? ref.cls.name.toLowerCase(), labels) };
}

/**
 * The type SQLAlchemy 2.0 (and SQLModel) derive from a Python annotation: `int` → Integer,
 * `datetime.datetime` → DateTime, an Enum class → Enum(cls). Null when it has no default mapping.
 */
export function annotationType(ctx: ExtractContext, mod: PyModule, e: Expr, site: TypeSite): ColumnType | null {
  if (e.k === "str") return null;
  if (e.k !== "name" && e.k !== "attr") return null;
  const r = ctx.project.resolve(mod, e);
  if (r.k === "class") {
    const ref = { cls: r.cls, mod: r.mod };
    if (isEnumClass(ctx, ref)) return enumType(ctx, ref, e.text, null);
    return null;
  }
  const name = r.k === "external" ? tail(r.qual)! : e.k === "name" ? e.id : e.attr;
  const sa = PY_ANNOTATION_TYPES[name];
  return sa ? saType(sa, e.text) : null;
}

/**
 * Unwraps `Optional[X]`, `Union[X, None]`, `X | None`: returns X and whether None was allowed.
 */
export function unwrapOptional(e: Expr): { inner: Expr; optional: boolean } {
  if (e.k === "sub" && /(^|\.)Optional$/.test(e.obj.text) && e.index.length === 1)
    return { inner: e.index[0], optional: true };
  if (e.k === "sub" && /(^|\.)Union$/.test(e.obj.text)) {
    const rest = e.index.filter((x) => !(x.k === "const" && x.v === null));
    if (rest.length === 1 && rest.length < e.index.length) return { inner: rest[0], optional: true };
  }
  if (e.k === "binop" && e.op === "|") {
    if (e.right.k === "const" && e.right.v === null) return { inner: e.left, optional: true };
    if (e.left.k === "const" && e.left.v === null) return { inner: e.right, optional: true };
  }
  return { inner: e, optional: false };
}
