import type { Column, Table } from "../../schema/model.js";
import { items, literal, num, str, type Expr } from "../expr.js";
import type { ClassRef, ExtractContext } from "../context.js";
import {
  DJANGO_AUTO,
  DJANGO_DEFAULT_LENGTH,
  DJANGO_INTERNAL,
  DJANGO_RELATIONS,
  DJANGO_TYPES,
  djangoIndexName,
} from "./django-fields.js";
import { djangoApp, djangoState, settleColumn, type DjangoModel } from "./django-apps.js";
import { enumOfComprehension, isEnumClass } from "../enums.js";
import type { PyClass, PyModule } from "../pymodule.js";
import { tail } from "../project.js";
import { newTable } from "../sqlalchemy/tables.js";
import { constNum, defaultText, evalConst, timedeltaOf, timedeltaStr } from "../consts.js";

/**
 * Django models: fields to columns named and typed as Django does (`<name>_id` for relations,
 * `db_column`), the implicit primary key (the app's default_auto_field or DEFAULT_AUTO_FIELD),
 * `db_table` or `<app_label>_<model>`, abstract bases, multi-table inheritance (`<parent>_ptr`),
 * proxies (no table), auto-created many-to-many tables, Meta indexes / unique_together /
 * constraints, choices as enums.
 */
export function extractDjangoModel(ctx: ExtractContext, ref: ClassRef): void {
  const st = djangoState(ctx);
  if (st.byClass.has(ref.cls)) return;
  const meta = metaOf(ctx, ref);
  const abstract = literal(meta.get("abstract")) === true;
  const app = djangoApp(ctx, ref.mod, str(meta.get("app_label")));
  const model: DjangoModel = { ref, app, table: null, fields: [] };
  st.byClass.set(ref.cls, model);
  if (abstract || literal(meta.get("proxy")) === true) return;
  const table = newTable(ctx, {
    name: str(meta.get("db_table")) ?? `${app.label}_${ref.cls.name.toLowerCase()}`,
    schema: null,
    framework: "django",
    mod: ref.mod,
    line: ref.cls.line,
    model: ref.cls.name,
  });
  model.table = table;
  const described = label(ownMeta(ref.cls, meta).get("verbose_name")) ?? ref.cls.doc;
  if (described) table.description = described;
  st.byLabel.set(`${app.label}.${ref.cls.name}`.toLowerCase(), model);
  ctx.tables.push(table);
  ctx.registry.modelTable.set(ref.cls, table);
  const parent = concreteParent(ctx, ref);
  // The column joining the child to its parent: one declared with `parent_link=True`, else `<parent>_ptr`.
  let link: Column | null = null;
  const declaredLink = parent ? declaredParentLink(ctx, ref, parent) : null;
  if (parent) {
    table.inherits = { model: parent.cls.name, kind: "joined" };
    if (!declaredLink)
      link = addField(
        ctx,
        model,
        `${parent.cls.name.toLowerCase()}_ptr`,
        {
          k: "call",
          fn: { k: "name", id: "OneToOneField", text: "models.OneToOneField", line: ref.cls.line },
          args: [{ k: "name", id: parent.cls.name, text: parent.cls.name, line: ref.cls.line }],
          kw: {},
          text: `OneToOneField(${parent.cls.name}, parent_link=True)`,
          line: ref.cls.line,
        },
        "OneToOneField",
        parent,
      );
  }
  for (const owner of fieldOwners(ctx, ref)) {
    for (const s of owner.cls.body) {
      if (s.kind !== "assign" || s.targets.length !== 1 || s.value?.k !== "call") continue;
      const kind = fieldKind(ctx, owner.mod, s.value);
      if (!kind) continue;
      const col = addField(
        ctx,
        { ...model, ref: { cls: ref.cls, mod: owner.mod } },
        s.targets[0],
        s.value,
        kind,
        null,
        model,
      );
      if (s.value === declaredLink) link = col;
    }
  }
  // Django's Options._prepare: with no field of its own declared primary_key, a child's pk is its parent link.
  if (!table.columns.some((c) => c.primaryKey)) {
    if (link) link.primaryKey = true;
    else table.columns.unshift(autoPk(ctx, ref.mod, app.autoField, ref.cls.line));
  }
  table.primaryKey = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  ctx.registry.deferred.push(() => readMeta(ctx, model, meta));
}

