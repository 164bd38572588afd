import type { Framework, Table } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import { classAttributes, camelToSnake, evalTableName, type ClassAttr } from "../attributes.js";
import { frameworkOf, isDeclarativeRoot, ownAbstract } from "../classify.js";
import type { ClassRef, ExtractContext } from "../context.js";
import type { PyAssign, PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { deferRelationship } from "./relationships.js";
import { readSaColumn, saCallKind, unwrapMapped, type ColumnDraft } from "./sa-columns.js";
import { readTableItem } from "./sa-constraints.js";
import { addColumn, newTable } from "./tables.js";
import { classConvention, conventionOf } from "../naming.js";
import { evalConst } from "../consts.js";

/**
 * SQLAlchemy 1.4/2.0 (and Flask-SQLAlchemy): imperative `Table(...)`, declarative classes with
 * `Column`/`mapped_column`, mixins, abstract bases, `declared_attr`, single and joined table
 * inheritance, `__table__ =`, `map_imperatively`.
 */

/** Pass 1: module-level `x = Table("name", metadata, Column(...), ...)`. */
export function extractTables(ctx: ExtractContext, mod: PyModule): void {
  for (const s of mod.statements) {
    // A bare `Table("x", md, ..., extend_existing=True)` statement changes the table x too.
    const call = s.kind === "assign" ? s.value : s.kind === "call" ? s.call : undefined;
    if (call?.k !== "call") continue;
    const r = ctx.project.resolve(mod, call.fn);
    if (r.k !== "external" || tail(r.qual) !== "Table") continue;
    const fw: Framework = r.qual.includes("SQLAlchemy()") ? "flask-sqlalchemy" : "sqlalchemy";
    const t = readTableCall(ctx, mod, call, fw);
    if (t && s.kind === "assign") ctx.registry.varTable.set(s, t);
  }
}

function readTableCall(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }, fw: Framework): Table | null {
  const name = str(call.args[0]);
  if (name === null) {
    ctx.note(`Table name is not a literal: ${call.text.slice(0, 60)}`, mod, call.line);
    return null;
  }
  const table = newTable(ctx, { name, schema: str(call.kw.schema), framework: fw, mod, line: call.line });
  table.comment = str(call.kw.comment);
  const md = call.args[1] ? metadataName(ctx, mod, call.args[1]) : null;
  if (md) table.metadata = md;
  const conv = conventionOf(ctx, mod, call.args[1]);
  if (conv) ctx.registry.conventions.set(table, conv);
  const items: Expr[] = [];
  for (const a of call.args.slice(1)) {
    const col = readSaColumn(ctx, mod, a, null, name);
    if (col) addColumn(table, col);
    else items.push(a);
  }
  for (const a of items) readTableItem(ctx, mod, a, table);
  // `Table(name, md)` with nothing more is the existing table, as under keep_existing=True.
  const flag =
    literal(call.kw.extend_existing) === true
      ? "extend"
      : literal(call.kw.keep_existing) === true || call.args.length <= 2
        ? "keep"
        : null;
  if (flag) ctx.registry.redeclared.set(table, flag);
  if (call.kw.autoload_with || call.kw.autoload)
    ctx.note(
      `table ${name} is reflected from the database at runtime (autoload): its columns are not in the source`,
      mod,
      call.line,
    );
  ctx.tables.push(table);
  return table;
}

/**
 * The MetaData a `Table(name, <this>, ...)` is in, by the name it is defined under: a variable
 * (`metadata = MetaData()`), `Base.metadata` of a declarative base (then the base's name), a
 * registry's `.metadata` likewise. Null when it is not defined in the project (`db.metadata` of an
 * extension, `SQLModel.metadata`).
 */
