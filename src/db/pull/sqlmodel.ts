import { Imports } from "./imports.js";
import { pyStr } from "./names.js";
import type { PlannedClass, PlannedRelationship, PullPlan } from "./plan.js";
import {
  columnParts,
  HEADER,
  relationshipOptions,
  renderEnums,
  renderInit,
  renderTable,
  tableArgs,
} from "./sqlalchemy.js";

/**
 * SQLModel classes (`table=True`). Every field carries its exact SQLAlchemy column
 * (`Field(sa_column=Column(...))`): SQLModel's own Field options cannot say server defaults,
 * database enum names or composite keys, and the database is the truth here.
 */
export function renderSqlmodel(plan: PullPlan): Map<string, string> {
  const files = new Map<string, string>();
  if (plan.enums.size) files.set("enums.py", renderEnums(plan));
  for (const [mod, classes] of plan.modules) files.set(`${mod}.py`, renderModule(plan, classes));
  const init = renderInit(plan, false)
    .replace(HEADER, `${HEADER}from sqlmodel import SQLModel\n`)
    .replace("__all__ = [\n", '__all__ = [\n    "SQLModel",\n');
  files.set("__init__.py", init);
  return files;
}

function renderModule(plan: PullPlan, classes: PlannedClass[]): string {
  const im = new Imports();
  im.add("sqlmodel", "SQLModel");
  const bodies = classes.map((c) => renderClass(plan, c, im));
  return `${HEADER}${im.render()}\n\n\n${bodies.join("\n\n\n")}\n`;
}

function renderClass(plan: PullPlan, c: PlannedClass, im: Imports): string {
  if (c.tableOnly) return renderTable(plan, c, im, "SQLModel.metadata");
  const lines = [`class ${c.name}(SQLModel, table=True):`, `    __tablename__ = ${pyStr(c.table.name)}`];
  const args = tableArgs(c.table, c, im, plan.dialect);
  if (args) lines.push(`    __table_args__ = ${args}`);
  lines.push("");
  for (const pc of c.columns) {
    const { args: colArgs, py } = columnParts(plan, c, pc, "1.4", im);
    im.add("sqlmodel", "Field").add("sqlalchemy", "Column");
    // A nullable field, or a key the database fills, may be None when the object is created.
    const generated = pc.column.autoincrement === true || pc.column.serverDefault != null || !!pc.column.computed;
    const optional =
      generated && !py.startsWith("Optional[") ? `${im.add("typing", "Optional") && "Optional"}[${py}]` : py;
    const dflt = pc.column.nullable || generated ? "default=None, " : "";
    lines.push(`    ${pc.attr}: ${optional} = Field(${dflt}sa_column=Column(${colArgs.join(", ")}))`);
  }
  if (c.relationships.length) lines.push("");
  for (const r of c.relationships) lines.push(`    ${renderRelationship(c, r, im)}`);
  return lines.join("\n");
}

function renderRelationship(c: PlannedClass, r: PlannedRelationship, im: Imports): string {
  im.add("sqlmodel", "Relationship");
  const kw = relationshipOptions(c, r, true);
  const args = [`back_populates=${pyStr(r.backPopulates)}`];
  if (Object.keys(kw).length)
    args.push(
      `sa_relationship_kwargs={${Object.entries(kw)
        .map(([k, v]) => `${pyStr(k)}: ${v}`)
        .join(", ")}}`,
    );
  const ann =
    r.kind === "one-to-many"
      ? `${im.add("typing", "List") && "List"}[${pyStr(r.targetClass)}]`
      : `${im.add("typing", "Optional") && "Optional"}[${pyStr(r.targetClass)}]`;
  return `${r.name}: ${ann} = Relationship(${args.join(", ")})`;
}