/** A literal label, or one marked for translation (`_("Title")`, `gettext_lazy("Title")`). */
function label(e: Expr | undefined): string | null {
  if (e?.k === "call" && /(^|\.)(_|u?gettext(_lazy|_noop)?)$/.test(e.fn.text)) return str(e.args[0]);
  if (e?.k === "call" && /(^|\.)(pgettext(_lazy)?)$/.test(e.fn.text)) return str(e.args[1]);
  return str(e);
}

/**
 * The Meta Django reads for a class: its own `class Meta:` alone when it declares one that does not
 * subclass a parent's (`class Meta(Base.Meta)` extends it), else what abstract bases pass on.
 */
function ownMeta(cls: PyClass, inherited: Map<string, Expr>): Map<string, Expr> {
  const own = cls.body.find((s) => s.kind === "class" && s.name === "Meta") as PyClass | undefined;
  if (!own || own.bases.length) return inherited;
  const out = new Map<string, Expr>();
  for (const s of own.body) if (s.kind === "assign" && s.value) for (const t of s.targets) out.set(t, s.value);
  return out;
}

/** Meta attributes: the class's own `class Meta`, falling back to abstract ancestors' Meta (Django inherits it). */
function metaOf(ctx: ExtractContext, ref: ClassRef): Map<string, Expr> {
  const out = new Map<string, Expr>();
  ctx.ancestors(ref).classes.forEach((c, i) => {
    // Only abstract bases pass their Meta on; a concrete parent's Meta stays with the parent.
    if (i > 0 && !isAbstract(c.cls)) return;
    const meta = c.cls.body.find((s) => s.kind === "class" && s.name === "Meta") as PyClass | undefined;
    if (!meta) return;
    for (const s of meta.body) {
      if (s.kind !== "assign" || !s.value) continue;
      for (const t of s.targets) {
        if (out.has(t) || (i > 0 && ["abstract", "db_table", "proxy", "app_label"].includes(t))) continue;
        out.set(t, s.value);
      }
    }
  });
  return out;
}

function isAbstract(c: PyClass): boolean {
  const meta = c.body.find((s) => s.kind === "class" && s.name === "Meta") as PyClass | undefined;
  return !!meta?.body.some((s) => s.kind === "assign" && s.targets.includes("abstract") && literal(s.value) === true);
}

/** The nearest concrete model ancestor: multi-table inheritance. */
function concreteParent(ctx: ExtractContext, ref: ClassRef): ClassRef | null {
  for (const c of ctx.ancestors(ref).classes.slice(1)) {
    if (isAbstract(c.cls)) continue;
    if (
      c.cls.body.some(
        (s) =>
          s.kind === "class" &&
          s.name === "Meta" &&
          s.body.some((m) => m.kind === "assign" && m.targets.includes("proxy")),
      )
    )
      continue;
    if (ctx.ancestors(c).externals.some((q) => /^django\.db\.models(\.base)?\.Model$/.test(q))) return c;
  }
  return null;
}

/**
 * The `OneToOneField(Parent, parent_link=True)` a child (or an abstract base of it) declares for its
 * concrete parent: Django then uses it as the link and adds no `<parent>_ptr`. The last one wins,
 * as Django reads the abstract bases first and the class itself last.
 */
function declaredParentLink(ctx: ExtractContext, ref: ClassRef, parent: ClassRef): (Expr & { k: "call" }) | null {
  let found: (Expr & { k: "call" }) | null = null;
  for (const owner of fieldOwners(ctx, ref)) {
    for (const s of owner.cls.body) {
      if (s.kind !== "assign" || s.targets.length !== 1 || s.value?.k !== "call") continue;
      if (literal(s.value.kw.parent_link) !== true || fieldKind(ctx, owner.mod, s.value) !== "OneToOneField") continue;
      const target = s.value.kw.to ?? s.value.args[0];
      const named = str(target);
      const r = target && named === null ? ctx.project.resolve(owner.mod, target) : null;
      // `"app.Model"` or `"Model"`: Django's model names are case-insensitive.
      if (named !== null && tail(named)?.toLowerCase() === parent.cls.name.toLowerCase()) found = s.value;
      else if (r?.k === "class" && r.cls === parent.cls) found = s.value;
    }
  }
  return found;
}

