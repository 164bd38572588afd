import type { Table } from "../../schema/model.js";
import { literal, str, type Expr } from "../expr.js";
import type { ExtractContext } from "../context.js";
import type { PyModule } from "../pymodule.js";
import { enumOfMember, evalConst } from "../consts.js";
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
      // postgresql_where / sqlite_where make the index partial; postgresql_using names its method.
      const where = e.kw.postgresql_where ?? e.kw.sqlite_where;
      // As the database holds it (`scaling_group_name IS NULL`), not as written (`.is_(None)`).
      const predicate = where ? (whereSql(where) ?? sqlOfExpression(ctx, mod, where, null, table) ?? where.text) : null;
      if (predicate) expressions.push(`WHERE ${predicate}`);
      const method = str(e.kw.postgresql_using);
      table.indexes.push({
        name: idxName,
        columns,
        unique: literal(e.kw.unique) === true,
        ...(expressions.length ? { expressions } : {}),
        ...(method && method !== "btree" ? { method } : {}),
        ...(predicate ? { where: predicate } : {}),
        ...(method ? { using: method } : {}),
        source,
      });
      return true;
    }
    case "UniqueConstraint":
      table.uniqueConstraints.push({ name, columns: columnList(ctx, mod, e.args, table).columns, source });
      return true;
    case "CheckConstraint": {
      const sql = e.args[0] ?? e.kw.sqltext;
      table.checkConstraints.push({
        name,
        expression: sql ? (str(sql) ?? constSql(ctx, mod, sql) ?? sqlOfExpression(ctx, mod, sql) ?? sql.text) : "",
        source,
      });
      return true;
    }
    case "PrimaryKeyConstraint": {
      const cols = columnList(ctx, mod, e.args, table).columns;
      table.primaryKey = cols;
      for (const c of table.columns)
        if (cols.includes(c.name)) {
          c.primaryKey = true;
          if (!c.unknown?.includes("nullable")) c.nullable = false;
        }
      return true;
    }
    case "ForeignKeyConstraint": {
      const cols = e.args[0] ?? e.kw.columns;
      const refs = e.args[1] ?? e.kw.refcolumns;
      if (!cols || !refs) return false;
      const colList = itemsOf(cols);
      const fk = {
        name,
        columns: columnList(ctx, mod, colList, table).columns,
        refTable: "?",
        refColumns: [] as string[],
        onDelete: str(e.kw.ondelete),
        onUpdate: str(e.kw.onupdate),
        source,
      };
      setFkTarget(ctx, mod, fk, itemsOf(refs), 0);
      table.foreignKeys.push(fk);
      return true;
    }
    default:
      return false;
  }
}

/** `text("deleted_at IS NULL")` or a plain string: the predicate's SQL; else null. */
function whereSql(e: Expr): string | null {
  if (e.k === "call" && /(^|\.)text$/.test(e.fn.text) && e.args[0]) return str(e.args[0]) ?? e.text;
  return str(e);
}

