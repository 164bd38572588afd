import { type Column, type ForeignKey, type IdentityOptions, identityOf } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import type { ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { annotationType, readSaType, unwrapOptional } from "./sa-types.js";
import { unresolvedType } from "../types.js";
import { substitute } from "../helpers.js";
import { defaultText, enumOfMember, evalConst, serverDefaultText } from "../consts.js";
import { nextValueCall, sequenceNextval } from "./sequences.js";

/** A column read from `Column(...)`/`mapped_column(...)`, with its column-level foreign keys. */
export interface ColumnDraft {
  column: Column;
  foreignKeys: ForeignKey[];
}

/** The SQLAlchemy construct a call builds, by the callee's name, or null for a project helper. */
export function saCallKind(ctx: ExtractContext, mod: PyModule, e: Expr): string | null {
  if (e.k !== "call") return null;
  const r = ctx.project.resolve(mod, e.fn);
  return r.k === "external" ? tail(r.qual) : null;
}

const COLUMN_CALLS = new Set(["Column", "mapped_column"]);
/** The ORM wrappers whose first argument is the attribute's own column. */
const WRAPPED_COLUMN = new Set(["column_property", "deferred"]);
const NOT_TYPES = new Set([
  "ForeignKey",
  "Sequence",
  "Identity",
  "Computed",
  "FetchedValue",
  "DefaultClause",
  "CheckConstraint",
]);

/**
 * Reads `Column(...)`/`mapped_column(...)`, or a project helper that returns one (`IDColumn()`:
 * the helper's `return sa.Column(...)` with the call's arguments substituted). Returns null when
 * the expression does not build a column.
 */
export function readSaColumn(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr,
  attr: string | null,
  table: string,
  annotation?: Expr,
  depth = 0,
): ColumnDraft | null {
  if (e.k !== "call") return null;
  const r = ctx.project.resolve(mod, e.fn);
  if (r.k === "func" && r.fn.returns && depth < 3) {
    const inlined = substitute(r.fn, e);
    if (inlined) {
      const d = readSaColumn(ctx, r.mod, inlined, attr, table, annotation, depth + 1);
      if (d) {
        // Report the call site (`IDColumn()` in the model), not the helper's body.
        d.column.source = ctx.loc(mod, e.line);
        for (const fk of d.foreignKeys) fk.source = ctx.loc(mod, e.line);
        return d;
      }
    }
    return opaqueColumn(ctx, mod, e, attr);
  }
  // `column_property(Column(...), Parent.col)` and `deferred(Column(...))`: the Column is the mapped
  // table's own. A column_property over an expression (`column_property(local_date(start))`) is a
  // SELECT-time value, not a column of the table.
  if (r.k === "external" && WRAPPED_COLUMN.has(tail(r.qual)!) && e.args[0]?.k === "call" && depth < 3) {
    if (!COLUMN_CALLS.has(saCallKind(ctx, mod, e.args[0]) ?? "")) return null;
    return readSaColumn(ctx, mod, e.args[0], attr, table, undefined, depth + 1);
  }
  if (r.k !== "external" || !COLUMN_CALLS.has(tail(r.qual)!)) return null;
  return columnCall(ctx, mod, e, attr, table, annotation, tail(r.qual) === "mapped_column");
}

/** A helper we cannot see through: the column is kept, its type as written and marked unresolved. */
export function opaqueColumn(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr & { k: "call" },
  attr: string | null,
): ColumnDraft {
  const name = str(e.args[0]) ?? attr ?? "?";
  return {
    column: {
      name,
      attribute: attr && attr !== name ? attr : null,
      type: unresolvedType(e.text),
      nullable: true,
      primaryKey: false,
      unique: false,
      index: false,
      source: ctx.loc(mod, e.line),
      unknown: ["type", "nullable", "primaryKey", "unique", "index", "default", "computed", "identity"],
    },
    foreignKeys: [],
  };
}

function columnCall(
  ctx: ExtractContext,
  site0: PyModule,
  e0: Expr & { k: "call" },
  attr: string | null,
  table: string,
  annotation: Expr | undefined,
  mapped: boolean,
): ColumnDraft {
  // `id: Mapped[intpk]` with `intpk = Annotated[int, mapped_column(primary_key=True)]`: the alias
  // gives the type and default arguments; the attribute's own mapped_column() overrides them.
  let ann = annotation ? unwrapMapped(annotation) : null;
  let e = e0;
  let mod = site0;
  const alias = mapped && ann ? annotatedAlias(ctx, site0, ann.inner) : null;
  if (alias && ann) {
    ann = { inner: alias.type, optional: ann.optional || alias.optional };
    if (alias.column && e0.args.length === 0) {
      e = { ...e0, args: alias.column.args, kw: { ...alias.column.kw, ...e0.kw } };
      mod = alias.mod;
    } else if (alias.column) e = { ...e0, kw: { ...alias.column.kw, ...e0.kw } };
  }
  const args = [...e.args];
  const name = str(e.kw.name) ?? (args[0]?.k === "str" ? (args.shift() as Expr & { k: "str" }).v : null) ?? attr ?? "?";
  const fkExprs: Expr[] = [];
  let typeExpr: Expr | undefined = e.kw.type_;
  let computed: Column["computed"] = null;
  let identityCallRead: ReturnType<typeof identityCall> = null;
  let computedUnread = false;
  let identityUnread = false;
  let sequence: string | null = null;
  for (const a of args) {
    // `Column(BigInteger, shared_seq)`: the default is the sequence's next value.
    const nextval = sequenceNextval(ctx, mod, a);
    if (nextval) {
      sequence = nextval;
      continue;
    }
    const kind = saCallKind(ctx, mod, a);
    if (kind === "ForeignKey") fkExprs.push(a);
    else if (kind === "Computed" && a.k === "call") {
      computed = computedOf(a);
      // `Computed(text(...))`, `Computed(price * qty)`: generated, by an expression not read here.
      computedUnread = computed === null;
    } else if (kind === "Identity" && a.k === "call") {
      identityCallRead = identityCall(a);
      // `Identity(start=FIRST_ID)`: an identity, with options not read here.
      identityUnread = identityCallRead === null;
    } else if (kind && NOT_TYPES.has(kind)) continue;
    else if (literal(a) === null)
      continue; // `Column(None, ForeignKey(...))`: the type comes from the target
    else if (!typeExpr) typeExpr = a;
  }
  const site = { table, column: name };
  let type = typeExpr ? readSaType(ctx, mod, typeExpr, site) : null;
  if (!type && ann)
    type = annotationType(ctx, alias ? alias.mod : site0, ann.inner, site) ?? unresolvedType(ann.inner.text);
  if (!type && fkExprs.length > 0) type = { written: "", normalized: "unknown", unresolved: true }; // filled from the target later
  type ??= unresolvedType("");
  const identity = identityCallRead
    ? identityOf(identityCallRead.always, identityCallRead.options, type.normalized)
    : null;
  const pk = literal(e.kw.primary_key) === true;
  const unknown: string[] = [...(computedUnread ? ["computed"] : []), ...(identityUnread ? ["identity"] : [])];
  const nullableKw = e.kw.nullable;
  let nullable = !pk;
  if (nullableKw) {
    const v = literal(nullableKw);
    if (typeof v === "boolean") nullable = v;
    else unknown.push("nullable");
  } else if (mapped && ann) nullable = pk ? false : ann.optional;
  // SQLAlchemy makes an Identity() column NOT NULL unless nullable= says otherwise.
  else if (identity) nullable = false;
  const column: Column = {
    name,
    attribute: attr && attr !== name ? attr : null,
    type,
    nullable,
    default:
      sequence ??
      (e.kw.default && isSqlConstruct(e.kw.default) ? sqlText(e.kw.default) : defaultText(ctx, mod, e.kw.default)),
    serverDefault:
      nextValueCall(ctx, mod, e.kw.server_default) ?? serverDefaultText(ctx, mod, e.kw.server_default, sqlText),
    primaryKey: pk,
    unique: literal(e.kw.unique) === true,
    index: literal(e.kw.index) === true,
    autoincrement: autoincrement(e.kw.autoincrement),
    comment: str(e.kw.comment),
    source: ctx.loc(site0, e0.line),
  };
  if (computed) column.computed = computed;
  if (identity) column.identity = identity;
  if (e.kw.onupdate)
    column.onUpdate = isSqlConstruct(e.kw.onupdate) ? sqlText(e.kw.onupdate) : defaultText(ctx, mod, e.kw.onupdate);
  if (e.kw.server_onupdate) column.serverOnUpdate = serverDefaultText(ctx, mod, e.kw.server_onupdate, sqlText);
  const fromEnum =
    type.normalized === "string" || type.normalized === "text"
      ? enumOfMember(ctx, mod, e.kw.default ?? e.kw.server_default)
      : null;
  if (fromEnum && !type.enum) column.valuesOf = ctx.addEnumClass(fromEnum, undefined, null);
  const doc = str(e.kw.doc);
  if (doc !== null) column.description = doc;
  if (unknown.length) column.unknown = unknown;
  const foreignKeys = fkExprs.map((f) => readForeignKey(ctx, mod, f as Expr & { k: "call" }, [name]));
  return { column, foreignKeys };
}

function autoincrement(e: Expr | undefined): boolean | "auto" {
  const v = literal(e);
  return typeof v === "boolean" ? v : "auto";
}

/** `Mapped[Optional[int]]` → {inner: int, optional: true}; other annotations are read as is. */
export function unwrapMapped(e: Expr): { inner: Expr; optional: boolean } {
  const m =
    e.k === "sub" && /(^|\.)(Mapped|WriteOnlyMapped|DynamicMapped)$/.test(e.obj.text) && e.index.length === 1
      ? e.index[0]
      : e;
  const inner = m.k === "str" ? m : m;
  return unwrapOptional(inner);
}

/** SQL functions SQLAlchemy renders as keywords, without parentheses (`func.current_timestamp()` → CURRENT_TIMESTAMP). */
const ANSI_FUNCTIONS = new Set([
  "current_date",
  "current_time",
  "current_timestamp",
  "current_user",
  "localtime",
  "localtimestamp",
  "session_user",
  "user",
]);

/** `sa.null()`, `sa.true()`, `func.now()`, `text("...")`: SQL sent as is, whatever side the default is on. */
function isSqlConstruct(e: Expr): boolean {
  if (e.k !== "call") return false;
  const fn = e.fn.k === "attr" ? e.fn.attr : e.fn.k === "name" ? e.fn.id : "";
  return /^(null|true|false|text|literal_column)$/.test(fn) || /(^|\.)func\./.test(e.fn.text);
}

/**
 * The SQL text of a server default as SQLAlchemy renders it: "0" for "0", `text("now()")` →
 * now(), `func.now()` → now(), `false()` → false, `null()` → NULL. Anything else as written.
 */
export function sqlText(e: Expr): string {
  if (e.k === "str") return e.v;
  // `func.now() + text("interval '90 days'")`: SQL arithmetic, rendered side by side.
  if (e.k === "binop" && (e.op === "+" || e.op === "-") && isSqlConstruct(e.left) && isSqlConstruct(e.right))
    return `${sqlText(e.left)} ${e.op} ${sqlText(e.right)}`;
  if (e.k === "call") {
    const fn = e.fn.k === "attr" ? e.fn.attr : e.fn.k === "name" ? e.fn.id : "";
    if ((fn === "text" || fn === "literal_column") && e.args[0]?.k === "str") return e.args[0].v;
    if (fn === "false" || fn === "true") return fn;
    if (fn === "null") return "NULL";
    if (/(^|\.)func\./.test(e.fn.text) && ANSI_FUNCTIONS.has(fn.toLowerCase()) && e.args.length === 0)
      return fn.toUpperCase();
    if (/(^|\.)func\./.test(e.fn.text) || e.fn.text.startsWith("func.")) {
      return `${fn}(${e.args.map((a) => (a.k === "str" ? `'${a.v}'` : a.text)).join(", ")})`;
    }
  }
  return e.text;
}

/** `ForeignKey("users.id", ondelete="CASCADE")`; `ForeignKey(User.id)` is resolved after all tables are read. */
export function readForeignKey(
  ctx: ExtractContext,
  mod: PyModule,
  f: Expr & { k: "call" },
  columns: string[],
): ForeignKey {
  const fk: ForeignKey = {
    name: str(f.kw.name),
    columns,
    refTable: "?",
    refColumns: ["?"],
    onDelete: str(f.kw.ondelete),
    onUpdate: str(f.kw.onupdate),
    source: ctx.loc(mod, f.line),
  };
  const target = f.args[0] ?? f.kw.column;
  if (target) setFkTarget(ctx, mod, fk, [target], 0);
  return fk;
}

/** A string literal or a constant bound to one (`USER_ID = "user.id"`, then `ForeignKey(USER_ID)`). */
function constStr(ctx: ExtractContext, mod: PyModule, e: Expr): string | null {
  if (e.k !== "str" && e.k !== "name") return str(e);
  const v = evalConst(ctx, mod, e);
  return typeof v === "string" ? v : null;
}

/** Fills refTable/refColumns from "table.col" strings or `Model.attr` / `table.c.col` expressions. */
export function setFkTarget(ctx: ExtractContext, mod: PyModule, fk: ForeignKey, targets: Expr[], _i: number): void {
  const strs = targets.map((t) => constStr(ctx, mod, t));
  if (strs.every((s) => s !== null)) {
    const parts = (strs as string[]).map((s) => s.split("."));
    fk.refTable = parts[0].slice(0, -1).join(".");
    fk.refColumns = parts.map((p) => p[p.length - 1]);
    return;
  }
  fk.refColumns = targets.map(() => "?");
  ctx.registry.deferred.push(() => {
    targets.forEach((t, i) => {
      const ref = columnRef(ctx, mod, t);
      if (!ref) return;
      fk.refTable = ref.table;
      fk.refColumns[i] = ref.column;
    });
    if (fk.refTable === "?")
      ctx.note(`foreign key target not resolved: ${targets.map((t) => t.text).join(", ")}`, mod, fk.source?.line);
  });
}

/** `User.id` → users.id; `users_table.c.id` → users.id; "users.id" → users.id. Call after all tables are read. */
export function columnRef(ctx: ExtractContext, mod: PyModule, e: Expr): { table: string; column: string } | null {
  const s = constStr(ctx, mod, e);
  if (s !== null) {
    const p = s.split(".");
    return p.length >= 2 ? { table: p.slice(0, -1).join("."), column: p[p.length - 1] } : null;
  }
  if (e.k !== "attr") return null;
  const owner = e.obj.k === "attr" && e.obj.attr === "c" ? e.obj.obj : e.obj;
  const r = ctx.project.resolve(mod, owner);
  const table =
    r.k === "class"
      ? ctx.registry.modelTable.get(r.cls)
      : r.k === "assign"
        ? ctx.registry.varTable.get(r.assign)
        : undefined;
  if (!table) return null;
  const col =
    table.columns.find((c) => (c.attribute ?? c.name) === e.attr) ?? table.columns.find((c) => c.name === e.attr);
  return { table: qualifiedName(table), column: col ? col.name : e.attr };
}

export function qualifiedName(t: { name: string; schema?: string | null }): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

/** `Annotated[int, mapped_column(...)]`, directly or through a module-level alias. */
function annotatedAlias(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr,
  depth = 0,
): { type: Expr; optional: boolean; column: (Expr & { k: "call" }) | null; mod: PyModule } | null {
  if (e.k === "sub" && /(^|\.)Annotated$/.test(e.obj.text) && e.index.length >= 1) {
    const { inner, optional } = unwrapOptional(e.index[0]);
    const column = e.index.slice(1).find((x) => x.k === "call" && saCallKind(ctx, mod, x) === "mapped_column") as
      | (Expr & { k: "call" })
      | undefined;
    return { type: inner, optional, column: column ?? null, mod };
  }
  if ((e.k === "name" || e.k === "attr") && depth < 3) {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "assign" && r.assign.value) return annotatedAlias(ctx, r.mod, r.assign.value, depth + 1);
  }
  return null;
}

