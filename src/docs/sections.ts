import type { Column, SourceLocation, Table } from "../schema/model.js";
import type { DocsContext } from "./context.js";
import type { Domain } from "./domains.js";
import { keyMarkers, typeLabel } from "./naming.js";

/**
 * What a table's page says, as data: sections of rows of inline values. The Markdown and HTML
 * renderers format the same sections, so they never disagree about the content.
 */
export type Inline =
  | string
  | { code: string }
  | { table: Table; column?: string }
  | { enum: string }
  | { source: SourceLocation }
  | { muted: string }
  | { domain: Domain }
  /** A key marker: PK, FK, UK, IX. */
  | { key: string }
  | Inline[];

export interface Section {
  id: string;
  title: string;
  /** Sentences shown before the rows. */
  notes: Inline[];
  head: string[];
  rows: Inline[][];
}

/** The sections of a table's page, in reading order; empty sections are left out. */
export function tableSections(ctx: DocsContext, table: Table): Section[] {
  return [
    columnsSection(ctx, table),
    constraintsSection(table),
    indexesSection(table),
    fksOutSection(ctx, table),
    fksInSection(ctx, table),
    relationshipsSection(ctx, table),
  ].filter((s) => s.rows.length > 0 || s.notes.length > 0);
}

function columnsSection(ctx: DocsContext, table: Table): Section {
  const rows = table.columns.map((c): Inline[] => [
    c.attribute && c.attribute !== c.name ? [{ code: c.name }, " ", { muted: `(${c.attribute})` }] : { code: c.name },
    typeCell(c),
    c.unknown?.includes("nullable") ? { muted: "unknown" } : c.nullable ? "yes" : "no",
    defaultCell(ctx, c),
    keysCell(ctx, table, c),
    c.comment ?? c.description ?? "",
  ]);
  return {
    id: "columns",
    title: "Columns",
    notes: [],
    head: ["Column", "Type", "Nullable", "Default", "Keys", "Comment"],
    rows,
  };
}

function typeCell(c: Column): Inline {
  const label = typeLabel(c.type);
  const main: Inline = c.type.enum ? [{ enum: c.type.enum }] : label;
  const parts: Inline[] = [main];
  const same =
    c.type.written.toLowerCase() === label.toLowerCase() || c.type.written.toLowerCase() === c.type.normalized;
  if (c.type.written && !same) parts.push(" ", { muted: c.type.written });
  if (c.type.unresolved) parts.push(" ", { muted: "(not known statically)" });
  if (c.valuesOf && c.valuesOf !== c.type.enum) parts.push(" ", { muted: "values of" }, " ", { enum: c.valuesOf });
  return parts;
}

/**
 * A Python default that names a member of the column's enum (`Status.READY`, `Status.READY.value`)
 * as the database stores it: the member's label (its name for SQLAlchemy's Enum(PyEnum), its
 * value for choices, values_callable and Tortoise's CharEnumField / IntEnumField), quoted unless
 * the column is a number. A string column whose default comes from an enum (`valuesOf`) stores
 * the member's value. Null when the default is something else.
 */
export function storedEnumDefault(ctx: DocsContext, c: Column): Inline | null {
  const written = c.default;
  const name = c.type.enum ?? c.valuesOf;
  const e = written && name ? ctx.graph.schema.enums.find((x) => x.name === name) : undefined;
  const m = written ? /(?:^|\.)(\w+)(?:\.(value|name))?$/.exec(written) : null;
  if (!e?.members || !m) return null;
  const i = e.members.indexOf(m[1]);
  if (i < 0) return null;
  const labels = c.type.enum ? (e.labels ?? e.values) : e.values;
  const stored = m[2] === "value" ? e.values[i] : m[2] === "name" ? e.members[i] : labels[i];
  if (stored === undefined) return null;
  const numeric = /^(integer|smallint|bigint|numeric|float)$/.test(c.type.normalized) && /^-?\d+(\.\d+)?$/.test(stored);
  return [{ code: numeric ? stored : `'${stored}'` }, " ", { muted: `(${written})` }];
}