/** Classes whose fields the model has: abstract ancestors (furthest first), then itself. */
function fieldOwners(ctx: ExtractContext, ref: ClassRef): ClassRef[] {
  const out: ClassRef[] = [];
  for (const c of ctx.ancestors(ref).classes.slice(1)) {
    if (!isAbstract(c.cls)) break;
    out.unshift(c);
  }
  return [...out, ref];
}

/** The Django field class a call builds (`models.CharField(...)`, a project subclass of one), or null. */
function fieldKind(ctx: ExtractContext, mod: PyModule, call: Expr & { k: "call" }): string | null {
  const r = ctx.project.resolve(mod, call.fn);
  if (r.k === "external") {
    const name = tail(r.qual)!;
    return r.qual.startsWith("django.") && (name.endsWith("Field") || DJANGO_RELATIONS.has(name)) ? name : null;
  }
  if (r.k === "class") {
    for (const q of ctx.ancestors({ cls: r.cls, mod: r.mod }).externals) {
      const name = tail(q)!;
      if (q.startsWith("django.") && (name.endsWith("Field") || DJANGO_RELATIONS.has(name)))
        return name === "Field" ? `custom:${r.cls.name}` : name;
    }
  }
  return null;
}

function autoPk(ctx: ExtractContext, mod: PyModule, auto: string, line: number): Column {
  return {
    name: "id",
    attribute: null,
    type: { written: `models.${auto}(primary_key=True)`, normalized: DJANGO_TYPES[auto] ?? "integer", native: auto },
    nullable: false,
    default: null,
    serverDefault: null,
    primaryKey: true,
    unique: true,
    index: false,
    autoincrement: true,
    comment: null,
    source: ctx.loc(mod, line),
  };
}

