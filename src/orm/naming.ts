import type { Table } from "../schema/model.js";
import { str, type Expr } from "./expr.js";
import type { ClassRef, ExtractContext } from "./context.js";
import type { PyModule } from "./pymodule.js";
import { tail } from "./project.js";

/** A MetaData naming convention: constraint kind (ix, uq, ck, fk, pk) → template. */
export type Convention = Record<string, string>;

/**
 * Finds the naming convention behind a metadata expression: `metadata`, `Base.metadata`,
 * `mapper_registry.metadata`, `registry(metadata=...)`, `declarative_base(metadata=...)`,
 * `MetaData(naming_convention={...})`. Null when there is none (or it cannot be read).
 */
export function conventionOf(ctx: ExtractContext, mod: PyModule, e: Expr | undefined, depth = 0): Convention | null {
  if (!e || depth > 6) return null;
  if (e.k === "call") {
    const fn = e.fn.k === "attr" ? e.fn.attr : e.fn.k === "name" ? e.fn.id : "";
    if (fn === "MetaData") return readConvention(ctx, mod, e.kw.naming_convention);
    if (fn === "generate_base" && e.fn.k === "attr") return conventionOf(ctx, mod, e.fn.obj, depth + 1);
    if (e.kw.metadata) return conventionOf(ctx, mod, e.kw.metadata, depth + 1);
    return null;
  }
  if (e.k === "attr" && e.attr === "metadata") return conventionOf(ctx, mod, e.obj, depth + 1);
  if (e.k !== "name" && e.k !== "attr") return null;
  const r = ctx.project.resolve(mod, e);
  if (r.k === "assign") return conventionOf(ctx, r.mod, r.assign.value, depth + 1);
  if (r.k === "class") return classConvention(ctx, { cls: r.cls, mod: r.mod }, depth + 1);
  return null;
}

/** The convention of a declarative class: its base's metadata, or a `metadata = MetaData(...)` attribute. */
export function classConvention(ctx: ExtractContext, ref: ClassRef, depth = 0): Convention | null {
  const anc = ctx.ancestors(ref);
  for (const c of anc.classes) {
    const m = c.cls.body.find((s) => s.kind === "assign" && s.targets.includes("metadata"));
    if (m && m.kind === "assign") return conventionOf(ctx, c.mod, m.value, depth + 1);
  }
  for (const a of anc.assigns) if (a.k === "assign") return conventionOf(ctx, a.mod, a.assign.value, depth + 1);
  return null;
}

function readConvention(ctx: ExtractContext, mod: PyModule, e: Expr | undefined): Convention | null {
  if (!e) return null;
  if (e.k === "name" || e.k === "attr") {
    const r = ctx.project.resolve(mod, e);
    return r.k === "assign" ? readConvention(ctx, r.mod, r.assign.value) : null;
  }
  if (e.k !== "dict") return null;
  const out: Convention = {};
  for (const [k, v] of e.entries) {
    const key = str(k) ?? (k.k === "name" || k.k === "attr" ? tail(k.text) : null);
    const val = str(v);
    if (key && val !== null) out[KINDS[key] ?? key] = val;
  }
  return out;
}

/** Convention keys may be the constraint classes themselves. */
const KINDS: Record<string, string> = {
  Index: "ix",
  UniqueConstraint: "uq",
  CheckConstraint: "ck",
  ForeignKeyConstraint: "fk",
  PrimaryKeyConstraint: "pk",
};

/** Names unnamed constraints (and renames `%(constraint_name)s` ones) the way SQLAlchemy does. */
export function applyConvention(t: Table, conv: Convention): void {
  const render = (
    kind: string,
    name: string | null | undefined,
    cols: string[],
    ref?: { table: string; columns: string[] },
  ): string | null => {
    const tpl = conv[kind];
    if (!tpl) return name ?? null;
    if (tpl.includes("%(constraint_name)s")) {
      if (!name) return null;
    } else if (name) return name;
    return fill(tpl, t.name, name ?? "", cols, ref);
  };
  for (const u of t.uniqueConstraints) u.name = render("uq", u.name, u.columns);
  for (const c of t.checkConstraints) c.name = render("ck", c.name, []);
  for (const f of t.foreignKeys)
    f.name = render("fk", f.name, f.columns, { table: f.refTable.split(".").pop()!, columns: f.refColumns });
  for (const i of t.indexes) i.name = render("ix", i.name, i.columns);
}

function fill(
  tpl: string,
  table: string,
  constraint: string,
  cols: string[],
  ref?: { table: string; columns: string[] },
): string {
  return tpl.replace(/%\((\w+)\)s/g, (_m, token: string) => {
    if (token === "table_name") return table;
    if (token === "constraint_name") return constraint;
    if (token === "referred_table_name") return ref?.table ?? "";
    const m = /^(referred_)?column_0(_?N)?_(name|key|label)$/.exec(token);
    if (!m) return `%(${token})s`;
    const list = m[1] ? (ref?.columns ?? []) : cols;
    const one = (c: string) => (m[3] === "label" ? `${m[1] ? ref?.table : table}_${c}` : c);
    if (!m[2]) return one(list[0] ?? "");
    return list.map(one).join(m[2] === "_N" ? "_" : "");
  });
}
