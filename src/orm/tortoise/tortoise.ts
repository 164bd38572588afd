import type { Column, Table } from "../../schema/model.js";
import { items, literal, num, str, type Expr } from "../expr.js";
import type { ClassRef, ExtractContext } from "../context.js";
import { enumOfComprehension, isEnumClass } from "../enums.js";
import type { PyClass, PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { newTable } from "../sqlalchemy/tables.js";
import { constNum, defaultText, enumOfMember } from "../consts.js";

/**
 * Tortoise ORM models: `fields.*Field`, `Meta.table` (default: the class name in lower case), the
 * implicit `id` IntField, ForeignKeyField/OneToOneField("app.Model") → `<name>_id` (or
 * source_field), reverse relations (related_name, default `<table>s`), ManyToManyField through
 * tables (`<table>_<target table>` with `<target>_id` / `<table>_id` keys), unique_together,
 * CharEnumField / IntEnumField with their Enum classes, abstract models and mixins.
 */
const TYPES: Record<string, string> = {
  IntField: "integer",
  BigIntField: "bigint",
  SmallIntField: "smallint",
  CharField: "string",
  TextField: "text",
  BooleanField: "boolean",
  DecimalField: "numeric",
  DatetimeField: "datetime",
  DateField: "date",
  TimeField: "time",
  TimeDeltaField: "bigint",
  FloatField: "float",
  JSONField: "json",
  UUIDField: "uuid",
  BinaryField: "binary",
  CharEnumField: "string",
  IntEnumField: "smallint",
};
const RELATIONS = new Set(["ForeignKeyField", "OneToOneField", "ManyToManyField", "ForeignKeyRelation"]);

interface TortoiseModel {
  ref: ClassRef;
  table: Table;
}
const states = new WeakMap<ExtractContext, Map<string, TortoiseModel>>();

function models(ctx: ExtractContext): Map<string, TortoiseModel> {
  let m = states.get(ctx);
  if (!m) states.set(ctx, (m = new Map()));
  return m;
}

function meta(cls: PyClass): Map<string, Expr> {
  const out = new Map<string, Expr>();
  const m = cls.body.find((s) => s.kind === "class" && s.name === "Meta");
  if (m && m.kind === "class")
    for (const s of m.body) if (s.kind === "assign" && s.value) for (const t of s.targets) out.set(t, s.value);
  return out;
}

export function extractTortoiseModel(ctx: ExtractContext, ref: ClassRef): void {
  const m = meta(ref.cls);
  if (literal(m.get("abstract")) === true) return;
  const name = str(m.get("table")) ?? ref.cls.name.toLowerCase();
  const table = newTable(ctx, {
    name,
    schema: str(m.get("schema")),
    framework: "tortoise",
    mod: ref.mod,
    line: ref.cls.line,
    model: ref.cls.name,
  });
  table.comment = str(m.get("table_description"));
  ctx.tables.push(table);
  ctx.registry.modelTable.set(ref.cls, table);
  const model = { ref, table };
  models(ctx).set(ref.cls.name, model);
  // Fields of abstract bases and mixins come first, as Tortoise's metaclass collects them.
  const owners = ctx.ancestors(ref).classes.slice().reverse();
  const seen = new Set<string>();
  for (const owner of owners) {
    for (const s of owner.cls.body) {
      if (s.kind !== "assign" || s.targets.length !== 1 || s.value?.k !== "call" || seen.has(s.targets[0])) continue;
      const kind = fieldKind(ctx, owner.mod, s.value);
      if (!kind) continue;
      seen.add(s.targets[0]);
      if (RELATIONS.has(kind))
        ctx.registry.deferred.push(() =>
          relation(ctx, model, s.targets[0], s.value as Expr & { k: "call" }, kind, owner.mod),
        );
      else table.columns.push(column(ctx, owner.mod, table, s.targets[0], s.value, kind));
    }
  }
  if (!table.columns.some((c) => c.primaryKey)) {
    table.columns.unshift({
      name: "id",
      attribute: null,
      type: { written: "fields.IntField(pk=True)", normalized: "integer", native: "IntField" },
      nullable: false,
      default: null,
      serverDefault: null,
      primaryKey: true,
      unique: true,
      index: false,
      autoincrement: true,
      comment: null,
      source: ctx.loc(ref.mod, ref.cls.line),
    });
  }
  table.primaryKey = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  ctx.registry.deferred.push(() => {
    const column = (f: string) => table.columns.find((c) => (c.attribute ?? c.name) === f)?.name ?? f;
    const ut = m.get("unique_together");
    if (ut) {
      const groups = items(ut).every((g) => g.k === "str") ? [ut] : items(ut);
      for (const g of groups)
        table.uniqueConstraints.push({
          name: null,
          columns: items(g).map((f) => column(str(f) ?? f.text)),
          source: ctx.loc(ref.mod, g.line),
        });
    }
    for (const ix of items(m.get("indexes"))) {
      const cols = ix.k === "call" ? items(ix.kw.fields) : items(ix);
      table.indexes.push({
        name: ix.k === "call" ? str(ix.kw.name) : null,
        columns: cols.map((f) => column(str(f) ?? f.text)),
        unique: false,
        source: ctx.loc(ref.mod, ix.line),
      });
    }
  });
}

function fieldKind(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }): string | null {
  const r = ctx.project.resolve(mod, call.fn);
  if (r.k === "external" && r.qual.startsWith("tortoise")) {
    const n = tail(r.qual)!;
    return n.endsWith("Field") ? n : null;
  }
  if (r.k === "class") {
    const q = ctx
      .ancestors({ cls: r.cls, mod: r.mod })
      .externals.find((x) => x.startsWith("tortoise") && x.endsWith("Field"));
    return q ? `custom:${r.cls.name}:${tail(q)}` : null;
  }
  return null;
}