function metadataName(ctx: ExtractContext, mod: PyModule, e: Expr): string | null {
  const target = e.k === "attr" && e.attr === "metadata" ? e.obj : e;
  if (target.k !== "name" && target.k !== "attr") return null;
  const r = ctx.project.resolve(mod, target);
  if (r.k === "assign")
    return assignedMetadata(ctx, r.assign, r.mod) ?? `${ctx.project.qualifiedName(r.mod)}.${r.name}`;
  if (r.k === "class") return `${ctx.project.qualifiedName(r.mod)}.${r.cls.name}`;
  return null;
}

/**
 * `declarative_base(metadata=md)` / `registry(metadata=md)` share md: named as md is; so does
 * `reg.generate_base()` of such a registry (Backend.AI's `Base = mapper_registry.generate_base()`).
 */
function assignedMetadata(ctx: ExtractContext, a: PyAssign, mod: PyModule): string | null {
  const v = a.value;
  if (v?.k !== "call") return null;
  if (v.kw.metadata) return metadataName(ctx, mod, v.kw.metadata);
  if (v.fn.k === "attr" && v.fn.attr === "generate_base") return metadataName(ctx, mod, v.fn.obj);
  return null;
}

/** The declarative base a mapped class derives from (`Base = declarative_base()`, `class Base(DeclarativeBase)`), by name. */
function baseName(ctx: ExtractContext, ref: ClassRef): string | null {
  const anc = ctx.ancestors(ref);
  const root = anc.classes.find((c) => isDeclarativeRoot(ctx, c));
  if (root) return rootMetadata(ctx, root) ?? `${ctx.project.qualifiedName(root.mod)}.${root.cls.name}`;
  const a = anc.assigns[0];
  if (a?.k === "assign")
    return assignedMetadata(ctx, a.assign, a.mod) ?? `${ctx.project.qualifiedName(a.mod)}.${a.name}`;
  // `@reg.mapped` / `@reg.mapped_as_dataclass`: the class is in that registry's MetaData.
  for (const c of anc.classes) {
    for (const d of c.cls.decorators) {
      const fn = d.k === "call" ? d.fn : d;
      if (fn.k === "attr" && (fn.attr === "mapped" || fn.attr === "mapped_as_dataclass"))
        return metadataName(ctx, c.mod, fn.obj);
    }
  }
  return null;
}

/**
 * A class-based base that names its MetaData: `@as_declarative(metadata=md)`, or a body line
 * `metadata = md` / `registry = registry(metadata=md)` (SQLAlchemy 2.0's DeclarativeBase); its
 * models share md with every other base or registry built on it.
 */
function rootMetadata(ctx: ExtractContext, root: ClassRef): string | null {
  for (const d of root.cls.decorators) {
    if (d.k === "call" && d.kw.metadata) return metadataName(ctx, root.mod, d.kw.metadata);
  }
  for (const s of root.cls.body) {
    if (s.kind !== "assign" || !s.value) continue;
    if (s.targets.includes("metadata") && s.value.k !== "call") return metadataName(ctx, root.mod, s.value);
    if (s.targets.includes("registry") && s.value.k === "call" && s.value.kw.metadata)
      return metadataName(ctx, root.mod, s.value.kw.metadata);
  }
  return null;
}

/** Whether a class maps to a table (or shares its parent's): derives from a base, not abstract, not the base. */
export function isMapped(ctx: ExtractContext, ref: ClassRef): boolean {
  const fw = frameworkOf(ctx, ref);
  if (!fw || fw === "django" || fw === "tortoise") return false;
  if (isDeclarativeRoot(ctx, ref) || ownAbstract(ref.cls)) return false;
  if (fw === "sqlmodel") return literal(ref.cls.keywords.table) === true;
  if (fw === "flask-sqlalchemy") return true;
  const attrs = classAttributes(sources(ctx, ref));
  if (attrs.some((a) => a.name === "__tablename__" || a.name === "__table__")) return true;
  return ctx
    .ancestors(ref)
    .classes.slice(1)
    .some((c) => isMapped(ctx, c));
}

