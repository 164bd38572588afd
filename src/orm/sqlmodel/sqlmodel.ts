import type { Column, ColumnType, Table } from "../../schema/model.js";
import { literal, num, str, type Expr } from "../expr.js";
import { classAttributes, evalTableName } from "../attributes.js";
import type { ClassRef, ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { deferRelationship } from "../sqlalchemy/relationships.js";
import { readSaColumn, setFkTarget } from "../sqlalchemy/sa-columns.js";
import { readTableArgs } from "../sqlalchemy/sqlalchemy.js";
import { annotationType, readSaType, unwrapOptional } from "../sqlalchemy/sa-types.js";
import { addColumn, newTable } from "../sqlalchemy/tables.js";
import { saType, unresolvedType } from "../types.js";
import { classConvention } from "../naming.js";

/**
 * SQLModel (`class Hero(SQLModel, table=True)`): fields from annotations mapped the way SQLModel
 * 0.0.x maps them (str → AutoString, uuid.UUID → GUID, Enum → Enum(cls)), `Field(primary_key,
 * foreign_key, index, unique, nullable, sa_column, sa_column_kwargs)`, `Relationship(...)`.
 * Fields of non-table SQLModel bases are inherited, as pydantic does.
 */
export function extractSqlModel(ctx: ExtractContext, ref: ClassRef): void {
  const anc = ctx.ancestors(ref).classes;
  const attrs = classAttributes(anc);
  const tn = attrs.find((a) => a.name === "__tablename__");
  const name = (tn && evalTableName(tn.value, ref.cls.name)) ?? ref.cls.name.toLowerCase();
  const table = newTable(ctx, {
    name,
    schema: null,
    framework: "sqlmodel",
    mod: ref.mod,
    line: ref.cls.line,
    model: ref.cls.name,
  });
  const conv = classConvention(ctx, ref);
  if (conv) ctx.registry.conventions.set(table, conv);
  ctx.tables.push(table);
  ctx.registerModel(ref, table);
  // pydantic orders fields base-first.
  const ordered = [...attrs].sort(
    (a, b) => anc.findIndex((c) => c.cls === b.owner.cls) - anc.findIndex((c) => c.cls === a.owner.cls),
  );
  for (const a of ordered) {
    if (a.name.startsWith("_") || a.declared || !a.annotation || /(^|\.)ClassVar\b/.test(a.annotation.text)) continue;
    const v = a.value;
    if (v?.k === "call" && tail(callee(ctx, a.owner.mod, v)) === "Relationship") {
      deferRelationship(ctx, {
        table,
        owner: ref,
        name: a.name,
        mod: a.owner.mod,
        call: relationshipCall(v),
        annotation: listAnnotation(a.annotation),
      });
      continue;
    }
    field(ctx, a.owner.mod, table, a.name, a.annotation, v);
  }
  // UniqueConstraint, Index, CheckConstraint, ForeignKeyConstraint and the options dict, as in SQLAlchemy.
  const args = attrs.find((a) => a.name === "__table_args__");
  if (args?.value) readTableArgs(ctx, args.owner.mod, args.value, table);
}

function callee(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }): string | null {
  const r = ctx.project.resolve(mod, call.fn);
  return r.k === "external" ? r.qual : null;
}

/** `Relationship(back_populates=, link_model=, sa_relationship_kwargs={...})` as a relationship() call. */
function relationshipCall(v: Expr & { k: "call" }): Expr & { k: "call" } {
  const kw: Record<string, Expr> = { ...v.kw };
  if (kw.link_model) kw.secondary = kw.link_model;
  const extra = kw.sa_relationship_kwargs;
  if (extra?.k === "dict") for (const [k, x] of extra.entries) if (k.k === "str") kw[k.v] = x;
  return { ...v, kw };
}

function listAnnotation(e: Expr): { target: Expr; list: boolean } {
  const inner = unwrapOptional(e).inner;
  if (inner.k === "sub" && /(^|\.)(List|list)$/.test(inner.obj.text) && inner.index[0])
    return { target: inner.index[0], list: true };
  return { target: inner, list: false };
}