function column(
  ctx: ExtractContext,
  mod: PyModule,
  table: Table,
  name: string,
  call: Expr & { k: "call" },
  kind: string,
): Column {
  const kw = call.kw;
  const base = kind.startsWith("custom:") ? kind.split(":")[2] : kind;
  const pk = literal(kw.pk) === true || literal(kw.primary_key) === true;
  const col: Column = {
    name: str(kw.source_field) ?? name,
    attribute: null,
    type: {
      written: call.text,
      normalized: kind.startsWith("custom:") ? `custom:${kind.split(":")[1]}` : (TYPES[base] ?? `custom:${base}`),
      native: base,
    },
    nullable: literal(kw.null) === true,
    default: defaultText(ctx, mod, kw.default),
    serverDefault: null,
    primaryKey: pk,
    unique: pk || literal(kw.unique) === true,
    index: literal(kw.db_index) === true || literal(kw.index) === true,
    autoincrement: pk && /Int/.test(base) && literal(kw.generated) !== false ? true : null,
    comment: str(kw.description),
    source: ctx.loc(mod, call.line),
  };
  if (col.name !== name) col.attribute = name;
  // Tortoise's UUIDField as primary key makes a uuid4 for each new row unless told otherwise.
  if (pk && base === "UUIDField" && !kw.default) col.default = "uuid.uuid4";
  // `default=datetime.now()` is called once, at import: every row would get the import time.
  const d = kw.default;
  if (
    d?.k === "call" &&
    d.args.length === 0 &&
    Object.keys(d.kw).length === 0 &&
    /(^|\.)(now|utcnow|today|uuid[14]|time)$/.test(d.fn.text)
  ) {
    ctx.note(
      `${table.model ?? table.name}.${name}: default=${d.text} is called once at import, so every row gets that one value; pass ${d.fn.text} (no parentheses) for a value per row`,
      mod,
      call.line,
    );
  }
  // auto_now_add: set when the row is created; auto_now: on every save too (Tortoise sets them in Python).
  if (literal(kw.auto_now_add) === true || literal(kw.auto_now) === true)
    col.default ??= literal(kw.auto_now) === true ? "auto_now" : "auto_now_add";
  if (literal(kw.auto_now) === true) col.onUpdate = "auto_now";
  if (kw.db_column) {
    ctx.note(
      `${table.model ?? table.name}.${name}: db_column= is not a Tortoise argument (it is ignored: the column is ${col.name}; Tortoise names columns with source_field=)`,
      mod,
      call.line,
    );
  }
  const fromEnum = enumOfMember(ctx, mod, kw.default);
  if (fromEnum && !kw.choices) col.valuesOf = ctx.addEnumClass(fromEnum, undefined, null);
  if (base === "CharField" || base === "CharEnumField") col.type.length = constNum(ctx, mod, kw.max_length);
  if (base === "DecimalField") {
    col.type.precision = num(kw.max_digits);
    col.type.scale = num(kw.decimal_places);
  }
  if (kw.choices) {
    const ref = enumOfComprehension(ctx, mod, kw.choices);
    if (ref) col.type.enum = ctx.addEnumClass(ref);
  }
  if (base === "CharEnumField" || base === "IntEnumField") {
    const e = call.args[0] ?? kw.enum_type;
    const r = e && (e.k === "name" || e.k === "attr") ? ctx.project.resolve(mod, e) : null;
    if (r?.k === "class" && isEnumClass(ctx, { cls: r.cls, mod: r.mod }))
      col.type.enum = ctx.addEnumClass({ cls: r.cls, mod: r.mod });
    else if (e) col.type.enum = ctx.addEnum({ name: e.text, values: [], unresolved: true, source: col.source });
    if (base === "CharEnumField" && col.type.length == null) col.type.length = null;
  }
  return col;
}

const ON_DELETE: Record<string, string> = {
  CASCADE: "CASCADE",
  RESTRICT: "RESTRICT",
  SET_NULL: "SET NULL",
  SET_DEFAULT: "SET DEFAULT",
  NO_ACTION: "NO ACTION",
};