function defaultCell(ctx: DocsContext, c: Column): Inline {
  const parts: Inline[] = [];
  if (c.default != null) {
    parts.push(storedEnumDefault(ctx, c) ?? { code: c.default });
  }
  if (c.serverDefault != null)
    parts.push(parts.length ? " " : "", { muted: "server:" }, " ", { code: c.serverDefault });
  if (c.onUpdate != null) parts.push(parts.length ? " " : "", { muted: "on update:" }, " ", { code: c.onUpdate });
  if (c.serverOnUpdate != null)
    parts.push(parts.length ? " " : "", { muted: "server on update:" }, " ", { code: c.serverOnUpdate });
  if (c.autoincrement === true) parts.push(parts.length ? " " : "", { muted: "autoincrement" });
  return parts;
}

/** PK, FK (with its target), UK and IX markers of a column. */
function keysCell(ctx: DocsContext, table: Table, c: Column): Inline {
  const markers = keyMarkers(table, c).filter((k) => k !== "FK");
  const parts: Inline[] = markers.map((k) => ({ key: k }));
  for (const fk of table.foreignKeys.filter((f) => f.columns.includes(c.name))) {
    const col = fk.refColumns[fk.columns.indexOf(c.name)] ?? fk.refColumns[0] ?? "";
    const target = ctx.graph.findFrom(table, fk.refTable);
    parts.push([{ key: "FK" }, " → ", target ? { table: target } : fk.refTable, `.${col}`]);
  }
  // An index on a column that is already a key says nothing new.
  const indexed = c.index || table.indexes.some((i) => i.columns[0] === c.name);
  if (indexed && markers.length === 0) parts.push({ key: "IX" });
  return parts.flatMap((p, i) => (i ? [" ", p] : [p]));
}

function constraintsSection(table: Table): Section {
  const notes: Inline[] = [];
  if (table.primaryKey.length > 1) notes.push(["Composite primary key: ", { code: table.primaryKey.join(", ") }, "."]);
  if (table.inherits) notes.push([`Inherits from ${table.inherits.model} (${table.inherits.kind} table inheritance).`]);
  const rows: Inline[][] = [
    ...table.uniqueConstraints.map((u): Inline[] => [
      "unique",
      u.name ?? "",
      { code: u.columns.join(", ") },
      src(u.source),
    ]),
    ...table.checkConstraints.map((k): Inline[] => ["check", k.name ?? "", { code: k.expression }, src(k.source)]),
  ];
  return { id: "constraints", title: "Constraints", notes, head: ["Kind", "Name", "Definition", "Source"], rows };
}

function indexesSection(table: Table): Section {
  // Method and predicate columns only when some index has one (most tables have neither).
  const using = table.indexes.some((i) => i.using);
  const where = table.indexes.some((i) => i.where);
  const rows = table.indexes.map((i): Inline[] => [
    i.name ?? { muted: "unnamed" },
    { code: [...i.columns, ...(i.expressions ?? [])].join(", ") },
    // A partial unique index is unique only where its predicate holds: never a plain UNIQUE.
    i.unique ? (i.where ? "where the predicate holds" : "yes") : "no",
    ...(using ? [i.using ?? ""] : []),
    ...(where ? [i.where ? { code: i.where } : ""] : []),
    src(i.source),
  ]);
  const head = ["Name", "Columns", "Unique", ...(using ? ["Method"] : []), ...(where ? ["Where"] : []), "Source"];
  return { id: "indexes", title: "Indexes", notes: [], head, rows };
}

