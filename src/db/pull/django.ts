import type { ColumnType, Index, Table } from "../../schema/model.js";
import { Imports } from "./imports.js";
import { pyStr } from "./names.js";
import type { PlannedClass, PlannedColumn, PullPlan } from "./plan.js";
import { HEADER } from "./sqlalchemy.js";
import { isOneToOne, lossNote, renderModuleWith, renderPackage } from "./field-orm.js";

const ON_DELETE: Record<string, string> = {
  CASCADE: "CASCADE",
  "SET NULL": "SET_NULL",
  "SET DEFAULT": "SET_DEFAULT",
  RESTRICT: "RESTRICT",
};

/**
 * Django models (3.2+) for an app's `models` package. What Django cannot declare is said in a
 * comment on the field: server defaults (Django 5 has db_default), database enum types (the
 * field keeps `choices`), composite primary and foreign keys.
 */
export function renderDjango(plan: PullPlan): Map<string, string> {
  return renderPackage(plan, renderChoices, renderModule);
}

function renderChoices(plan: PullPlan): string {
  const parts = [...plan.enums.values()].map(
    (e) =>
      `class ${e.name}(models.TextChoices):\n${e.members.map((m) => `    ${m.name} = ${pyStr(m.value)}`).join("\n") || "    pass"}\n`,
  );
  return `${HEADER}from django.db import models\n\n\n${parts.join("\n\n")}`;
}

function renderModule(plan: PullPlan, classes: PlannedClass[]): string {
  const im = new Imports().add("django.db", "models");
  const bodies = classes.map((c) => renderClass(plan, c, im));
  return renderModuleWith(im, bodies);
}

function renderClass(plan: PullPlan, c: PlannedClass, im: Imports): string {
  const lines = [`class ${c.name}(models.Model):`];
  const t = c.table;
  const fkFields = new Map(
    c.relationships
      .filter((r) => r.kind === "many-to-one" && r.fk.columns.length === 1)
      .map((r) => [r.fk.columns[0], r]),
  );
  const fieldName = new Map<string, string>();
  const indexes = djangoIndexes(t);
  for (const pc of c.columns) {
    const rel = fkFields.get(pc.column.name);
    const name = rel ? rel.name : pc.attr;
    fieldName.set(pc.column.name, name);
    lines.push(
      `    ${name} = ${rel ? foreignKey(plan, c, pc, rel) : field(plan, c, pc, im, indexes.dbIndex.has(pc.column.name))}`,
    );
  }
  const meta = [`        db_table = ${pyStr(t.name)}`];
  const together = [
    ...t.uniqueConstraints.filter((u) => u.columns.length > 1).map((u) => u.columns),
    ...indexes.together,
  ];
  if (t.primaryKey.length > 1) together.unshift(t.primaryKey);
  if (together.length)
    meta.push(
      `        unique_together = (${together.map((u) => `(${u.map((x) => pyStr(fieldName.get(x) ?? x)).join(", ")})`).join(", ")},)`,
    );
  const declared = indexes.meta.map((i) => metaIndex(i, fieldName, im));
  // A single-column unique constraint with a name of its own: `unique=True` would rename it.
  for (const u of t.uniqueConstraints.filter(
    (x) => x.columns.length === 1 && !t.primaryKey.includes(x.columns[0]) && !defaultUniqueName(t, x),
  )) {
    declared.push({
      kind: "constraint",
      text: `models.UniqueConstraint(fields=[${pyStr(fieldName.get(u.columns[0]) ?? u.columns[0])}], name=${pyStr(u.name!)})`,
    });
  }
  const idx = declared.filter((d) => d.kind === "index").map((d) => d.text);
  const cons = declared.filter((d) => d.kind === "constraint").map((d) => d.text);
  if (idx.length) meta.push(`        indexes = [${idx.join(", ")}]`);
  if (cons.length) meta.push(`        constraints = [${cons.join(", ")}]`);
  for (const d of declared) if (d.kind === "lost") meta.push(`        # database: ${d.text}`);
  lines.push("", "    class Meta:", ...meta);
  return lines.join("\n");
}

/**
 * How the table's indexes are declared in Django: a plain single-column index is the field's
 * `db_index=True` (a ForeignKey's by default), PostgreSQL's `*_pattern_ops` companion of an
 * indexed or unique text column is Django's own and not declared; the rest go in Meta.
 */