function addField(
  ctx: ExtractContext,
  model: DjangoModel,
  name: string,
  call: Expr & { k: "call" },
  kind: string,
  parentLink: ClassRef | null,
  owner?: DjangoModel,
): Column | null {
  const table = (owner ?? model).table!;
  const kw = call.kw;
  const mod = model.ref.mod;
  const relation = DJANGO_RELATIONS.has(kind);
  if (kind === "ManyToManyField") {
    ctx.registry.deferred.push(() => manyToMany(ctx, owner ?? model, name, call, mod));
    return null;
  }
  const pk = literal(kw.primary_key) === true;
  const internal = kind.startsWith("custom:") ? kind.slice(7) : (DJANGO_INTERNAL[kind] ?? kind);
  const col: Column = {
    name: str(kw.db_column) ?? (relation ? `${name}_id` : name),
    attribute: name,
    type: { written: call.text, normalized: DJANGO_TYPES[internal] ?? `custom:${internal}`, native: internal },
    nullable: literal(kw.null) === true,
    default: defaultText(
      ctx,
      mod,
      kw.default?.k === "name" ? (classScope(ctx, model.ref)(kw.default.id) ?? kw.default) : kw.default,
    ),
    serverDefault: null,
    primaryKey: pk,
    unique: pk || literal(kw.unique) === true || kind === "OneToOneField",
    index: literal(kw.db_index) === true || ((relation || kind === "SlugField") && literal(kw.db_index) !== false),
    autoincrement: DJANGO_AUTO.has(internal) ? true : null,
    comment: null,
    source: ctx.loc(mod, call.line),
  };
  if (col.attribute === col.name) col.attribute = null;
  // Django's documentation of a field: help_text, else a verbose_name given explicitly.
  const described = label(kw.help_text) || label(kw.verbose_name) || (!relation ? label(call.args[0]) : null);
  if (described) col.description = described;
  if (col.type.normalized === "string")
    col.type.length = constNum(ctx, mod, kw.max_length) ?? DJANGO_DEFAULT_LENGTH[kind] ?? null;
  if (col.type.normalized === "numeric") {
    col.type.precision = num(kw.max_digits);
    col.type.scale = num(kw.decimal_places);
  }
  if (kw.choices)
    col.type.enum = choicesEnum(ctx, mod, kw.choices, `${table.name}.${col.name}`, 0, classScope(ctx, model.ref));
  table.columns.push(col);
  if (!relation) return col;
  const target = kw.to ?? call.args[0];
  const onDelete = kw.on_delete ?? call.args[1];
  const fk = {
    name: null,
    columns: [col.name],
    refTable: "?",
    refColumns: ["?"],
    onDelete: parentLink ? "CASCADE" : onDelete ? tail(onDelete.text) : null,
    onUpdate: null,
    source: col.source,
  };
  table.foreignKeys.push(fk);
  const rel = {
    name,
    target: "?",
    targetTable: null as string | null,
    cardinality: kind === "OneToOneField" ? ("one-to-one" as const) : ("many-to-one" as const),
    relatedName: relatedName(kw.related_name, owner ?? model),
    secondary: null,
    source: col.source,
  };
  table.relationships.push(rel);
  djangoState(ctx).pending.set(col, () => {
    // The parent a `<parent>_ptr` links to is known as a class: no name to look up in this module.
    const t =
      (parentLink ? djangoState(ctx).byClass.get(parentLink.cls) : null) ??
      resolveTarget(ctx, owner ?? model, mod, target);
    if (!t?.table) {
      const contrib = contribTarget(ctx, mod, target);
      if (!contrib)
        return ctx.note(
          `${model.ref.cls.name}.${name}: relation target not resolved: ${target?.text ?? "?"}`,
          mod,
          call.line,
        );
      fk.refTable = contrib.table;
      fk.refColumns = ["id"];
      rel.target = contrib.model;
      rel.targetTable = contrib.table;
      col.type = { ...col.type, normalized: "integer" };
      return;
    }
    const toField = str(kw.to_field);
    const refCol =
      (toField ? t.table.columns.find((c) => (c.attribute ?? c.name) === toField) : null) ??
      t.table.columns.find((c) => c.primaryKey);
    // A relation column (the target's own parent link) takes its type from the column it references.
    if (refCol) settleColumn(ctx, refCol);
    fk.refTable = t.table.name;
    fk.refColumns = [refCol?.name ?? "?"];
    rel.target = t.ref.cls.name;
    rel.targetTable = t.table.name;
    if (refCol) {
      const n = refCol.type.native ?? "";
      col.type = {
        ...col.type,
        normalized: refCol.type.normalized,
        length: refCol.type.length,
        precision: refCol.type.precision,
        scale: refCol.type.scale,
      };
      if (DJANGO_AUTO.has(n)) col.type.normalized = DJANGO_TYPES[n];
    }
  });
  ctx.registry.deferred.push(() => settleColumn(ctx, col));
  return col;
}

/** `choices=Status.choices`, `choices=[("a", "A"), ...]`, `choices=CONSTANT`: an enum of the stored values. */
/**
 * Names a class body binds (`CLIENT_TYPES = ((CLIENT_PUBLIC, "Public"), ...)` beside the field
 * that says `choices=CLIENT_TYPES`): Python looks them up in the class scope first. Bases'
 * bodies count too, as the fields of an abstract base are read in the concrete model.
 */
interface ClassScope {
  (name: string): Expr | undefined;
  /** A class the body (or a base's body) defines under that name. */
  classNamed?: (name: string) => ClassRef | undefined;
}

function classScope(ctx: ExtractContext, ref: ClassRef): ClassScope {
  const scope: ClassScope = (name) => {
    for (const { cls } of ctx.ancestors(ref).classes) {
      const a = cls.body.find((s) => s.kind === "assign" && s.targets.includes(name));
      if (a && a.kind === "assign" && a.value) return a.value;
    }
    return undefined;
  };
  scope.classNamed = (name) => {
    for (const anc of ctx.ancestors(ref).classes) {
      const c = anc.cls.body.find((s) => s.kind === "class" && s.name === name);
      if (c && c.kind === "class") return { cls: c, mod: anc.mod };
    }
    return undefined;
  };
  return scope;
}

