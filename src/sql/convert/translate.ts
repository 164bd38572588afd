/**
 * One parsed statement (node-sql-parser's AST) as a SQLAlchemy Core statement, written as Python
 * source. Values come from the call's parameters, by placeholder name. What is not supported is
 * a `Refusal` with the reason, never a guess: the proof would catch a wrong guess, but a reason
 * tells the reader what to do.
 */
import type { KnownSchema, KnownTable } from "../known-schema.js";
import { HARD_KEYWORDS } from "../../python/module-name.js";
import { colName } from "../known-schema.js";
import type { Dialect } from "../sql-parse.js";
import { dialectSpec } from "../../db/dialect.js";
import type { ModuleInsert } from "../../db/sql-dialect.js";

export interface Translated {
  /** Python lines that build `stmt` (the first assigns it). */
  lines: string[];
  /** Tables used, by name (their Table variables are declared in the module). */
  tables: string[];
  /** The result has rows (SELECT, or RETURNING). */
  returnsRows: boolean;
  /**
   * ORM style: how the call runs `stmt`. `scalars`: a select of one mapped class, read with
   * session.scalars() and turned back into the rows the old cursor gave; `add`: a new instance
   * (`new_row`, the lines build it), added with session.add(). Absent: session.execute(stmt), as in Core style.
   */
  ormCall?: "scalars" | "add";
  /** Names of module-level imports the lines need beyond `sqlalchemy as sa`. */
  imports: string[];
  /** Columns set to the database clock (CURRENT_TIMESTAMP ...): compared with a tolerance. */
  clockColumns: string[];
  /** Definitions the module holds once for the lines (an Insert class of its own), each as one text. */
  helpers: string[];
}

export class Refusal extends Error {}

export interface TranslateContext {
  schema: KnownSchema;
  dialect: Dialect;
  /** Python expression of each placeholder's value. */
  value(param: string): string;
  /** Whether rows are read by column name (sqlite3.Row, RealDictCursor, DictCursor). */
  mappingRows: boolean;
  /** `--style orm`: statements over mapped classes (`select(Model.col)`, `update(Model)`) instead of Tables. */
  orm?: boolean;
  /** ORM style, run by a Session this function opens: whole-row selects read instances and single-row inserts add one. */
  ormObjects?: boolean;
}

export const tableVar = (name: string) => `${name.replace(/\W/g, "_")}_table`;

/** The mapped class of a table in `--style orm`: the project's model, else one the module declares. */
export const modelOf = (t: KnownTable) => (t.from === "model" && t.model ? t.model : modelVar(t.name));

/** The class the module declares for a table no model maps (`order_items` → `OrderItems`). */
export const modelVar = (name: string) => {
  const camel = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return /^[A-Za-z_]/.test(camel) ? camel : `T${camel}`;
};

const attributeName = (c: string) => /^[A-Za-z]\w*$/.test(c) && !HARD_KEYWORDS.has(c);

export function translate(ast: any, ctx: TranslateContext): Translated {
  const scope = new Scope(ctx);
  switch (ast.type) {
    case "select":
      return scope.select(ast);
    case "insert":
    case "replace":
      return scope.insert(ast);
    case "update":
      return scope.update(ast);
    case "delete":
      return scope.delete(ast);
    default:
      throw new Refusal(`${ast.type} statements are not converted`);
  }
}

class Scope {
  /** Alias or table name → table name. */
  private names = new Map<string, string>();
  private tables: string[] = [];
  private imports: string[] = [];
  private clock: string[] = [];
  private helpers: string[] = [];
  /** Inside an upsert's SET list: how the proposed row is named (`stmt.excluded` or `stmt.inserted`). */
  private proposed: "excluded" | "inserted" | undefined;
  constructor(private ctx: TranslateContext) {}

  private addTable(entry: any): string {
    const name = String(entry.table).toLowerCase();
    if (entry.expr || !entry.table) throw new Refusal("a subquery in FROM is not converted");
    if (!this.ctx.schema.has(name)) throw new Refusal(`table '${name}' is not in the schema`);
    if (this.tables.includes(name)) throw new Refusal(`table '${name}' appears twice (a self-join): not converted`);
    this.tables.push(name);
    this.names.set(name, name);
    if (entry.as) this.names.set(String(entry.as).toLowerCase(), name);
    return name;
  }

