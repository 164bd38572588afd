import type { Cardinality, Relationship, Table } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import type { ClassRef, ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { qualifiedName } from "./sa-columns.js";

/** A `relationship(...)` as written, resolved once every table is known. */
export interface RelationshipDraft {
  table: Table;
  owner: ClassRef;
  name: string;
  mod: PyModule;
  call: Expr & { k: "call" };
  /** `Mapped[List["X"]]` / `Mapped["X"]`: the annotation's target and whether it is a collection. */
  annotation?: { target: Expr; list: boolean };
}

/** Queues a relationship for resolution after all tables are read. */
export function deferRelationship(ctx: ExtractContext, d: RelationshipDraft): void {
  const rel: Relationship = {
    name: d.name,
    target: "?",
    cardinality: "one-to-many",
    source: ctx.loc(d.mod, d.call.line),
  };
  d.table.relationships.push(rel);
  ctx.registry.late.push(() => resolveRelationship(ctx, d, rel));
}

function resolveRelationship(ctx: ExtractContext, draft: RelationshipDraft, rel: Relationship): void {
  // A class declared onto an existing table (extend_existing) is mapped to that table.
  const merged = ctx.registry.mergedInto.get(draft.table);
  const d = merged ? { ...draft, table: merged } : draft;
  const { call } = d;
  const targetExpr = call.args[0] ?? call.kw.argument ?? d.annotation?.target;
  const target = targetExpr ? findClass(ctx, d.mod, targetExpr, d.table) : null;
  rel.target = target?.cls.name ?? (targetExpr ? targetName(targetExpr) : "?");
  const targetTable = target ? ctx.registry.modelTable.get(target.cls) : undefined;
  rel.targetTable = targetTable ? qualifiedName(targetTable) : null;
  const backref = call.kw.backref;
  const backrefName = backref ? (str(backref) ?? (backref.k === "call" ? str(backref.args[0]) : null)) : null;
  rel.backPopulates = str(call.kw.back_populates) ?? backrefName;
  rel.backref = backrefName;
  const secondary = call.kw.secondary;
  if (secondary) rel.secondary = secondaryName(ctx, d.mod, secondary);
  const uselist = literal(call.kw.uselist);
  rel.cardinality = cardinality(
    ctx,
    d,
    targetTable,
    !!secondary,
    uselist === false ? false : uselist === true ? true : d.annotation ? d.annotation.list : null,
  );
  if (backrefName && targetTable) {
    const bUselist = backref?.k === "call" ? literal(backref.kw.uselist) : undefined;
    targetTable.relationships.push({
      name: backrefName,
      target: d.owner.cls.name,
      targetTable: qualifiedName(d.table),
      cardinality: reverse(rel.cardinality, bUselist === false),
      backPopulates: d.name,
      backref: null,
      secondary: rel.secondary ?? null,
      source: rel.source,
    });
  }
}

function reverse(c: Cardinality, scalar: boolean): Cardinality {
  if (c === "many-to-many") return c;
  if (c === "one-to-many" || c === "one-to-one") return "many-to-one";
  return scalar ? "one-to-one" : "one-to-many";
}

function cardinality(
  ctx: ExtractContext,
  d: RelationshipDraft,
  target: Table | undefined,
  secondary: boolean,
  uselist: boolean | null,
): Cardinality {
  if (secondary) return "many-to-many";
  const join = joinText(ctx, d.mod, d.call.kw.primaryjoin);
  const own = d.table;
  const kw = d.call.kw;
  let manyToOne: boolean;
  if (target === own) manyToOne = !!kw.remote_side;
  else if (join && /foreign\(/.test(join)) {
    // foreign() annotations in the join decide the direction over foreign_keys= (SQLAlchemy reads them first).
    const m = /foreign\(\s*([A-Za-z_][\w]*)\./.exec(join);
    manyToOne = !!m && (m[1] === d.owner.cls.name || m[1] === own.name);
  } else if (kw.foreign_keys) manyToOne = fkColumnsOwned(kw.foreign_keys, d.owner.cls.name, own);
  else {
    const ownRefs = !!target && own.foreignKeys.some((f) => f.refTable === qualifiedName(target));
    const theyRef = !!target && target.foreignKeys.some((f) => f.refTable === qualifiedName(own));
    manyToOne = ownRefs && !theyRef ? true : theyRef ? false : uselist === false;
  }
  if (manyToOne) return "many-to-one";
  return uselist === false ? "one-to-one" : "one-to-many";
}

/** `foreign_keys=[Address.user_id]` / `"Address.user_id"`: do the listed columns belong to the owner? */
function fkColumnsOwned(e: Expr, owner: string, table: Table): boolean {
  const text = str(e) ?? e.text;
  const m = /([A-Za-z_]\w*)\.(\w+)/.exec(text);
  if (m) return m[1] === owner || m[1] === table.name;
  const bare = /\b(\w+)\b/.exec(text.replace(/[[\]]/g, ""));
  return !!bare && table.columns.some((c) => (c.attribute ?? c.name) === bare[1]);
}

function targetName(e: Expr): string {
  if (e.k === "str") return e.v.split(".").pop()!;
  if (e.k === "lambda") return targetName(e.body);
  if (e.k === "name") return e.id;
  if (e.k === "attr") return e.attr;
  return e.text;
}

/**
 * The mapped class a relationship target names: "User", "pkg.models.User", User, lambda: User.
 * SQLAlchemy looks a string up in the owner's own declarative registry, so among same-named
 * classes the one whose table shares the owner's MetaData is taken (`owner`'s table), wherever
 * it is defined (a base library's package included).
 */
export function findClass(ctx: ExtractContext, mod: PyModule, e: Expr, owner?: Table): ClassRef | null {
  if (e.k === "lambda") return findClass(ctx, mod, e.body, owner);
  if (e.k === "str") {
    const parts = e.v.trim().split(".");
    const name = parts.pop()!;
    const candidates = sameRegistry(ctx, ctx.registry.classesByName.get(name) ?? [], owner);
    if (candidates.length <= 1 || parts.length === 0) return candidates[0] ?? null;
    return candidates.find((c) => c.mod.module === parts.join(".")) ?? candidates[0];
  }
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "class") return { cls: r.cls, mod: r.mod };
    const name = e.k === "name" ? e.id : e.attr;
    return sameRegistry(ctx, ctx.registry.classesByName.get(name) ?? [], owner)[0] ?? null;
  }
  return null;
}

/** The candidates mapped in the owner's registry (by MetaData) first; all of them when none is. */
function sameRegistry(ctx: ExtractContext, candidates: ClassRef[], owner: Table | undefined): ClassRef[] {
  if (!owner || candidates.length <= 1) return candidates;
  const md = owner.metadata ?? null;
  const own = candidates.filter((c) => (ctx.registry.modelTable.get(c.cls)?.metadata ?? null) === md);
  return own.length ? [...own, ...candidates.filter((c) => !own.includes(c))] : candidates;
}

/** `secondary=user_roles` (a Table variable), "user_roles", or `lambda: user_roles`. */
function secondaryName(ctx: ExtractContext, mod: PyModule, e: Expr): string {
  if (e.k === "str") return e.v;
  if (e.k === "lambda") return secondaryName(ctx, mod, e.body);
  const r = e.k === "name" || e.k === "attr" ? ctx.project.resolve(mod, e) : null;
  if (r && r.k === "assign") {
    const t = ctx.registry.varTable.get(r.assign);
    if (t) return qualifiedName(t);
  }
  if (r && r.k === "class") {
    const t = ctx.registry.modelTable.get(r.cls);
    if (t) return qualifiedName(t);
  }
  if (r && r.k === "member" && r.name === "__table__") {
    const t = ctx.registry.modelTable.get(r.cls);
    if (t) return qualifiedName(t);
  }
  return e.text;
}

/** The text of a primaryjoin: a string, a lambda's body, or what a join-condition function returns. */
function joinText(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): string | null {
  if (!e) return null;
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "func") return r.fn.returns?.text ?? null;
  }
  return str(e) ?? e.text;
}