function djangoIndexes(t: Table): { dbIndex: Set<string>; meta: Index[]; together: string[][] } {
  const dbIndex = new Set<string>();
  const meta: Index[] = [];
  const together: string[][] = [];
  for (const i of t.indexes) {
    // A unique index on plain columns is how Django itself builds unique_together on SQLite.
    if (i.unique && !i.expressions?.length && !i.method && !i.opclasses && i.columns.length > 1) {
      together.push(i.columns);
      continue;
    }
    const plain = !i.expressions?.length && !i.method && !i.unique && i.columns.length === 1;
    // db_index=True on a primary key makes no second index: such an index (SQLAlchemy's `ix_x_id`) goes in Meta.
    if (plain && !i.opclasses && !t.primaryKey.includes(i.columns[0])) {
      dbIndex.add(i.columns[0]);
      continue;
    }
    if (plain && i.opclasses?.every((o) => o === "" || /_pattern_ops$/.test(o))) continue;
    if (i.columns.length > 0) meta.push(i);
  }
  return { dbIndex, meta, together };
}

/** The name the database gives an inline UNIQUE column (PostgreSQL `t_c_key`, MySQL the column, SQLite none). */
function defaultUniqueName(t: Table, u: { name?: string | null; columns: string[] }): boolean {
  return !u.name || u.name === `${t.name}_${u.columns[0]}_key` || u.name === u.columns[0];
}

const DJANGO_INDEX_CLASSES: Record<string, string> = {
  gin: "GinIndex",
  gist: "GistIndex",
  hash: "HashIndex",
  brin: "BrinIndex",
  spgist: "SpGistIndex",
};

/** One Meta.indexes or Meta.constraints entry, or what Django cannot say about the index. */
function metaIndex(
  i: Index,
  fieldName: Map<string, string>,
  im: Imports,
): { kind: "index" | "constraint" | "lost"; text: string } {
  const fields = `fields=[${i.columns.map((x) => pyStr(fieldName.get(x) ?? x)).join(", ")}]`;
  // Django refuses index names over 30 characters or starting with `_` or a digit (models.E033/E034):
  // such an index is declared without a name and Django names it.
  const name = i.name && i.name.length <= 30 && !/^[_\d]/.test(i.name) ? `, name=${pyStr(i.name)}` : "";
  const where = (i.expressions ?? []).filter((e) => e.startsWith("WHERE "));
  const other = (i.expressions ?? []).filter((e) => !e.startsWith("WHERE "));
  const q = where.length === 1 ? conditionQ(where[0].slice(6), fieldName) : null;
  if (other.length || (where.length && !q) || (i.method && !DJANGO_INDEX_CLASSES[i.method]) || i.opclasses) {
    return {
      kind: "lost",
      text: `index ${i.name ?? ""} ${[...i.columns, ...(i.expressions ?? [])].join(", ")} is not declared (Django cannot say it)`.replace(
        /\s+/g,
        " ",
      ),
    };
  }
  if (q) im.add("django.db.models", "Q");
  const condition = q ? `, condition=${q}` : "";
  if (i.unique)
    return {
      kind: "constraint",
      text: `models.UniqueConstraint(${fields}${name || `, name=${pyStr(i.name ?? "")}`}${condition})`,
    };
  if (i.method) {
    im.add("django.contrib.postgres.indexes", DJANGO_INDEX_CLASSES[i.method]);
    return { kind: "index", text: `${DJANGO_INDEX_CLASSES[i.method]}(${fields}${name}${condition})` };
  }
  return { kind: "index", text: `models.Index(${fields}${name}${condition})` };
}

/** A partial index's predicate as a Q object, for the simple forms: `col IS [NOT] NULL`, `col = literal`. */
function conditionQ(pred: string, fieldName: Map<string, string>): string | null {
  const s = pred
    .trim()
    .replace(/^\((.*)\)$/s, "$1")
    .trim();
  const col = String.raw`("(?:[^"]|"")+"|[A-Za-z_]\w*)`;
  const field = (c: string) => fieldName.get(c.replace(/^"|"$/g, "").replace(/""/g, '"'));
  let m = new RegExp(`^${col} IS (NOT )?NULL$`, "i").exec(s);
  if (m && field(m[1])) return `Q(${field(m[1])}__isnull=${m[2] ? "False" : "True"})`;
  m = new RegExp(`^${col} = (?:'((?:[^']|'')*)'(?:::[\\w ]+)?|(true|false)|(-?\\d+))$`, "i").exec(s);
  if (m && field(m[1])) {
    const v =
      m[2] !== undefined
        ? pyStr(m[2].replace(/''/g, "'"))
        : m[3]
          ? m[3].toLowerCase() === "true"
            ? "True"
            : "False"
          : m[4];
    return `Q(${field(m[1])}=${v})`;
  }
  return null;
}

function common(c: PlannedClass, pc: PlannedColumn, dbColumn: boolean): string[] {
  const col = pc.column;
  const o: string[] = [];
  const pk = c.table.primaryKey;
  if (pk[0] === col.name) o.push("primary_key=True");
  if (dbColumn) o.push(`db_column=${pyStr(col.name)}`);
  if (col.nullable && !pk.includes(col.name)) o.push("blank=True", "null=True");
  const single = (cols: string[]) => cols.length === 1 && cols[0] === col.name;
  if (
    !pk.includes(col.name) &&
    c.table.uniqueConstraints.some((u) => single(u.columns) && defaultUniqueName(c.table, u))
  )
    o.push("unique=True");
  return o;
}