  /** What a statement names a table by: its Table, or in ORM style its mapped class. */
  private ref(table: string): string {
    return this.ctx.orm ? modelOf(this.ctx.schema.get(table)!) : tableVar(table);
  }

  /** Every column of a table, in table order: the Table itself, or the mapped class's column attributes. */
  private star(table: string): string {
    const cols = this.ctx.schema.get(table)!.columns;
    if (cols.some((c) => this.asStored(table, c.name)))
      return cols.map((c) => this.stored(table, c.name, this.column(table, c.name), undefined)).join(", ");
    return this.ctx.orm ? `*_columns(${this.ref(table)})` : tableVar(table);
  }

  /**
   * Whether a column is read and written as SQLite stores it, past its model's type: the old
   * cursor returned the stored text of a DateTime and stored the text it was given, where the
   * type would parse it (and refuse text on the way in). Other drivers return the types themselves,
   * but for enums: psycopg2 and PyMySQL return the label as text, `Enum(PyEnum)` the member.
   */
  private asStored(table: string, col: string): boolean {
    const c = this.ctx.schema.get(table)!.columns.find((x) => x.name.toLowerCase() === col.toLowerCase());
    return Boolean(this.ctx.dialect === "sqlite" ? c?.converts : c?.enum);
  }

  /** A selected column, read untyped (under its name) when it is read as stored. */
  private stored(table: string, col: string, py: string, label: string | undefined): string {
    if (!this.asStored(table, col)) return label === undefined ? py : `${py}.label(${JSON.stringify(label)})`;
    return `sa.type_coerce(${py}, sa.types.NullType).label(${JSON.stringify(label ?? col)})`;
  }

  private result(lines: string[], returnsRows: boolean): Translated {
    return {
      lines,
      tables: this.tables,
      returnsRows,
      imports: this.imports,
      clockColumns: this.clock,
      helpers: this.helpers,
    };
  }

  select(ast: any): Translated {
    if (ast.with) throw new Refusal("WITH (common table expressions) is not converted");
    if (ast._next || ast.set_op) throw new Refusal("UNION/INTERSECT/EXCEPT is not converted");
    const from: any[] = ast.from ?? [];
    if (!from.length) throw new Refusal("SELECT without FROM is not converted");
    const names = from.map((f) => this.addTable(f));
    const cols = (
      ast.columns === "*" ? [{ expr: { type: "column_ref", table: null, column: "*" } }] : ast.columns
    ) as any[];
    // Instances hold what the model's types made of the values: a table read as stored is read by columns.
    const entities = !this.ctx.schema.get(names[0])!.columns.some((c) => this.asStored(names[0], c.name));
    if (
      this.ctx.ormObjects &&
      entities &&
      from.length === 1 &&
      cols.length === 1 &&
      isStar(cols[0].expr) &&
      !ast.distinct &&
      !ast.groupby &&
      !ast.having
    )
      return this.selectEntities(ast, names[0]);
    const selected = cols.map((c) => this.selectColumn(c, names));
    let s = `sa.select(${selected.join(", ")})`;
    if (from.length === 1) s += `.select_from(${this.ref(names[0])})`;
    if (from.length > 1 && this.ctx.orm) {
      s += `.select_from(${this.ref(names[0])})`;
      from.slice(1).forEach((f, i) => {
        const kind = joinKind(f);
        s += `.join(${this.ref(names[i + 1])}, ${this.expr(f.on)}${kind.startsWith("LEFT") ? ", isouter=True" : ""})`;
      });
    } else if (from.length > 1) {
      let j = tableVar(names[0]);
      from.slice(1).forEach((f, i) => {
        const kind = joinKind(f);
        j = `${j}.join(${tableVar(names[i + 1])}, ${this.expr(f.on)}${kind.startsWith("LEFT") ? ", isouter=True" : ""})`;
      });
      s += `.select_from(${j})`;
    }
    if (ast.distinct?.type === "DISTINCT") s += ".distinct()";
    if (ast.where) s += `.where(${this.expr(ast.where)})`;
    const group = Array.isArray(ast.groupby) ? ast.groupby : ast.groupby?.columns;
    if (group?.length) s += `.group_by(${group.map((g: any) => this.expr(g)).join(", ")})`;
    if (ast.having) s += `.having(${this.expr(ast.having)})`;
    if (ast.orderby?.length) s += `.order_by(${ast.orderby.map((o: any) => this.orderItem(o, cols)).join(", ")})`;
    s += this.limit(ast.limit);
    return this.result([`stmt = ${s}`], true);
  }