/** `Computed("price * qty", persisted=True)`: the expression as written, and whether it is stored. */
function computedOf(call: Expr & { k: "call" }): Column["computed"] {
  const sqltext = call.args[0] ?? call.kw.sqltext;
  const expression = sqltext && sqltext.k === "str" ? sqltext.v : null;
  if (expression === null) return null;
  const persisted = call.kw.persisted ? literal(call.kw.persisted) : null;
  return { expression, persisted: typeof persisted === "boolean" ? persisted : null };
}

/**
 * `Identity(always=True, start=100, increment=5, maxvalue=999, cycle=True)` (positionally: always,
 * on_null, start, increment, minvalue, maxvalue, nominvalue, nomaxvalue, cycle, cache). Null when
 * an argument is not a literal, since a guess would pass for the model's. The defaults it leaves
 * out depend on the column's type, read after it (`identityOf`).
 */
function identityCall(call: Expr & { k: "call" }): { always: boolean; options: IdentityOptions } | null {
  const [alwaysArg, , startArg, incrementArg, minArg, maxArg, noMinArg, noMaxArg, cycleArg, cacheArg] = call.args;
  const flag = (e: Expr | undefined) => {
    const v = e ? literal(e) : null;
    return v === null || typeof v === "boolean" ? v : undefined;
  };
  const always = flag(call.kw.always ?? alwaysArg);
  const cycle = flag(call.kw.cycle ?? cycleArg);
  // NO MINVALUE / NO MAXVALUE: the type's default bound, as if none were given.
  const noMin = flag(call.kw.nominvalue ?? noMinArg);
  const noMax = flag(call.kw.nomaxvalue ?? noMaxArg);
  const options: IdentityOptions = {
    start: integerOf(call.kw.start ?? startArg),
    increment: integerOf(call.kw.increment ?? incrementArg),
    minvalue: noMin ? null : integerOf(call.kw.minvalue ?? minArg),
    maxvalue: noMax ? null : integerOf(call.kw.maxvalue ?? maxArg),
    cycle,
    cache: integerOf(call.kw.cache ?? cacheArg),
  };
  if ([always, cycle, noMin, noMax, ...Object.values(options)].includes(undefined)) return null;
  // Without START, PostgreSQL starts an ascending sequence at its MINVALUE and a descending one at its MAXVALUE.
  const descending = Number(options.increment ?? 1) < 0;
  options.start ??= descending ? options.maxvalue : options.minvalue;
  return { always: always === true, options };
}

/**
 * An integer literal exactly (its text, not the double a bigint bound rounds to); null for an
 * absent argument or None, undefined for anything else.
 */
function integerOf(e: Expr | undefined): bigint | null | undefined {
  if (!e || (e.k === "const" && e.v === null)) return null;
  if (e.k !== "num" || !Number.isInteger(e.v)) return undefined;
  const text = e.text.replace(/[_\s]/g, "");
  const negative = text.startsWith("-");
  try {
    return BigInt(negative ? text.slice(1) : text) * (negative ? -1n : 1n);
  } catch {
    return undefined; // `1.0`, `1e3`: a float, which SQLAlchemy's DDL would not write as given
  }
}