/** A relation field, once every model is known: the FK column (or through table) and both directions. */
function relation(
  ctx: ExtractContext,
  model: TortoiseModel,
  name: string,
  call: Expr & { k: "call" },
  kind: string,
  mod: PyModule,
): void {
  const kw = call.kw;
  const ref = str(call.args[0] ?? kw.model_name) ?? "";
  const target = models(ctx).get(ref.split(".").pop() ?? "");
  const source = ctx.loc(mod, call.line);
  if (!target)
    return ctx.note(
      `${model.ref.cls.name}.${name}: relation target not resolved: ${ref || call.text.slice(0, 40)}`,
      mod,
      call.line,
    );
  const table = model.table;
  const relatedName = kw.related_name ? (literal(kw.related_name) === false ? false : str(kw.related_name)) : null;
  const reverseName = relatedName === false ? null : (relatedName ?? `${table.name}s`);
  const onDeleteText = kw.on_delete ? (str(kw.on_delete) ?? tail(kw.on_delete.text) ?? "CASCADE") : "CASCADE";
  const onDelete = ON_DELETE[onDeleteText] ?? onDeleteText;
  const tpk = target.table.columns.find((c) => c.primaryKey)!;
  if (kind === "ManyToManyField") {
    const through = str(kw.through) ?? `${table.name}_${target.table.name}`;
    const forward = str(kw.forward_key) ?? `${target.ref.cls.name.toLowerCase()}_id`;
    let backward = str(kw.backward_key) ?? `${table.name}_id`;
    if (!kw.backward_key && backward === forward) backward = `${table.name}_rel_id`;
    table.relationships.push({
      name,
      target: target.ref.cls.name,
      targetTable: target.table.name,
      cardinality: "many-to-many",
      relatedName: reverseName,
      secondary: through,
      source,
    });
    if (reverseName)
      target.table.relationships.push({
        name: reverseName,
        target: model.ref.cls.name,
        targetTable: table.name,
        cardinality: "many-to-many",
        backPopulates: name,
        secondary: through,
        source,
      });
    const pk = table.columns.find((c) => c.primaryKey)!;
    const t = newTable(ctx, { name: through, schema: null, framework: "tortoise", mod, line: call.line, model: null });
    for (const [col, m, p] of [
      [backward, model, pk],
      [forward, target, tpk],
    ] as const) {
      t.columns.push({
        name: col,
        attribute: null,
        type: { ...p.type, written: "", native: "ForeignKeyField" },
        nullable: false,
        default: null,
        serverDefault: null,
        primaryKey: false,
        unique: false,
        index: false,
        autoincrement: null,
        comment: null,
        source,
      });
      t.foreignKeys.push({
        name: null,
        columns: [col],
        refTable: m.table.name,
        refColumns: [p.name],
        onDelete,
        onUpdate: null,
        source,
      });
    }
    if (literal(kw.create_unique_index) !== false)
      t.uniqueConstraints.push({ name: null, columns: [backward, forward], source });
    ctx.tables.push(t);
    return;
  }
  const o2o = kind === "OneToOneField";
  const pk = literal(kw.pk) === true || literal(kw.primary_key) === true;
  const col: Column = {
    name: str(kw.source_field) ?? `${name}_id`,
    attribute: name,
    type: { ...tpk.type, written: call.text, native: kind },
    nullable: literal(kw.null) === true,
    default: defaultText(ctx, mod, kw.default),
    serverDefault: null,
    primaryKey: pk,
    unique: pk || o2o || literal(kw.unique) === true,
    index: literal(kw.db_index) === true || literal(kw.index) === true,
    autoincrement: null,
    comment: str(kw.description),
    source,
  };
  table.columns.push(col);
  // Relation fields take **kwargs too: db_column= is dropped silently and the column stays <name>_id.
  if (kw.db_column) {
    ctx.note(
      `${model.ref.cls.name}.${name}: db_column= is not a Tortoise argument (it is ignored: the column is ${col.name}; Tortoise names columns with source_field=)`,
      mod,
      call.line,
    );
  }
  if (pk) table.primaryKey = [col.name];
  if (literal(kw.db_constraint) !== false) {
    table.foreignKeys.push({
      name: null,
      columns: [col.name],
      refTable: target.table.name,
      refColumns: [tpk.name],
      onDelete,
      onUpdate: null,
      source,
    });
  }
  table.relationships.push({
    name,
    target: target.ref.cls.name,
    targetTable: target.table.name,
    cardinality: o2o ? "one-to-one" : "many-to-one",
    relatedName: reverseName,
    source,
  });
  if (reverseName)
    target.table.relationships.push({
      name: reverseName,
      target: model.ref.cls.name,
      targetTable: table.name,
      cardinality: o2o ? "one-to-one" : "one-to-many",
      backPopulates: name,
      source,
    });
}