  /** `SELECT * FROM t ...` in ORM style: `select(Model)`, whose instances the call turns back into rows. */
  private selectEntities(ast: any, table: string): Translated {
    let s = `sa.select(${this.ref(table)})`;
    if (ast.where) s += `.where(${this.expr(ast.where)})`;
    if (ast.orderby?.length) s += `.order_by(${ast.orderby.map((o: any) => this.orderItem(o, [])).join(", ")})`;
    s += this.limit(ast.limit);
    return { ...this.result([`stmt = ${s}`], true), ormCall: "scalars" };
  }

  private selectColumn(c: any, names: string[]): string {
    const e = c.expr;
    if (e.type === "column_ref" && colName(e) === "*") {
      if (e.table) return this.star(this.resolveTable(e.table));
      if (names.length > 1) throw new Refusal("SELECT * over a join is not converted (name the columns)");
      return this.star(names[0]);
    }
    const py = this.expr(e);
    if (e.type === "column_ref") {
      const table = this.ownerOf(e);
      return this.stored(table, colName(e), py, c.as ? String(c.as) : undefined);
    }
    // MAX(joined), COALESCE(joined, ?): the expression takes the column's type, which would parse
    // what the old cursor returned as stored; read untyped like the bare column.
    const untyped = this.readsStored(e) ? `sa.type_coerce(${py}, sa.types.NullType)` : py;
    if (c.as) return `${untyped}.label(${JSON.stringify(String(c.as))})`;
    if (e.type !== "column_ref" && this.ctx.mappingRows)
      throw new Refusal("an expression column without AS is named by its SQL text; give it an alias");
    return untyped;
  }

  /** Whether an expression reads a column that is read as stored (anywhere inside it). */
  private readsStored(e: any): boolean {
    if (!e || typeof e !== "object") return false;
    if (e.type === "column_ref") return colName(e) !== "*" && this.asStored(this.ownerOf(e), colName(e));
    return Object.values(e).some((v) => (Array.isArray(v) ? v.some((x) => this.readsStored(x)) : this.readsStored(v)));
  }

  private orderItem(o: any, cols: any[]): string {
    const dir = String(o.type ?? "ASC").toUpperCase() === "DESC" ? ".desc()" : ".asc()";
    const e = o.expr;
    if (e.type === "column_ref" && !e.table && cols.some((c) => c.as && String(c.as) === colName(e)))
      return `sa.literal_column(${JSON.stringify(colName(e))})${dir}`;
    if (e.type === "number") throw new Refusal("ORDER BY a column position is not converted");
    return `${this.expr(e)}${dir}`;
  }

  private limit(l: any): string {
    const vals: any[] = l?.value ?? [];
    if (!vals.length) return "";
    // A bound LIMIT keeps SQL's meaning for every value (LIMIT NULL fails; .limit(None) means no limit).
    const v = (x: any) =>
      x.type === "number"
        ? String(x.value)
        : x.type === "param"
          ? `sa.literal(${this.ctx.value(String(x.value))})`
          : this.expr(x);
    if (l.seperator === ",") return `.offset(${v(vals[0])}).limit(${v(vals[1])})`;
    return `.limit(${v(vals[0])})${vals[1] ? `.offset(${v(vals[1])})` : ""}`;
  }

