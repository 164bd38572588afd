import { identityClause } from "../ddl.js";
import { dialectSpec } from "../dialect.js";
import type { Imports } from "./imports.js";
import type { PlannedClass, PlannedColumn, PullPlan } from "./plan.js";
import { cleanDefault, HEADER, renderInit } from "./sqlalchemy.js";
import { frameworkTraits } from "../../schema/frameworks.js";

/** Shared by the field-declaring ORMs (Django, Tortoise): one module per group, enums, `__init__`. */
export function renderPackage(
  plan: PullPlan,
  enums: (plan: PullPlan) => string,
  module: (plan: PullPlan, classes: PlannedClass[]) => string,
): Map<string, string> {
  const files = new Map<string, string>();
  if (plan.enums.size) files.set("enums.py", enums(plan));
  for (const [mod, classes] of plan.modules) files.set(`${mod}.py`, module(plan, classes));
  files.set("__init__.py", renderInit(plan, false));
  return files;
}

export function renderModuleWith(im: Imports, bodies: string[]): string {
  return `${HEADER}${im.render()}\n\n\n${bodies.join("\n\n\n")}\n`;
}

/** What the ORM cannot declare about a column, as a trailing comment (empty when nothing). */
export function lossNote(plan: PullPlan, c: PlannedClass, pc: PlannedColumn): string {
  const col = pc.column;
  const dialect = plan.dialect;
  const notes: string[] = [];
  // Where the framework decides the database type (PostgreSQL: DateTimeField is timestamptz,
  // JSONField jsonb), a column of another type is not what the field declares.
  const declared = dialectSpec(dialect).frameworkType?.(plan.framework, col.type) ?? col.type;
  if (declared.timezone && !col.type.timezone && col.type.normalized === "datetime")
    notes.push("timestamp without time zone");
  if (declared.normalized === "jsonb" && col.type.normalized === "json") notes.push("json, not jsonb");
  if (col.type.normalized === "array" && !frameworkTraits(plan.framework).arrayField)
    notes.push(`${col.type.written} (the ORM's core has no array field)`);
  // Neither ORM can declare it, and both would write it on insert: the database refuses that.
  if (col.computed)
    notes.push(`computed by the database: GENERATED ALWAYS AS (${col.computed.expression}); never assign it`);
  // Neither declares an identity (they create SERIAL keys): the database fills the column.
  if (col.identity)
    notes.push(
      `${identityClause(col.identity)}, which the ORM cannot declare${col.identity.always ? "; never assign it" : ""}`,
    );
  if (col.serverDefault != null && !col.autoincrement) notes.push(`server default ${cleanDefault(col.serverDefault)}`);
  if (col.type.normalized === "enum") notes.push("a database enum type");
  if (c.table.primaryKey.length > 1 && c.table.primaryKey.includes(col.name))
    notes.push("part of a composite primary key");
  // The model's primary key is not the database's: `db diff` reports it (DB020), as this says.
  if (c.standIn?.column === col.name)
    notes.push(
      `the table has no primary key: the model's is this column, NOT NULL with ${c.standIn.evidence} (one row per value)`,
    );
  const target =
    pc.fk && !c.relationships.some((r) => r.kind === "many-to-one" && r.fk === pc.fk)
      ? plan.classes.find((x) => x.table.name === pc.fk!.refTable)
      : undefined;
  if (target?.standIn)
    notes.push(`foreign key to ${pc.fk!.refTable}.${pc.fk!.refColumns[0]}, which has no primary key (no relationship)`);
  return notes.length ? `  # database: ${notes.join("; ")}` : "";
}

/** The foreign key is one-to-one (unique, or the whole primary key) as the plan decided. */
export function isOneToOne(plan: PullPlan, fk: unknown): boolean {
  return plan.classes.some((x) => x.relationships.some((r) => r.fk === fk && r.kind === "one-to-one"));
}