const COMPARE: Record<string, string> = { "==": "=", "!=": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=" };

/**
 * A check written in SQLAlchemy's expression language (`sa.or_(sa.column("stage") == Stage.GONE.value,
 * sa.column("image").isnot(None))`) as SQL with its values inlined, as SQLAlchemy compiles it with
 * literal binds: `stage = 'gone' OR image IS NOT NULL`. Null when any part is not understood.
 */
export function sqlOfExpression(
  ctx: ExtractContext,
  mod: PyModule,
  e: Expr,
  parent: "or" | "and" | null = null,
  table?: Table,
): string | null {
  if (e.k === "call") {
    const fn = e.fn.k === "attr" ? e.fn.attr : e.fn.k === "name" ? e.fn.id : "";
    if (fn === "or_" || fn === "and_") {
      const kind = fn === "or_" ? "or" : "and";
      const parts = e.args.map((a) => sqlOfExpression(ctx, mod, a, kind, table));
      if (parts.length === 0 || parts.some((p) => p === null)) return null;
      const joined = parts.join(kind === "or" ? " OR " : " AND ");
      return parent === "and" && kind === "or" && parts.length > 1 ? `(${joined})` : joined;
    }
    if (fn === "not_" && e.args.length === 1) {
      const inner = sqlOfExpression(ctx, mod, e.args[0], null, table);
      return inner === null ? null : `NOT (${inner})`;
    }
    if ((fn === "column" || fn === "literal_column") && e.args.length === 1) return str(e.args[0]);
    if (e.fn.k === "attr" && e.args.length === 1 && literal(e.args[0]) === null && /^(isnot|is_not|is_)$/.test(fn)) {
      const col = sqlOfExpression(ctx, mod, e.fn.obj, null, table);
      return col === null ? null : `${col} IS ${fn === "is_" ? "" : "NOT "}NULL`;
    }
    return null;
  }
  // `(a == X) | (b == Y)` and `~a & ~b`: the operator forms of or_/and_/not_, flattened as SQLAlchemy renders them.
  if (e.k === "binop" && (e.op === "|" || e.op === "&")) {
    const kind = e.op === "|" ? "or" : "and";
    const operands = (x: Expr): Expr[] =>
      x.k === "binop" && x.op === e.op ? [...operands(x.left), ...operands(x.right)] : [x];
    const parts = operands(e).map((a) => sqlOfExpression(ctx, mod, a, kind, table));
    if (parts.some((p) => p === null)) return null;
    const joined = parts.join(kind === "or" ? " OR " : " AND ");
    return parent === "and" && kind === "or" ? `(${joined})` : joined;
  }
  if (e.k === "not") {
    const inner = sqlOfExpression(ctx, mod, e.arg, null, table);
    if (inner === null) return null;
    return e.arg.k === "name" || e.arg.k === "attr" ? `NOT ${inner}` : `NOT (${inner})`;
  }
  // Inside a table's own items, `col` (a class-body Column), `Model.col` and `table.c.col` name its columns.
  if (table && (e.k === "name" || e.k === "attr")) {
    const key = e.k === "name" ? e.id : e.attr;
    const col = table.columns.find((c) => (c.attribute ?? c.name) === key) ?? table.columns.find((c) => c.name === key);
    return col ? col.name : null;
  }
  if (e.k === "binop" && COMPARE[e.op]) {
    const left = sqlOfExpression(ctx, mod, e.left, null, table);
    if (left === null) return null;
    // A member of the Python enum of an Enum column: SQLAlchemy binds its label, the member's name.
    const enumColumn = table?.columns.find((c) => c.name === left)?.type.normalized === "enum";
    const member =
      enumColumn && e.right.k === "attr" && !/^(value|name)$/.test(e.right.attr) && enumOfMember(ctx, mod, e.right)
        ? e.right.attr
        : undefined;
    const v = member ?? evalConst(ctx, mod, e.right);
    if (v === undefined) return null;
    if (v === null) return `${left} IS ${e.op === "!=" ? "NOT " : ""}NULL`;
    const lit =
      typeof v === "string"
        ? `'${v.replace(/'/g, "''")}'`
        : typeof v === "boolean"
          ? v
            ? "true"
            : "false"
          : String(v);
    return `${left} ${COMPARE[e.op]} ${lit}`;
  }
  return null;
}

/** A check's SQL kept in a constant or built by an f-string of constants (`f"email ~ '{EMAIL_REGEX}'"`). */
function constSql(ctx: ExtractContext, mod: PyModule, e: Expr): string | null {
  if (e.k !== "fstr" && e.k !== "name" && e.k !== "attr") return null;
  const v = evalConst(ctx, mod, e);
  return typeof v === "string" ? v : null;
}

function itemsOf(e: Expr): Expr[] {
  return e.k === "list" || e.k === "tuple" ? e.items : [e];
}

/** Column references: "col" (name or attribute key), `Model.col`, `table.c.col`; anything else is an expression. */
export function columnList(
  _ctx: ExtractContext,
  _mod: PyModule,
  args: Expr[],
  table: Table,
): { columns: string[]; expressions: string[] } {
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
    const col =
      s !== null
        ? (table.columns.find((c) => c.name === key) ?? table.columns.find((c) => c.attribute === key))
        : (table.columns.find((c) => (c.attribute ?? c.name) === key) ?? table.columns.find((c) => c.name === key));
    columns.push(col ? col.name : key);
  }
  return { columns, expressions };
}