  insert(ast: any): Translated {
    const dialect = dialectSpec(this.ctx.dialect).sql;
    const replace = ast.type === "replace" ? dialect.replaceInto : null;
    if (ast.type === "replace" && !replace) throw new Refusal(`REPLACE INTO is not ${this.ctx.dialect}'s`);
    const name = this.addTable(ast.table[0]);
    const t = this.ctx.schema.get(name)!;
    const columns: string[] = ast.columns?.length ? ast.columns.map(colName) : t.columns.map((c) => c.name);
    if (ast.values?.type !== "values") throw new Refusal("INSERT ... SELECT is not converted");
    const rows: any[] = ast.values.values;
    if (rows.length !== 1) throw new Refusal("a multi-row VALUES is not converted");
    const vals: any[] = rows[0].value;
    if (vals.length !== columns.length)
      throw new Refusal(`INSERT names ${columns.length} columns and gives ${vals.length} values`);
    for (const c of columns) this.column(name, c);
    const assigns = [
      ...columns.map((c, i) => [c, this.value(vals[i], name, c)] as const),
      ...this.unsetPythonDefaults(t, columns),
    ];
    const or = (ast.or ?? []).map((o: any) => String(o.value).toUpperCase()).filter((v: string) => v !== "OR");
    // SQLite's REPLACE INTO is INSERT OR REPLACE: a plain INSERT would fail on the very key it replaces.
    if (replace === "or-replace" && !or.length) or.push("REPLACE");
    const conflict = ast.conflict;
    const lines: string[] = [];
    const t1 = this.ctx.schema.get(name)!;
    const intKey =
      t1.columns.filter((c) => c.primaryKey).length === 1 && t1.columns.some((c) => c.primaryKey && /INT/.test(c.type));
    // A new instance added to the session: its key is the row's (lastrowid), one row is written (rowcount).
    if (
      this.ctx.ormObjects &&
      ast.type === "insert" &&
      !conflict &&
      !or.length &&
      !ast.on_duplicate_update &&
      !ast.returning &&
      intKey
    ) {
      return { ...this.result([`new_row = ${this.instance(t1, assigns)}`], false), ormCall: "add" };
    }
    if (conflict && !dialect.conflictInsert) throw new Refusal(`ON CONFLICT is not ${this.ctx.dialect}'s`);
    const duplicate = ast.on_duplicate_update;
    if (duplicate && !dialect.duplicateKeyInsert)
      throw new Refusal(`ON DUPLICATE KEY UPDATE is not ${this.ctx.dialect}'s`);
    if (replace && (conflict || duplicate)) throw new Refusal("REPLACE INTO with an upsert clause is not converted");
    const special = conflict ? dialect.conflictInsert! : duplicate ? dialect.duplicateKeyInsert! : undefined;
    if (special) this.imports.push(special.import);
    if (replace && replace !== "or-replace") this.useModuleInsert(replace);
    const insertName = special?.name ?? (replace && replace !== "or-replace" ? replace.name : "sa.insert");
    let s = `${insertName}(${this.ref(name)}).values(${kwargs(assigns)})`;
    if (or.length) {
      if (!dialect.insertOrPrefix) throw new Refusal(`INSERT OR ${or.join(" ")} is SQLite's`);
      s += `.prefix_with("OR ${or.join(" ")}")`;
    }
    lines.push(`stmt = ${s}`);
    if (conflict) lines.push(this.onConflict(conflict, name));
    if (duplicate) lines.push(this.onDuplicateKey(duplicate, name));
    return this.withReturning(ast, lines);
  }

  /** The statement is built by an Insert class the module defines (once, whatever uses it): its imports and definition. */
  private useModuleInsert(m: ModuleInsert): void {
    this.imports.push(...m.imports);
    this.helpers.push(m.definition.join("\n"));
  }

  /**
   * Columns the INSERT leaves out whose model default is SQLAlchemy's (`default=`): SQLAlchemy
   * would fill them, where the old INSERT got the table's default, or NULL when it has none. The
   * new one says which: the keyword DEFAULT (the database's own), or NULL.
   */
  private unsetPythonDefaults(t: KnownTable, named: string[]): (readonly [string, string])[] {
    const left = t.columns.filter(
      (c) => c.pythonDefault && !c.primaryKey && !named.some((n) => n.toLowerCase() === c.name.toLowerCase()),
    );
    const both = left.find((c) => c.default !== null);
    if (both && !dialectSpec(this.ctx.dialect).sql.defaultKeyword) {
      throw new Refusal(
        `column '${both.name}' has a default in the model and another in the database: the old INSERT got the database's, SQLAlchemy would write the model's, and ${this.ctx.dialect}'s VALUES has no DEFAULT keyword to ask for the database's`,
      );
    }
    // sa.null(), not None: the ORM takes an attribute set to None as unset and fills the default.
    return left.map((c) => [c.name, c.default !== null ? 'sa.literal_column("DEFAULT")' : "sa.null()"] as const);
  }

