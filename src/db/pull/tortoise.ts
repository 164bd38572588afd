import type { ColumnType, Index } from "../../schema/model.js";
import { Imports } from "./imports.js";
import { pyStr } from "./names.js";
import type { PlannedClass, PlannedColumn, PlannedRelationship, PullPlan } from "./plan.js";
import { renderEnums } from "./sqlalchemy.js";
import { isOneToOne, lossNote, renderModuleWith, renderPackage } from "./field-orm.js";

const ON_DELETE: Record<string, string> = {
  CASCADE: "CASCADE",
  "SET NULL": "SET_NULL",
  "SET DEFAULT": "SET_DEFAULT",
  RESTRICT: "RESTRICT",
};

/**
 * Tortoise ORM models for the app label `models` (`fields.ForeignKeyField("models.User")`).
 * Server defaults, database enum types and composite keys, which Tortoise cannot declare, are
 * said in a comment on the field.
 */
export function renderTortoise(plan: PullPlan): Map<string, string> {
  return renderPackage(plan, renderEnums, renderModule);
}

function renderModule(plan: PullPlan, classes: PlannedClass[]): string {
  const im = new Imports().add("tortoise", "fields").add("tortoise.models", "Model");
  const bodies = classes.map((c) => renderClass(plan, c, im));
  return renderModuleWith(im, bodies);
}

function renderClass(plan: PullPlan, c: PlannedClass, im: Imports): string {
  const t = c.table;
  const lines = [`class ${c.name}(Model):`];
  const fks = new Map(
    c.relationships
      .filter((r) => r.kind === "many-to-one" && r.fk.columns.length === 1)
      .map((r) => [r.fk.columns[0], r]),
  );
  const fieldName = new Map<string, string>();
  for (const pc of c.columns) {
    const rel = fks.get(pc.column.name);
    fieldName.set(pc.column.name, rel ? rel.name : pc.attr);
    lines.push(`    ${rel ? rel.name : pc.attr} = ${rel ? relationField(plan, c, pc, rel) : field(plan, c, pc, im)}`);
  }
  const names = (cols: string[]) => `(${cols.map((x) => pyStr(fieldName.get(x) ?? x)).join(", ")},)`;
  // Tortoise refuses `TextField(unique=True)` and `TextField(index=True)` (ConfigurationError when
  // the model is loaded); the same constraint and index are declared in Meta, where it takes them.
  const textColumns = new Set(
    c.columns.filter((pc) => !fks.has(pc.column.name) && isText(pc, plan)).map((pc) => pc.column.name),
  );
  const text = (cols: string[]) => cols.length === 1 && textColumns.has(cols[0]);
  const meta = [`        table = ${pyStr(t.name)}`];
  if (t.comment) meta.push(`        table_description = ${pyStr(t.comment)}`);
  // A unique index on plain columns is what Tortoise's unique_together builds on PostgreSQL and SQLite.
  const together = [
    ...t.uniqueConstraints.filter((u) => u.columns.length > 1 || text(u.columns)).map((u) => u.columns),
    ...t.indexes
      .filter((i) => plainIndex(i) && i.unique && (i.columns.length > 1 || text(i.columns)))
      .map((i) => i.columns),
  ];
  if (t.primaryKey.length > 1) together.unshift(t.primaryKey);
  if (together.length) meta.push(`        unique_together = (${together.map(names).join(", ")},)`);
  const idx = t.indexes.filter((i) => plainIndex(i) && (i.columns.length > 1 || text(i.columns)) && !i.unique);
  if (idx.length) meta.push(`        indexes = (${idx.map((i) => names(i.columns)).join(", ")},)`);
  // Tortoise's core declares btree indexes on columns only: the rest is said, not declared.
  for (const i of t.indexes.filter((x) => !plainIndex(x))) {
    meta.push(
      `        # database: index ${i.name ?? ""} (${[...i.columns, ...(i.expressions ?? [])].join(", ")})${i.method ? ` USING ${i.method}` : ""} is not declared`.replace(
        /index {2}/,
        "index ",
      ),
    );
  }
  lines.push("", "    class Meta:", ...meta);
  return lines.join("\n");
}

/** A column Tortoise maps to TextField, which takes no `unique=` or `index=` of its own. */
function isText(pc: PlannedColumn, plan: PullPlan): boolean {
  return tortoiseType(pc.column.type, plan, new Imports()).kind === "TextField";
}