/** The classes whose attributes a mapped class collects: itself and its mixins, minus what a mapped parent owns. */
function sources(ctx: ExtractContext, ref: ClassRef, parent?: ClassRef | null): ClassRef[] {
  const anc = ctx.ancestors(ref);
  const excluded = new Set(parent ? ctx.ancestors(parent).classes.map((c) => c.cls) : []);
  const extra: ClassRef[] = [];
  for (const a of anc.assigns) {
    // declarative_base(cls=Mixin): the mixin's attributes apply to every model.
    const v = a.k === "assign" ? a.assign.value : undefined;
    if (a.k === "assign" && v?.k === "call" && v.kw.cls) {
      const r = ctx.project.resolve(a.mod, v.kw.cls);
      if (r.k === "class") extra.push({ cls: r.cls, mod: r.mod });
    }
  }
  return [...anc.classes.filter((c) => !excluded.has(c.cls)), ...extra];
}

/** The nearest mapped ancestor (the parent in an inheritance hierarchy), if any. */
export function mappedParent(ctx: ExtractContext, ref: ClassRef): ClassRef | null {
  return (
    ctx
      .ancestors(ref)
      .classes.slice(1)
      .find((c) => isMapped(ctx, c)) ?? null
  );
}

/** Pass 2: one declarative class. Parents are extracted first; returns the class's table. */
export function extractDeclarative(
  ctx: ExtractContext,
  ref: ClassRef,
  fw: Framework,
  done: Map<object, Table | null>,
): Table | null {
  if (done.has(ref.cls)) return done.get(ref.cls)!;
  done.set(ref.cls, null);
  const parent = mappedParent(ctx, ref);
  const parentTable = parent ? extractDeclarative(ctx, parent, fw, done) : null;
  const attrs = classAttributes(sources(ctx, ref, parent));
  const own = (n: string) =>
    ref.cls.body.find((s) => s.kind === "assign" && s.targets.includes(n)) as PyAssign | undefined;
  let table: Table | null = null;
  const tableAttr = own("__table__");
  if (tableAttr?.value) {
    const r = ctx.project.resolve(ref.mod, tableAttr.value);
    table = r.k === "assign" ? (ctx.registry.varTable.get(r.assign) ?? null) : null;
    if (!table && tableAttr.value.k === "call") table = readTableCall(ctx, ref.mod, tableAttr.value, fw);
    if (table) {
      table.model = ref.cls.name;
      table.module = ref.mod.module;
    }
  }
  // Flask-SQLAlchemy makes no table for a subclass without a primary key of its own, even with a
  // __tablename__ (its __table_cls__ returns None): single-table inheritance.
  const single =
    !table && parentTable && (fw === "flask-sqlalchemy" ? !ownsPrimaryKey(ctx, ref, attrs) : !own("__tablename__"));
  if (single && parentTable) {
    table = parentTable;
    table.subclasses = [...(table.subclasses ?? []), ref.cls.name];
  }
  if (!table) {
    const name = tableName(ctx, ref, fw, attrs);
    table = newTable(ctx, { name, schema: null, framework: fw, mod: ref.mod, line: ref.cls.line, model: ref.cls.name });
    const md = fw === "sqlalchemy" ? baseName(ctx, ref) : null;
    if (md) table.metadata = md;
    const conv = classConvention(ctx, ref);
    if (conv) ctx.registry.conventions.set(table, conv);
    if (parent)
      table.inherits = { model: parent.cls.name, kind: mapperArg(attrs, "concrete") === true ? "concrete" : "joined" };
    ctx.tables.push(table);
  }
  done.set(ref.cls, table);
  ctx.registerModel(ref, table);
  // `__table__ = some_table`: the columns come from the Table, the class still declares relationships.
  readAttributes(ctx, ref, table, attrs, fw, !!tableAttr?.value);
  return table;
}

