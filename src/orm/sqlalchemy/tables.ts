import type { Framework, Table } from "../../schema/model.js";
import type { ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import type { ColumnDraft } from "./sa-columns.js";

/** An empty table at a source location. */
export function newTable(
  ctx: ExtractContext,
  o: { name: string; schema: string | null; framework: Framework; mod: PyModule; line: number; model?: string | null },
): Table {
  return {
    name: o.name,
    schema: o.schema,
    model: o.model ?? null,
    module: o.mod.module,
    framework: o.framework,
    columns: [],
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
    uniqueConstraints: [],
    checkConstraints: [],
    relationships: [],
    comment: null,
    inherits: null,
    source: ctx.loc(o.mod, o.line),
  };
}

/** Adds a column and its column-level foreign keys; the primary key follows the columns' flags. */
export function addColumn(table: Table, d: ColumnDraft): void {
  table.columns.push(d.column);
  table.foreignKeys.push(...d.foreignKeys);
  if (d.column.primaryKey && !table.primaryKey.includes(d.column.name)) table.primaryKey.push(d.column.name);
}