  /** `Model(col=value, ...)`; through _new() when a project's model may name its attributes otherwise. */
  private instance(t: KnownTable, assigns: readonly (readonly [string, string])[]): string {
    const model = modelOf(t);
    if (t.from !== "model" && assigns.every(([c]) => attributeName(c)))
      return `${model}(${assigns.map(([c, v]) => `${c}=${v}`).join(", ")})`;
    return `_new(${model}, {${assigns.map(([c, v]) => `${JSON.stringify(c)}: ${v}`).join(", ")}})`;
  }

  private onConflict(c: any, table: string): string {
    const target = (c.target?.expr ?? []).map((e: any) => JSON.stringify(colName(e)));
    const idx = target.length ? `index_elements=[${target.join(", ")}]` : "";
    const action = c.action?.expr;
    if (action?.type === "origin" && /nothing/i.test(action.value)) return `stmt = stmt.on_conflict_do_nothing(${idx})`;
    if (action?.type === "update") {
      if (!target.length) throw new Refusal("ON CONFLICT DO UPDATE needs a conflict target");
      if (action.where) throw new Refusal("ON CONFLICT DO UPDATE ... WHERE is not converted");
      return `stmt = stmt.on_conflict_do_update(${idx}, set_=${this.upsertSet(action.set, table, "excluded")})`;
    }
    throw new Refusal("this ON CONFLICT action is not converted");
  }

  /**
   * MySQL's `ON DUPLICATE KEY UPDATE col = VALUES(col) | expr`. SQLAlchemy applies no `onupdate=`
   * here (nor in ON CONFLICT DO UPDATE), and the raw SQL sets none: the SET list is written as given.
   */
  private onDuplicateKey(d: any, table: string): string {
    return `stmt = stmt.on_duplicate_key_update(${this.upsertSet(d.set, table, "inserted")})`;
  }

  /**
   * The SET list of an upsert as a dict of column → value, where the row the INSERT proposed
   * (`excluded.col`; MySQL's `VALUES(col)`) is the statement's `excluded`/`inserted` collection.
   */
  private upsertSet(set: any[], table: string, proposed: "excluded" | "inserted"): string {
    this.proposed = proposed;
    try {
      const items = set.map((s) => {
        const col = colName(s);
        this.column(table, col);
        return `${JSON.stringify(col)}: ${this.value(s.value, table, col)}`;
      });
      return `{${items.join(", ")}}`;
    } finally {
      this.proposed = undefined;
    }
  }

  update(ast: any): Translated {
    if (ast.table.length !== 1 || ast.from) throw new Refusal("UPDATE ... FROM is not converted");
    const name = this.addTable(ast.table[0]);
    const assigns = (ast.set as any[]).map((s) => {
      const col = colName(s);
      this.column(name, col);
      return [col, this.value(s.value, name, col)] as const;
    });
    // SQLAlchemy would set a column the model updates itself (`onupdate=`): the old UPDATE left it, so does the new (SET col = col).
    for (const c of this.ctx.schema.get(name)!.columns) {
      if (c.pythonOnUpdate && !assigns.some(([a]) => a.toLowerCase() === c.name.toLowerCase()))
        assigns.push([c.name, this.column(name, c.name)] as const);
    }
    let s = `sa.update(${this.ref(name)})`;
    if (ast.where) s += `.where(${this.expr(ast.where)})`;
    if (ast.orderby || ast.limit?.value?.length) throw new Refusal("UPDATE ... ORDER BY/LIMIT is not converted");
    s += `.values(${kwargs(assigns)})${this.unsynchronized()}`;
    return this.withReturning(ast, [`stmt = ${s}`]);
  }

  delete(ast: any): Translated {
    const name = this.addTable((ast.from ?? ast.table)[0]);
    let s = `sa.delete(${this.ref(name)})`;
    if (ast.where) s += `.where(${this.expr(ast.where)})`;
    if (ast.orderby || ast.limit?.value?.length) throw new Refusal("DELETE ... ORDER BY/LIMIT is not converted");
    s += this.unsynchronized();
    return this.withReturning(ast, [`stmt = ${s}`]);
  }

  /**
   * ORM UPDATE/DELETE would otherwise evaluate the WHERE in Python against objects in the session
   * (1.4's default): the converted functions hold none, and some criteria cannot be evaluated.
   */
  private unsynchronized(): string {
    return this.ctx.orm ? ".execution_options(synchronize_session=False)" : "";
  }