function choicesEnum(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr,
  fallback: string,
  depth = 0,
  scope: ClassScope = () => undefined,
): string {
  if (e.k === "name" && depth < 3) {
    const local = scope(e.id);
    if (local) return choicesEnum(ctx, mod, local, fallback, depth + 1, scope);
  }
  if (e.k === "attr" && e.attr === "choices") {
    // `class Role(models.TextChoices)` nested in the model: the class body is looked in first, as Python does.
    const nested = e.obj.k === "name" ? scope.classNamed?.(e.obj.id) : undefined;
    if (nested && isEnumClass(ctx, nested)) return ctx.addEnumClass(nested);
    const r = ctx.project.resolve(mod, e.obj);
    if (r.k === "class" && isEnumClass(ctx, { cls: r.cls, mod: r.mod }))
      return ctx.addEnumClass({ cls: r.cls, mod: r.mod });
  }
  const comp = enumOfComprehension(ctx, mod, e);
  if (comp) return ctx.addEnumClass(comp);
  const keys = dictKeysComprehension(ctx, mod, e);
  if (keys) return ctx.addEnum({ name: fallback, values: keys, source: ctx.loc(mod, e.line) });
  if ((e.k === "name" || e.k === "attr") && depth < 3) {
    const r = ctx.project.resolve(mod, e);
    if (r.k === "assign" && r.assign.value) return choicesEnum(ctx, r.mod, r.assign.value, fallback, depth + 1);
  }
  if (e.k === "list" || e.k === "tuple") {
    const value = (x: Expr | undefined) => {
      const local = x?.k === "name" ? scope(x.id) : undefined;
      if (local) return literal(local);
      // A DurationField's choices (`(td(hours=1), "Hourly")`): Django's choices hold the timedelta, shown as str() gives it.
      const delta = timedeltaOf(ctx, mod, x);
      return delta === null ? evalConst(ctx, mod, x) : timedeltaStr(delta);
    };
    const values = e.items.map((i) => (i.k === "tuple" || i.k === "list" ? value(i.items[0]) : undefined));
    if (values.every((v) => v !== undefined && v !== null)) {
      return ctx.addEnum({ name: fallback, values: values.map(String), source: ctx.loc(mod, e.line) });
    }
  }
  return ctx.addEnum({ name: fallback, values: [], unresolved: true, source: ctx.loc(mod, e.line) });
}

/**
 * `[(kind, spec[0]) for kind, spec in TRANSPORTS.items()]` over a dict literal with constant keys:
 * the stored values are the keys, in the dict's order.
 */