function readAttributes(
  ctx: ExtractContext,
  ref: ClassRef,
  table: Table,
  attrs: ClassAttr[],
  fw: Framework,
  relationshipsOnly: boolean,
): void {
  const fresh = table.columns.length === 0;
  for (const a of attrs) {
    if (a.name.startsWith("__") || (!a.value && !a.annotation)) continue;
    if (a.value?.k === "call" && isRelationship(ctx, a)) {
      const ann = a.annotation ? relationshipAnnotation(a.annotation) : undefined;
      deferRelationship(ctx, { table, owner: ref, name: a.name, mod: a.owner.mod, call: a.value, annotation: ann });
      continue;
    }
    if (relationshipsOnly) continue;
    let d: ColumnDraft | null = null;
    if (a.value) d = readSaColumn(ctx, a.owner.mod, a.value, a.name, table.name, a.annotation);
    else if (a.annotation && /(^|\.)Mapped$/.test(unwrapMappedHead(a.annotation)) && fw !== "sqlmodel") {
      d = readSaColumn(
        ctx,
        a.owner.mod,
        {
          k: "call",
          fn: { k: "name", id: "mapped_column", text: "mapped_column", line: a.line },
          args: [],
          kw: {},
          text: "",
          line: a.line,
        },
        a.name,
        table.name,
        a.annotation,
      );
    }
    if (!d) continue;
    if (!fresh && table.columns.some((c) => c.name === d!.column.name)) continue;
    addColumn(table, d);
  }
  if (relationshipsOnly) return;
  const args = attrs.find((a) => a.name === "__table_args__")?.value;
  if (args) readTableArgs(ctx, attrs.find((a) => a.name === "__table_args__")!.owner.mod, args, table);
}

function unwrapMappedHead(e: Expr): string {
  return e.k === "sub" ? e.obj.text : e.text;
}

function isRelationship(ctx: ExtractContext, a: ClassAttr): boolean {
  const kind = saCallKind(ctx, a.owner.mod, a.value!);
  return kind === "relationship" || kind === "relation" || kind === "Relationship";
}

function relationshipAnnotation(e: Expr): { target: Expr; list: boolean } {
  const inner = unwrapMapped(e).inner;
  if (inner.k === "sub" && /(^|\.)(List|list|Set|set|Sequence|Collection)$/.test(inner.obj.text) && inner.index[0]) {
    return { target: inner.index[0], list: true };
  }
  return { target: inner, list: false };
}

/** `__table_args__`: a tuple of constraints optionally ending with a dict, or a dict. */
export function readTableArgs(ctx: ExtractContext, mod: PyModule, e: Expr, table: Table): void {
  const list = e.k === "tuple" || e.k === "list" ? e.items : [e];
  for (const item of list) {
    if (item.k === "dict") {
      for (const [k, v] of item.entries) {
        if (str(k) === "schema") table.schema = str(v);
        if (str(k) === "comment") table.comment = str(v);
        if (str(k) === "extend_existing" && literal(v) === true) ctx.registry.redeclared.set(table, "extend");
        if (str(k) === "keep_existing" && literal(v) === true) ctx.registry.redeclared.set(table, "keep");
      }
    } else if (!readTableItem(ctx, mod, item, table)) {
      ctx.note(`__table_args__ item not read: ${item.text.slice(0, 60)}`, mod, item.line);
    }
  }
}

function tableName(ctx: ExtractContext, ref: ClassRef, fw: Framework, attrs: ClassAttr[]): string {
  const a = attrs.find((x) => x.name === "__tablename__");
  if (a) {
    const v = evalTableName(a.value, ref.cls.name);
    if (v !== null) return v;
    // `__tablename__ = CUSTOMER_TABLE`: a module constant, here or imported.
    const c = a.value && !a.declared ? evalConst(ctx, a.owner.mod, a.value) : undefined;
    if (typeof c === "string") return c;
    ctx.note(`__tablename__ of ${ref.cls.name} not read: ${a.value?.text ?? "?"}`, ref.mod, a.line);
    return ref.cls.name;
  }
  if (fw === "flask-sqlalchemy") return camelToSnake(ref.cls.name);
  if (fw === "sqlmodel") return ref.cls.name.toLowerCase();
  ctx.note(`${ref.cls.name} has no __tablename__`, ref.mod, ref.cls.line);
  return ref.cls.name;
}