  private withReturning(ast: any, lines: string[]): Translated {
    const ret = ast.returning?.columns;
    if (!ret?.length) return this.result(lines, false);
    const cols = ret.map((c: any) => (colName(c.expr) === "*" ? this.star(this.tables[0]) : this.expr(c.expr)));
    lines.push(`stmt = stmt.returning(${cols.join(", ")})`);
    return this.result(lines, true);
  }

  /** A value written into a column: parameters as they are (None is NULL), expressions translated. */
  private value(v: any, table: string, col: string): string {
    if (v?.type === "param")
      return this.asStored(table, col)
        ? `sa.type_coerce(${this.ctx.value(String(v.value))}, sa.types.NullType)`
        : this.ctx.value(String(v.value));
    if (v?.type === "function" && /^current_(timestamp|date|time)$/i.test(fnName(v)))
      this.clock.push(`${table}.${col}`);
    if (v?.type === "function" && /^(datetime|date|time|now)$/i.test(fnName(v))) this.clock.push(`${table}.${col}`);
    return this.expr(v);
  }

  private resolveTable(name: string): string {
    const t = this.names.get(String(name).toLowerCase());
    if (!t) throw new Refusal(`'${name}' names no table of the statement`);
    return t;
  }

  private column(table: string, col: string): string {
    const t = this.ctx.schema.get(table)!;
    const found = t.columns.find((c) => c.name.toLowerCase() === col.toLowerCase());
    if (!found) throw new Refusal(`column '${col}' is not a column of ${table}`);
    if (!this.ctx.orm) return `${tableVar(table)}.c[${JSON.stringify(found.name)}]`;
    // A project model may map a column under another attribute name: _attr finds it by column.
    return attributeName(found.name) && t.from !== "model"
      ? `${this.ref(table)}.${found.name}`
      : `_attr(${this.ref(table)}, ${JSON.stringify(found.name)})`;
  }

  private columnRef(e: any): string {
    if (this.proposed === "excluded" && String(e.table).toLowerCase() === "excluded")
      return `stmt.excluded[${JSON.stringify(colName(e))}]`;
    return this.column(this.ownerOf(e), colName(e));
  }

  /** The table a column reference names. */
  private ownerOf(e: any): string {
    const col = colName(e);
    if (e.table) return this.resolveTable(e.table);
    const owners = this.tables.filter((t) =>
      this.ctx.schema.get(t)!.columns.some((c) => c.name.toLowerCase() === col.toLowerCase()),
    );
    if (owners.length > 1) throw new Refusal(`column '${col}' is ambiguous between ${owners.join(" and ")}`);
    if (!owners.length) throw new Refusal(`column '${col}' is not a column of ${this.tables.join(", ")}`);
    return owners[0];
  }

  /** A value compared or computed with: a bound literal, so that None stays `= NULL` as in SQL. */
  private bound(e: any): string {
    if (e?.type === "param") return `sa.literal(${this.ctx.value(String(e.value))})`;
    return this.expr(e);
  }

  expr(e: any): string {
    switch (e?.type) {
      case "column_ref":
        return this.columnRef(e);
      case "param":
        return `sa.literal(${this.ctx.value(String(e.value))})`;
      case "number":
        return String(e.value);
      case "single_quote_string":
      case "string":
        return `sa.literal(${pyString(String(e.value).replace(/''/g, "'"))})`;
      case "null":
        return "sa.null()";
      case "bool":
        return e.value ? "sa.true()" : "sa.false()";
      case "star":
        return "sa.literal_column('*')";
      case "unary_expr":
        if (String(e.operator).toUpperCase() === "NOT") return `sa.not_(${this.expr(e.expr)})`;
        if (e.operator === "-") return `-(${this.expr(e.expr)})`;
        break;
      case "binary_expr":
        return this.binary(e);
      case "aggr_func": {
        const name = String(e.name).toLowerCase();
        const arg = e.args?.expr;
        if (name === "count" && arg?.type === "star") return "sa.func.count()";
        const inner = this.expr(arg);
        return `sa.func.${name}(${e.args?.distinct ? `sa.distinct(${inner})` : inner})`;
      }
      case "function": {
        const name = fnName(e).toLowerCase();
        const args: any[] = e.args?.value ?? [];
        if (/^current_(timestamp|date|time)$/.test(name) && !args.length) return `sa.func.${name}()`;
        if (name === "values" && this.proposed === "inserted" && args.length === 1 && args[0].type === "column_ref")
          return `stmt.inserted[${JSON.stringify(colName(args[0]))}]`;
        return `sa.func.${name}(${args.map((a) => this.bound(a)).join(", ")})`;
      }
      case "expr_list":
        throw new Refusal("a list of values outside IN is not converted");
    }
    throw new Refusal(`SQL ${e?.type ?? "expression"} ${e?.operator ?? ""} is not converted`.trim());
  }

