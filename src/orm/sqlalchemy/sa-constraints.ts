import type { Table } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import type { ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { saCallKind, setFkTarget } from "./sa-columns.js";

/**
 * Table-level items of `Table(...)` and `__table_args__`: Index, UniqueConstraint,
 * CheckConstraint, PrimaryKeyConstraint, ForeignKeyConstraint. Returns false when the expression
 * is none of these.
 */
export function readTableItem(ctx: ExtractContext, mod: PyModule, e: Expr, table: Table): boolean {
  if (e.k !== "call") return false;
  const kind = saCallKind(ctx, mod, e);
  const source = ctx.loc(mod, e.line);
  const name = str(e.kw.name);
  switch (kind) {
    case "Index": {
      const [first, ...rest] = e.args;
      const idxName = str(first) ?? name;
      const cols = str(first) !== null ? rest : e.args;
      const { columns, expressions } = columnList(ctx, mod, cols, table);
      table.indexes.push({ name: idxName, columns, unique: literal(e.kw.unique) === true, ...(expressions.length ? { expressions } : {}), source });
      return true;
    }
    case "UniqueConstraint":
      table.uniqueConstraints.push({ name, columns: columnList(ctx, mod, e.args, table).columns, source });
      return true;
    case "CheckConstraint": {
      const sql = e.args[0] ?? e.kw.sqltext;
      table.checkConstraints.push({ name, expression: sql ? (str(sql) ?? sql.text) : "", source });
      return true;
    }
    case "PrimaryKeyConstraint": {
      const cols = columnList(ctx, mod, e.args, table).columns;
      table.primaryKey = cols;
      for (const c of table.columns) if (cols.includes(c.name)) { c.primaryKey = true; if (!c.unknown?.includes("nullable")) c.nullable = false; }
      return true;
    }
    case "ForeignKeyConstraint": {
      const cols = e.args[0] ?? e.kw.columns;
      const refs = e.args[1] ?? e.kw.refcolumns;
      if (!cols || !refs) return false;
      const colList = itemsOf(cols);
      const fk = {
        name, columns: columnList(ctx, mod, colList, table).columns, refTable: "?", refColumns: [] as string[],
        onDelete: str(e.kw.ondelete), onUpdate: str(e.kw.onupdate), source,
      };
      setFkTarget(ctx, mod, fk, itemsOf(refs), 0);
      table.foreignKeys.push(fk);
      return true;
    }
    default:
      return false;
  }
}

function itemsOf(e: Expr): Expr[] {
  return e.k === "list" || e.k === "tuple" ? e.items : [e];
}

/** Column references: "col" (name or attribute key), `Model.col`, `table.c.col`; anything else is an expression. */
export function columnList(_ctx: ExtractContext, _mod: PyModule, args: Expr[], table: Table): { columns: string[]; expressions: string[] } {
  const columns: string[] = [];
  const expressions: string[] = [];
  for (const a of args) {
    const s = str(a);
    const key = s ?? (a.k === "attr" ? a.attr : a.k === "name" ? a.id : null);
    if (key === null) {
      expressions.push(a.text);
      continue;
    }
    // A string names a column (its key is its name); `Model.attr` names the attribute.
    const col = s !== null
      ? (table.columns.find((c) => c.name === key) ?? table.columns.find((c) => c.attribute === key))
      : (table.columns.find((c) => (c.attribute ?? c.name) === key) ?? table.columns.find((c) => c.name === key));
    columns.push(col ? col.name : key);
  }
  return { columns, expressions };
}