function ownsPrimaryKey(ctx: ExtractContext, ref: ClassRef, attrs: ClassAttr[]): boolean {
  return attrs.some(
    (a) => a.owner.cls === ref.cls && a.value?.k === "call" && literal(a.value.kw.primary_key) === true,
  );
}

function mapperArg(attrs: ClassAttr[], key: string): unknown {
  const m = attrs.find((a) => a.name === "__mapper_args__")?.value;
  if (m?.k !== "dict") return undefined;
  const hit = m.entries.find(([k]) => str(k) === key);
  return hit ? literal(hit[1]) : undefined;
}

/** Pass 3: `registry.map_imperatively(Cls, table, properties={...})`, `mapper(...)`, module-level `Index(...)`. */
export function extractModuleCalls(ctx: ExtractContext, mod: PyModule): void {
  for (const s of mod.statements) {
    const call = s.kind === "call" ? s.call : s.kind === "assign" || s.kind === "setattr" ? s.value : undefined;
    if (!call || call.k !== "call") continue;
    const kind = call.fn.k === "attr" ? call.fn.attr : call.fn.k === "name" ? call.fn.id : "";
    if (s.kind === "setattr") {
      lateAttribute(ctx, mod, s.target, call);
      continue;
    }
    if (kind === "map_imperatively" || kind === "mapper") mapImperatively(ctx, mod, call);
    else if (saCallKind(ctx, mod, call) === "Index") moduleIndex(ctx, mod, call);
  }
}

function mapImperatively(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }): void {
  const [clsExpr, tableExpr] = call.args;
  if (!clsExpr || !tableExpr) return;
  const c = ctx.project.resolve(mod, clsExpr);
  const t = ctx.project.resolve(mod, tableExpr);
  const table = t.k === "assign" ? ctx.registry.varTable.get(t.assign) : undefined;
  if (c.k !== "class" || !table) return;
  const ref = { cls: c.cls, mod: c.mod };
  table.model = c.cls.name;
  ctx.registerModel(ref, table);
  const props = call.kw.properties;
  if (props?.k !== "dict") return;
  for (const [k, v] of props.entries) {
    const name = str(k);
    if (name && v.k === "call" && ["relationship", "relation"].includes(saCallKind(ctx, mod, v) ?? "")) {
      deferRelationship(ctx, { table, owner: ref, name, mod, call: v });
    }
  }
}

/** `Model.attr = relationship(...)` / `Model.attr = Column(...)` after the class: SQLAlchemy maps it too. */
function lateAttribute(ctx: ExtractContext, mod: PyModule, target: Expr, call: Expr & { k: "call" }): void {
  if (target.k !== "attr") return;
  const r = ctx.project.resolve(mod, target.obj);
  if (r.k !== "class") return;
  const table = ctx.registry.modelTable.get(r.cls);
  if (!table) return;
  const kind = saCallKind(ctx, mod, call);
  if (kind === "relationship" || kind === "relation") {
    deferRelationship(ctx, { table, owner: { cls: r.cls, mod: r.mod }, name: target.attr, mod, call });
    return;
  }
  const d = readSaColumn(ctx, mod, call, target.attr, table.name);
  if (d) addColumn(table, d);
}

/** `Index("ix_x", Model.col)` / `Index("ix", table.c.col)` at module level: attach to the column's table. */
function moduleIndex(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }): void {
  const colExpr = call.args.find((a) => a.k === "attr");
  if (!colExpr || colExpr.k !== "attr") return;
  const owner = colExpr.obj.k === "attr" && colExpr.obj.attr === "c" ? colExpr.obj.obj : colExpr.obj;
  const r = ctx.project.resolve(mod, owner);
  const table =
    r.k === "class"
      ? ctx.registry.modelTable.get(r.cls)
      : r.k === "assign"
        ? ctx.registry.varTable.get(r.assign)
        : undefined;
  if (table) readTableItem(ctx, mod, call, table);
}