  private binary(e: any): string {
    const op = String(e.operator).toUpperCase();
    if (op === "AND" || op === "OR") return `sa.${op.toLowerCase()}_(${this.expr(e.left)}, ${this.expr(e.right)})`;
    const l = this.expr(e.left);
    if (op === "IS" || op === "IS NOT") {
      if (e.right?.type !== "null") throw new Refusal(`${op} with a value other than NULL is not converted`);
      return `${l}.${op === "IS" ? "is_" : "is_not"}(None)`;
    }
    if (op === "IN" || op === "NOT IN") {
      if (e.right?.type !== "expr_list") throw new Refusal(`${op} (subquery) is not converted`);
      const items = (e.right.value as any[]).map((v) =>
        v.type === "param" ? this.ctx.value(String(v.value)) : this.expr(v),
      );
      return `${l}.${op === "IN" ? "in_" : "not_in"}([${items.join(", ")}])`;
    }
    if (op === "BETWEEN" || op === "NOT BETWEEN") {
      const [a, b] = e.right.value as any[];
      const s = `${l}.between(${this.bound(a)}, ${this.bound(b)})`;
      return op === "BETWEEN" ? s : `sa.not_(${s})`;
    }
    // PostgreSQL's `col = ANY(%s)` with a list parameter: sa.any_ keeps the array comparison (and NULL's meaning).
    if (
      op === "=" &&
      e.right?.type === "function" &&
      fnName(e.right).toUpperCase() === "ANY" &&
      e.right.args?.value?.length === 1
    ) {
      if (!dialectSpec(this.ctx.dialect).sql.anyArray) throw new Refusal("= ANY(...) is PostgreSQL's");
      return `${l} == sa.any_(${this.bound(e.right.args.value[0])})`;
    }
    const r = this.bound(e.right);
    switch (op) {
      case "=":
        return `${l} == ${r}`;
      case "!=":
      case "<>":
        return `${l} != ${r}`;
      case "<":
      case ">":
      case "<=":
      case ">=":
        return `${l} ${op} ${r}`;
      case "LIKE":
        return `${l}.like(${r})`;
      case "NOT LIKE":
        return `${l}.not_like(${r})`;
      case "ILIKE":
        return `${l}.ilike(${r})`;
      case "NOT ILIKE":
        return `${l}.not_ilike(${r})`;
      case "||":
        return `${l}.concat(${r})`;
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
        return `(${l} ${op} ${r})`;
    }
    throw new Refusal(`SQL operator ${op} is not converted`);
  }
}

function joinKind(f: any): string {
  const kind = String(f.join ?? "").toUpperCase();
  if (!/^(INNER JOIN|JOIN|LEFT JOIN|LEFT OUTER JOIN)$/.test(kind) || !f.on)
    throw new Refusal(`${kind || "a comma join"} is not converted (INNER and LEFT JOIN ... ON are)`);
  return kind;
}

function fnName(e: any): string {
  const n = e.name;
  if (typeof n === "string") return n;
  return String(n?.name?.[0]?.value ?? n?.name ?? "");
}

function isStar(e: any): boolean {
  return e?.type === "column_ref" && colName(e) === "*";
}

function kwargs(assigns: readonly (readonly [string, string])[]): string {
  if (assigns.every(([c]) => /^[A-Za-z_]\w*$/.test(c) && !HARD_KEYWORDS.has(c)))
    return assigns.map(([c, v]) => `${c}=${v}`).join(", ");
  return `{${assigns.map(([c, v]) => `${JSON.stringify(c)}: ${v}`).join(", ")}}`;
}

export function pyString(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h) => String.fromCharCode(parseInt(h, 16)));
}