function field(plan: PullPlan, c: PlannedClass, pc: PlannedColumn, im: Imports, dbIndex: boolean): string {
  const col = pc.column;
  const auto = col.autoincrement === true && c.table.primaryKey.length === 1 && c.table.primaryKey[0] === col.name;
  const { kind, args } = djangoType(col.type, plan, auto, im);
  const opts = [...args, ...common(c, pc, pc.explicitName)];
  if (dbIndex && !opts.includes("unique=True") && !opts.includes("primary_key=True")) opts.push("db_index=True");
  return `${kind.includes(".") || kind === "ArrayField" ? kind : `models.${kind}`}(${opts.join(", ")})${lossNote(plan, c, pc)}`;
}

function foreignKey(
  plan: PullPlan,
  c: PlannedClass,
  pc: PlannedColumn,
  rel: PlannedClass["relationships"][number],
): string {
  const target = rel.selfReferential ? '"self"' : pyStr(rel.targetClass);
  const oneToOne = isOneToOne(plan, rel.fk);
  const kind = oneToOne ? "OneToOneField" : "ForeignKey";
  const onDelete = `models.${ON_DELETE[rel.fk.onDelete ?? ""] ?? "DO_NOTHING"}`;
  const opts = [target, onDelete, `related_name=${pyStr(rel.backPopulates)}`];
  const refPk = plan.classes.find((x) => x.name === rel.targetClass)?.table.primaryKey ?? [];
  if (rel.fk.refColumns[0] && !(refPk.length === 1 && refPk[0] === rel.fk.refColumns[0]))
    opts.push(`to_field=${pyStr(rel.fk.refColumns[0])}`);
  opts.push(...common(c, pc, `${rel.name}_id` !== pc.column.name));
  // Django indexes every ForeignKey unless told not to; the database is the truth.
  const indexed = c.table.indexes.some((i) => i.columns.length === 1 && i.columns[0] === pc.column.name);
  if (!oneToOne && !indexed && !c.table.primaryKey.includes(pc.column.name)) opts.push("db_index=False");
  return `models.${kind}(${opts.join(", ")})${lossNote(plan, c, pc)}`;
}

function djangoType(t: ColumnType, plan: PullPlan, auto: boolean, im: Imports): { kind: string; args: string[] } {
  switch (t.normalized) {
    case "integer":
      return { kind: auto ? "AutoField" : "IntegerField", args: [] };
    case "bigint":
      return { kind: auto ? "BigAutoField" : "BigIntegerField", args: [] };
    case "smallint":
      return { kind: auto ? "SmallAutoField" : "SmallIntegerField", args: [] };
    case "float":
    case "double":
      return { kind: "FloatField", args: [] };
    case "numeric":
      return { kind: "DecimalField", args: [`max_digits=${t.precision ?? 65}`, `decimal_places=${t.scale ?? 30}`] };
    case "string":
      return t.length ? { kind: "CharField", args: [`max_length=${t.length}`] } : { kind: "TextField", args: [] };
    case "text":
      return { kind: "TextField", args: [] };
    case "boolean":
      return { kind: "BooleanField", args: [] };
    case "date":
      return { kind: "DateField", args: [] };
    case "time":
      return { kind: "TimeField", args: [] };
    case "datetime":
      return { kind: "DateTimeField", args: [] };
    case "interval":
      return { kind: "DurationField", args: [] };
    case "uuid":
      return { kind: "UUIDField", args: [] };
    case "json":
    case "jsonb":
      return { kind: "JSONField", args: [] };
    case "binary":
      return { kind: "BinaryField", args: [] };
    case "inet":
    case "cidr":
      return { kind: "GenericIPAddressField", args: [] };
    case "array": {
      im.add("django.contrib.postgres.fields", "ArrayField");
      const item = t.item ? djangoType(t.item, plan, false, im) : { kind: "TextField", args: [] };
      // ArrayField lives in django.contrib.postgres.fields, not django.db.models.
      return { kind: "ArrayField", args: [`models.${item.kind}(${item.args.join(", ")})`] };
    }
    case "enum": {
      const e = t.enum ? plan.enums.get(t.enum) : undefined;
      if (!e) return { kind: "TextField", args: [] };
      im.add(".enums", e.name);
      return {
        kind: "CharField",
        args: [`max_length=${Math.max(1, ...e.members.map((m) => m.value.length))}`, `choices=${e.name}.choices`],
      };
    }
    default:
      return { kind: "TextField", args: [] };
  }
}