function field(
  ctx: ExtractContext,
  mod: PyModule,
  table: Table,
  name: string,
  annotation: Expr,
  v: Expr | undefined,
): void {
  const f = v?.k === "call" && tail(callee(ctx, mod, v)) === "Field" ? v : null;
  if (f?.kw.sa_column) {
    const d = readSaColumn(ctx, mod, f.kw.sa_column, name, table.name);
    if (d) addColumn(table, d);
    return;
  }
  const { inner, optional } = unwrapOptional(annotation);
  const site = { table: table.name, column: name };
  // SQLModel >= 0.0.14: Field(sa_type=JSONB) names the column type directly.
  let type =
    (f?.kw.sa_type ? readSaType(ctx, mod, f.kw.sa_type, site) : null) ??
    mixinEnumType(ctx, mod, inner) ??
    annotationType(ctx, mod, inner, site) ??
    unresolvedType(inner.text);
  if (!f?.kw.sa_type && (type.normalized === "string" || type.normalized === "numeric")) {
    const len = literal(f?.kw.max_length);
    if (type.normalized === "string") type = { ...type, length: typeof len === "number" ? len : null };
    else type = { ...type, precision: num(f?.kw.max_digits), scale: num(f?.kw.decimal_places) };
  }
  const kw = f?.kw ?? {};
  const pk = literal(kw.primary_key) === true;
  const def = f
    ? (kw.default ?? (f.args[0] && f.args[0].text !== "..." ? f.args[0] : undefined) ?? kw.default_factory)
    : v;
  const required = !def && !optional;
  let nullable = !pk && optional && !required;
  const explicit = literal(kw.nullable);
  if (typeof explicit === "boolean") nullable = explicit;
  const extra = kw.sa_column_kwargs?.k === "dict" ? kw.sa_column_kwargs.entries : [];
  // `sa_column_kwargs={"name": "async"}`: the database column is named apart from the attribute.
  const named = extra.find(([k]) => str(k) === "name");
  const column = (named && str(named[1])) || name;
  const col: Column = {
    name: column,
    attribute: column !== name ? name : null,
    type,
    nullable,
    default: def && !(def.k === "const" && def.v === null) ? def.text : null,
    serverDefault: null,
    primaryKey: pk,
    unique: literal(kw.unique) === true,
    index: literal(kw.index) === true,
    autoincrement: "auto",
    comment: null,
    source: ctx.loc(mod, (v ?? annotation).line),
  };
  for (const [k, x] of extra) {
    const key = str(k);
    if (key === "server_default") col.serverDefault = str(x) ?? x.text;
    if (key === "comment") col.comment = str(x);
  }
  const fks = [];
  const fkTarget = kw.foreign_key;
  if (fkTarget) {
    const fk = {
      name: null,
      columns: [column],
      refTable: "?",
      refColumns: ["?"],
      onDelete: null,
      onUpdate: null,
      source: ctx.loc(mod, fkTarget.line),
    };
    setFkTarget(ctx, mod, fk, [fkTarget], 0);
    fks.push(fk);
  }
  addColumn(table, { column: col, foreignKeys: fks });
}

/**
 * SQLModel tests `issubclass(type, str)` before `Enum`: a `class Kind(str, Enum)` column is an
 * AutoString, an IntEnum an Integer; only plain Enums become `Enum(cls)`.
 */
function mixinEnumType(ctx: ExtractContext, mod: PyModule, e: Expr): ColumnType | null {
  if (e.k !== "name" && e.k !== "attr") return null;
  const r = ctx.project.resolve(mod, e);
  if (r.k !== "class") return null;
  const anc = ctx.ancestors({ cls: r.cls, mod: r.mod });
  const bases = anc.classes.flatMap((c) => c.cls.bases.map((b) => b.text));
  if (bases.includes("str") || anc.externals.some((q) => /(StrEnum)$/.test(q)))
    return saType("AutoString", e.text, { length: null });
  if (bases.includes("int") || anc.externals.some((q) => /(IntEnum|IntFlag)$/.test(q)))
    return saType("Integer", e.text);
  return null;
}
