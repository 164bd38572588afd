import type { Framework } from "../schema/model.js";
import type { ClassRef, ExtractContext } from "./context.js";
import type { Expr } from "./expr.js";
import type { PyClass } from "./pymodule.js";
import { tail } from "./project.js";

/**
 * Which ORM a class belongs to, from what it derives: Django `models.Model`, Tortoise `Model`,
 * `SQLModel`, Flask-SQLAlchemy `db.Model`, or a SQLAlchemy declarative base (`DeclarativeBase`,
 * `declarative_base()`, `registry().generate_base()`, `@as_declarative`, `@registry.mapped`).
 */
export function frameworkOf(ctx: ExtractContext, ref: ClassRef): Framework | null {
  const anc = ctx.ancestors(ref);
  for (const q of anc.externals) {
    for (const e of ctx.extractors) for (const b of e.bases) if (b.qualified.test(q)) return b.framework;
  }
  for (const a of anc.assigns) {
    if (a.k !== "assign" || !a.assign.value) continue;
    const kind = baseAssignKind(ctx, a.mod, a.assign.value);
    if (kind) return kind;
  }
  if (declaresTable(ref.cls) && anc.externals.some((q) => !KNOWN_LIBRARIES.test(q))) {
    // The base comes from a module outside what we read (e.g. `from app.database import Base` when
    // only app/models was given): a class that sets __tablename__ is a declarative model.
    return "sqlalchemy";
  }
  for (const c of anc.classes) {
    for (const d of c.cls.decorators) {
      const name = tail(d.k === "call" ? d.fn.text : d.text);
      if (name === "as_declarative" || name === "mapped" || name === "mapped_as_dataclass") return "sqlalchemy";
    }
  }
  return null;
}

/** `declarative_base()`, `reg.generate_base()`, `db.Model`: what kind of base an assignment creates. */
function baseAssignKind(ctx: ExtractContext, mod: ClassRef["mod"], v: Expr): Framework | null {
  if (v.k === "call") {
    const fn = v.fn.k === "attr" ? v.fn.attr : v.fn.k === "name" ? v.fn.id : "";
    if (fn === "declarative_base" || fn === "generate_base") return "sqlalchemy";
    return null;
  }
  const r = ctx.project.resolve(mod, v);
  if (r.k === "external" && /SQLAlchemy\(\)\.Model$/.test(r.qual)) return "flask-sqlalchemy";
  if (r.k === "assign" && r.assign.value && r.assign.value !== v) return baseAssignKind(ctx, r.mod, r.assign.value);
  return null;
}

/** The class is the declarative base itself (`class Base(DeclarativeBase)`, `@as_declarative`), not a model. */
export function isDeclarativeRoot(ctx: ExtractContext, ref: ClassRef): boolean {
  for (const b of ref.cls.bases) {
    const r = ctx.resolveBase(ref.mod, b);
    if (r.k === "external" && /(DeclarativeBase|DeclarativeBaseNoMeta)$/.test(r.qual)) return true;
  }
  return ref.cls.decorators.some((d) => tail(d.k === "call" ? d.fn.text : d.text) === "as_declarative");
}

/** `__abstract__ = True` (SQLAlchemy) in the class's own body. */
export function ownAbstract(cls: PyClass): boolean {
  return cls.body.some(
    (s) => s.kind === "assign" && s.targets.includes("__abstract__") && s.value?.k === "const" && s.value.v === true,
  );
}

const KNOWN_LIBRARIES =
  /^(builtins|typing|enum|abc|pydantic|django|tortoise|sqlmodel|flask_sqlalchemy|sqlalchemy|graphene|strawberry|dataclasses)\b/;

function declaresTable(cls: PyClass): boolean {
  return cls.body.some(
    (s) => s.kind === "assign" && (s.targets.includes("__tablename__") || s.targets.includes("__table__")),
  );
}

/**
 * The class derives from an ORM's helper class rather than a model (a Django manager or queryset,
 * or a class `Manager.from_queryset(QS)` made): it has no table, and nobody should look for one.
 */
export function isOrmHelper(ctx: ExtractContext, ref: ClassRef): boolean {
  const anc = ctx.ancestors(ref);
  if (anc.externals.some((q) => helperBase(ctx, q))) return true;
  for (const c of anc.classes) if (c.cls.bases.some((b) => madeHelper(ctx, c.mod, b))) return true;
  return anc.assigns.some((a) => a.k === "assign" && !!a.assign.value && madeHelper(ctx, a.mod, a.assign.value));
}

function helperBase(ctx: ExtractContext, qualified: string): boolean {
  return ctx.extractors.some((e) => e.helpers?.qualified.test(qualified));
}

/** `models.Manager.from_queryset(QS)` (as a base or assigned to one): a helper class made from a helper. */
function madeHelper(ctx: ExtractContext, mod: ClassRef["mod"], e: Expr, seen = new Set<Expr>()): boolean {
  if (e.k !== "call" || e.fn.k !== "attr" || seen.has(e)) return false;
  seen.add(e);
  const method = e.fn.attr;
  if (!ctx.extractors.some((x) => x.helpers?.factories.test(method))) return false;
  // The class made is a helper when it is made from one: the receiver or the class it is given
  // (`Manager = Manager.from_queryset(QS)` rebinds the receiver's own name, so only QS says so).
  return [e.fn.obj, ...e.args.slice(0, 1)].some((x) => isHelperExpr(ctx, mod, x, seen));
}

function isHelperExpr(ctx: ExtractContext, mod: ClassRef["mod"], x: Expr, seen: Set<Expr>): boolean {
  const r = ctx.resolveBase(mod, x);
  if (r.k === "external") return helperBase(ctx, r.qual);
  if (r.k === "class") return isOrmHelper(ctx, { cls: r.cls, mod: r.mod });
  return r.k === "assign" && !!r.assign.value && madeHelper(ctx, r.mod, r.assign.value, seen);
}