function options(c: PlannedClass, pc: PlannedColumn, sourceField: boolean, text = false): string[] {
  const col = pc.column;
  const pk = c.table.primaryKey;
  const o: string[] = [];
  if (pk[0] === col.name) o.push("pk=True");
  if (sourceField) o.push(`source_field=${pyStr(col.name)}`);
  if (col.nullable && !pk.includes(col.name)) o.push("null=True");
  const single = (cols: string[]) => cols.length === 1 && cols[0] === col.name;
  const uniqueIndex = c.table.indexes.some((i) => plainIndex(i) && i.unique && single(i.columns));
  if (!pk.includes(col.name) && !text && (uniqueIndex || c.table.uniqueConstraints.some((u) => single(u.columns))))
    o.push("unique=True");
  if (!pk.includes(col.name) && !text && c.table.indexes.some((i) => plainIndex(i) && single(i.columns) && !i.unique))
    o.push("index=True");
  if (col.comment) o.push(`description=${pyStr(col.comment)}`);
  return o;
}

/** A btree index on plain columns with default operator classes: what `index=True` and Meta.indexes make. */
function plainIndex(i: Index): boolean {
  return !i.expressions?.length && !i.method && !i.opclasses;
}

function field(plan: PullPlan, c: PlannedClass, pc: PlannedColumn, im: Imports): string {
  const col = pc.column;
  const auto = col.autoincrement === true && c.table.primaryKey.length === 1 && c.table.primaryKey[0] === col.name;
  const { kind, args } = tortoiseType(col.type, plan, im);
  const opts = [...args, ...options(c, pc, pc.explicitName, kind === "TextField")];
  if (!auto && c.table.primaryKey[0] === col.name && /Int/.test(kind)) opts.push("generated=False");
  return `fields.${kind}(${opts.join(", ")})${lossNote(plan, c, pc)}`;
}

function relationField(plan: PullPlan, c: PlannedClass, pc: PlannedColumn, rel: PlannedRelationship): string {
  const oneToOne = isOneToOne(plan, rel.fk);
  const opts = [
    pyStr(`models.${rel.targetClass}`),
    `related_name=${pyStr(rel.backPopulates)}`,
    `on_delete=fields.${ON_DELETE[rel.fk.onDelete ?? ""] ?? "NO_ACTION"}`,
  ];
  opts.push(...options(c, pc, `${rel.name}_id` !== pc.column.name).filter((o) => o !== "unique=True" || !oneToOne));
  return `fields.${oneToOne ? "OneToOneField" : "ForeignKeyField"}(${opts.join(", ")})${lossNote(plan, c, pc)}`;
}

function tortoiseType(t: ColumnType, plan: PullPlan, im: Imports): { kind: string; args: string[] } {
  switch (t.normalized) {
    case "integer":
      return { kind: "IntField", args: [] };
    case "bigint":
      return { kind: "BigIntField", args: [] };
    case "smallint":
      return { kind: "SmallIntField", args: [] };
    case "float":
    case "double":
      return { kind: "FloatField", args: [] };
    case "numeric":
      return { kind: "DecimalField", args: [`max_digits=${t.precision ?? 65}`, `decimal_places=${t.scale ?? 30}`] };
    case "string":
      return t.length ? { kind: "CharField", args: [`max_length=${t.length}`] } : { kind: "TextField", args: [] };
    case "boolean":
      return { kind: "BooleanField", args: [] };
    case "date":
      return { kind: "DateField", args: [] };
    case "time":
      return { kind: "TimeField", args: [] };
    case "datetime":
      return { kind: "DatetimeField", args: [] };
    case "uuid":
      return { kind: "UUIDField", args: [] };
    case "json":
    case "jsonb":
    case "array":
      return { kind: "JSONField", args: [] };
    case "binary":
      return { kind: "BinaryField", args: [] };
    case "enum": {
      const e = t.enum ? plan.enums.get(t.enum) : undefined;
      if (!e) return { kind: "TextField", args: [] };
      im.add(".enums", e.name);
      return {
        kind: "CharEnumField",
        args: [e.name, `max_length=${Math.max(1, ...e.members.map((m) => m.value.length))}`],
      };
    }
    default:
      return { kind: "TextField", args: [] };
  }
}