function fksOutSection(ctx: DocsContext, table: Table): Section {
  const rows = ctx.graph
    .outgoing(table)
    .map((e): Inline[] => [
      { code: e.fk.columns.join(", ") },
      [e.to ? { table: e.to } : { code: e.fk.refTable }, " ", { code: `(${e.fk.refColumns.join(", ")})` }],
      cardinalityText(e.optional, e.unique),
      e.fk.onDelete ?? "",
      e.fk.onUpdate ?? "",
      e.fk.name ?? "",
    ]);
  const missing = ctx.graph
    .outgoing(table)
    .filter((e) => !e.to)
    .map((e) => e.fk.refTable);
  const notes: Inline[] = missing.length ? [[`Not in this schema: ${missing.join(", ")}.`]] : [];
  return {
    id: "foreign-keys",
    title: "Foreign keys",
    notes,
    head: ["Columns", "References", "Cardinality", "On delete", "On update", "Name"],
    rows,
  };
}

function fksInSection(ctx: DocsContext, table: Table): Section {
  const rows = ctx.graph
    .incoming(table)
    .map((e): Inline[] => [
      { table: e.from },
      { code: e.fk.columns.join(", ") },
      cardinalityText(e.optional, e.unique),
      e.fk.onDelete ?? "",
    ]);
  return {
    id: "referenced-by",
    title: "Referenced by",
    notes: [],
    head: ["Table", "Columns", "Cardinality", "On delete"],
    rows,
  };
}

/** Reads an FK from the referenced table's side: each referenced row has … referencing rows. */
export function cardinalityText(optional: boolean, unique: boolean): string {
  return `${unique ? "one-to-one" : "many-to-one"}${optional ? ", optional" : ""}`;
}

function relationshipsSection(ctx: DocsContext, table: Table): Section {
  const notes: Inline[] = [];
  const pair = ctx.graph.association(table);
  if (pair)
    notes.push(["Association table: many-to-many between ", { table: pair[0] }, " and ", { table: pair[1] }, "."]);
  for (const e of ctx.graph.incoming(table)) {
    const other = ctx.graph.association(e.from);
    if (!other) continue;
    const target = other[0] === table ? other[1] : other[0];
    notes.push(["Many-to-many with ", { table: target }, " via ", { table: e.from }, "."]);
  }
  const rows = table.relationships.map((r): Inline[] => {
    const target = r.targetTable ? ctx.graph.findFrom(table, r.targetTable) : null;
    const via = r.secondary ? ctx.graph.findFrom(table, r.secondary) : null;
    return [
      { code: r.name },
      target ? [{ table: target }, " ", { muted: r.target }] : r.target,
      r.cardinality,
      via ? { table: via } : (r.secondary ?? ""),
      r.backPopulates ?? r.backref ?? r.relatedName ?? "",
      src(r.source),
    ];
  });
  return {
    id: "relationships",
    title: "Relationships",
    notes,
    head: ["Name", "Target", "Cardinality", "Through", "Reverse", "Source"],
    rows,
  };
}

function src(source: SourceLocation | undefined): Inline {
  return source ? { source } : "";
}

/** A list of tables with their model, size and comment (index and domain pages). */
export function tableListSection(ctx: DocsContext, id: string, title: string, tables: Table[]): Section {
  const rows = tables.map((t): Inline[] => [
    { table: t },
    t.model ? { code: t.model } : "",
    String(t.columns.length),
    String(ctx.graph.outgoing(t).length),
    ctx.graph.association(t) ? [{ muted: "many-to-many" }, t.comment ? " " + t.comment : ""] : (t.comment ?? ""),
  ]);
  return { id, title, notes: [], head: ["Table", "Model", "Columns", "FKs", "Description"], rows };
}

/** The facts shown above a table's sections: model, module, framework, domain, source. */
export function tableMeta(ctx: DocsContext, table: Table): [string, Inline][] {
  const meta: [string, Inline][] = [];
  if (table.model) meta.push(["Model", { code: table.model }]);
  if (table.module) meta.push(["Module", { code: table.module }]);
  if (table.schema) meta.push(["Schema", { code: table.schema }]);
  meta.push(["Domain", { domain: ctx.domainOf(table) }]);
  meta.push(["Framework", table.framework]);
  if (table.source) meta.push(["Source", { source: table.source }]);
  const assoc = ctx.graph.association(table);
  if (assoc) meta.push(["Kind", "association table (many-to-many)"]);
  return meta;
}