function dictKeysComprehension(ctx: ExtractContext, mod: PyModule, e: Expr): string[] | null {
  if (e.k !== "other") return null;
  const m = /^\[\s*\(\s*(\w+)\s*,.*?\bfor\s+(\w+)\s*,\s*\w+\s+in\s+([A-Za-z_]\w*)\.items\(\)\s*\]$/s.exec(
    e.text.trim(),
  );
  if (!m || m[1] !== m[2]) return null;
  const r = ctx.project.resolve(mod, { k: "name", id: m[3], text: m[3], line: e.line });
  if (r.k !== "assign" || r.assign.value?.k !== "dict") return null;
  const keys = r.assign.value.entries.map(([k]) => evalConst(ctx, r.mod, k));
  return keys.every((k) => typeof k === "string" || typeof k === "number") ? keys.map(String) : null;
}

/** "self", "app_label.Model", "Model" (same app), or a class. */
function resolveTarget(ctx: ExtractContext, from: DjangoModel, mod: PyModule, e: Expr | undefined): DjangoModel | null {
  if (!e) return null;
  const st = djangoState(ctx);
  const s = str(e);
  if (s !== null) {
    if (s === "self") return from;
    const key = s.includes(".") ? s : `${from.app.label}.${s}`;
    return st.byLabel.get(key.toLowerCase()) ?? null;
  }
  const r = ctx.project.resolve(mod, e);
  if (r.k === "class") return st.byClass.get(r.cls) ?? null;
  const swappable = swappableDefault(ctx, mod, e);
  if (swappable)
    return resolveTarget(ctx, from, mod, { k: "str", v: swappable, text: JSON.stringify(swappable), line: e.line });
  return null;
}

/**
 * A swappable model named by a setting at its default (`app_settings.APPLICATION_MODEL`, where
 * the settings module says `APPLICATION_MODEL = getattr(settings, "X_MODEL", "app.Application")`):
 * the model Django uses unless the project's settings swap it.
 */
function swappableDefault(ctx: ExtractContext, mod: PyModule, e: Expr): string | null {
  let a: Expr | undefined;
  if (e.k === "name") {
    // `user_model_label = getattr(settings, "AUTH_USER_MODEL", "auth.User")` imported from a compat module.
    const r = ctx.project.resolve(mod, e);
    a = r.k === "assign" ? r.assign.value : undefined;
  } else if (e.k === "attr") {
    const owner = ctx.project.resolve(mod, e.obj);
    const home = owner.k === "assign" || owner.k === "module" ? owner.mod : null;
    a = home?.assigns.get(e.attr)?.value;
  }
  if (a?.k === "call" && a.fn.k === "name" && a.fn.id === "getattr" && a.args.length === 3) return str(a.args[2]);
  return a ? str(a) : null;
}

/** `ManyToManyField`: the relationship, and Django's auto-created through table unless `through=` names one. */
function manyToMany(
  ctx: ExtractContext,
  model: DjangoModel,
  name: string,
  call: Expr & { k: "call" },
  mod: PyModule,
): void {
  const table = model.table!;
  const target = resolveTarget(ctx, model, mod, call.kw.to ?? call.args[0]);
  const through = call.kw.through ? resolveTarget(ctx, model, mod, call.kw.through) : null;
  const secondary = through?.table?.name ?? str(call.kw.db_table) ?? `${table.name}_${name}`;
  table.relationships.push({
    name,
    target: target?.ref.cls.name ?? "?",
    targetTable: target?.table?.name ?? null,
    cardinality: "many-to-many",
    relatedName: relatedName(call.kw.related_name, model),
    secondary,
    source: ctx.loc(mod, call.line),
  });
  if (call.kw.through || !target?.table) return;
  const self = target === model;
  const from = self ? `from_${model.ref.cls.name.toLowerCase()}` : model.ref.cls.name.toLowerCase();
  const to = self ? `to_${target.ref.cls.name.toLowerCase()}` : target.ref.cls.name.toLowerCase();
  const t: Table = newTable(ctx, {
    name: secondary,
    schema: null,
    framework: "django",
    mod,
    line: call.line,
    model: null,
  });
  t.columns.push(autoPk(ctx, mod, model.app.autoField, call.line));
  for (const [col, m] of [
    [from, model],
    [to, target],
  ] as const) {
    const pk = m.table!.columns.find((c) => c.primaryKey)!;
    settleColumn(ctx, pk);
    const native = pk.type.native ?? "";
    t.columns.push({
      name: `${col}_id`,
      attribute: null,
      type: {
        written: "",
        normalized: DJANGO_AUTO.has(native) ? DJANGO_TYPES[native] : pk.type.normalized,
        native: "ForeignKey",
        length: pk.type.length ?? undefined,
      },
      nullable: false,
      default: null,
      serverDefault: null,
      primaryKey: false,
      unique: false,
      index: true,
      autoincrement: null,
      comment: null,
      source: ctx.loc(mod, call.line),
    });
    t.foreignKeys.push({
      name: null,
      columns: [`${col}_id`],
      refTable: m.table!.name,
      refColumns: [pk.name],
      onDelete: "CASCADE",
      onUpdate: null,
      source: ctx.loc(mod, call.line),
    });
    t.relationships.push({
      name: col,
      target: m.ref.cls.name,
      targetTable: m.table!.name,
      cardinality: "many-to-one",
      relatedName: `${model.ref.cls.name}_${name}+`,
      secondary: null,
      source: ctx.loc(mod, call.line),
    });
  }
  t.primaryKey = ["id"];
  t.uniqueConstraints.push({ name: null, columns: [`${from}_id`, `${to}_id`], source: ctx.loc(mod, call.line) });
  ctx.tables.push(t);
}

/** Meta.indexes, unique_together, constraints: field names become column names. */
function readMeta(ctx: ExtractContext, model: DjangoModel, meta: Map<string, Expr>): void {
  const table = model.table!;
  const mod = model.ref.mod;
  const column = (field: string) =>
    table.columns.find((c) => (c.attribute ?? c.name) === field)?.name ??
    table.columns.find((c) => c.name === field)?.name ??
    field;
  for (const ix of items(meta.get("indexes"))) {
    if (ix.k !== "call") continue;
    const fields = items(ix.kw.fields).map((f) => str(f) ?? f.text);
    const cols = fields.map((f) => column(f.replace(/^-/, "")));
    // GinIndex & co. (django.contrib.postgres.indexes) name the access method; condition= makes it partial.
    const method = /^(Gin|Gist|Hash|Brin|SpGist)Index$/.exec(tail(ix.fn.text) ?? "")?.[1].toLowerCase();
    const condition = ix.kw.condition ? { expressions: [`WHERE ${ix.kw.condition.text}`] } : {};
    table.indexes.push({
      name:
        str(ix.kw.name) ??
        djangoIndexName(
          table.name,
          cols,
          fields.map((f) => f.startsWith("-")),
        ),
      columns: cols,
      unique: false,
      ...condition,
      ...(method ? { method } : {}),
      source: ctx.loc(mod, ix.line),
    });
  }
  const ut = meta.get("unique_together");
  if (ut) {
    const groups = items(ut).every((g) => g.k === "str") ? [ut] : items(ut);
    for (const g of groups)
      table.uniqueConstraints.push({
        name: null,
        columns: items(g).map((f) => column(str(f) ?? f.text)),
        source: ctx.loc(mod, g.line),
      });
  }
  for (const c of items(meta.get("constraints"))) {
    if (c.k !== "call") continue;
    const kind = tail(c.fn.text);
    if (kind === "UniqueConstraint")
      table.uniqueConstraints.push({
        name: str(c.kw.name),
        columns: items(c.kw.fields).map((f) => column(str(f) ?? f.text)),
        source: ctx.loc(mod, c.line),
      });
    else if (kind === "CheckConstraint")
      table.checkConstraints.push({
        name: str(c.kw.name),
        expression: (c.kw.check ?? c.args[0])?.text ?? "",
        source: ctx.loc(mod, c.line),
      });
  }
}

/** `related_name="%(app_label)s_%(class)s_set"` on an abstract base, as Django fills it in per model. */
function relatedName(e: Expr | undefined, model: DjangoModel): string | null {
  const s = str(e);
  return s === null
    ? null
    : s
        .replace(/%\(class\)s/g, model.ref.cls.name.toLowerCase())
        .replace(/%\(app_label\)s/g, model.app.label.toLowerCase());
}

/** Django's own models (auth.User and friends, `settings.AUTH_USER_MODEL`): known tables with an AutoField `id`. */
const CONTRIB_TABLES: Record<string, string> = {
  "auth.user": "auth_user",
  "auth.group": "auth_group",
  "auth.permission": "auth_permission",
  "contenttypes.contenttype": "django_content_type",
  "sites.site": "django_site",
};

function contribTarget(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr | undefined,
): { table: string; model: string } | null {
  if (!e) return null;
  let ref = str(e);
  if (ref === null && /(^|\.)AUTH_USER_MODEL$/.test(e.text)) {
    ref = "auth.User";
    for (const m of ctx.project.moduleNames()) {
      const hit = /^AUTH_USER_MODEL\s*=\s*["']([\w.]+)["']/m.exec(ctx.project.text(m) ?? "");
      if (hit) {
        ref = hit[1];
        break;
      }
    }
    const st = djangoState(ctx).byLabel.get(ref.toLowerCase());
    if (st?.table) return { table: st.table.name, model: st.ref.cls.name };
  }
  if (ref === null && (e.k === "name" || e.k === "attr")) {
    // `from django.contrib.contenttypes.models import ContentType`: the class itself.
    const r = ctx.project.resolve(mod, e);
    const m = r.k === "external" ? /^django\.contrib\.(\w+)\.models\.(\w+)$/.exec(r.qual) : null;
    if (m) ref = `${m[1]}.${m[2]}`;
  }
  ref ??= swappableDefault(ctx, mod, e);
  if (ref === null) return null;
  const table = CONTRIB_TABLES[ref.toLowerCase()];
  return table ? { table, model: ref.split(".").pop()! } : null;
}
