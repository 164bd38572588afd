import type { DocsContext } from "./context.js";
import { compare } from "./graph.js";
import { storedEnumDefault, type Inline, type Section } from "./sections.js";

/** One section per enum: its values, then the columns that use it. */
export function enumSections(ctx: DocsContext): Section[] {
  const names = new Set(ctx.graph.schema.enums.map((e) => e.name));
  const declared = [...ctx.graph.schema.enums].sort((a, b) => compare(a.name, b.name));
  return declared
    .map((e) => {
      const notes: Inline[] = [];
      if (e.dbName && e.dbName !== e.name) notes.push(["Database type ", { code: e.dbName }, "."]);
      if (e.source) notes.push(["Defined at ", { source: e.source }, "."]);
      if (e.unresolved) notes.push([{ muted: "Defined outside the project: values not known statically." }]);
      else if (e.labels && e.labels !== e.values && e.labels.join("\0") !== e.values.join("\0")) {
        // SQLAlchemy's Enum(PyEnum) stores member names: the labels are what the database holds.
        notes.push([
          "Stored labels: ",
          ...e.labels.flatMap((l, i): Inline[] => [
            i ? ", " : "",
            { code: l },
            ...(e.values[i] !== undefined && e.values[i] !== l ? [" ", { muted: `(value ${e.values[i]})` }] : []),
          ]),
        ]);
      } else
        notes.push([
          "Values: ",
          ...e.values.flatMap((v, i): Inline[] => [i ? ", " : "", ...valueText(v, e.members?.[i])]),
        ]);
      if (e.pythonEnum)
        notes.push(["Made from the Python enum ", { code: e.pythonEnum }, " under its own database name."]);
      const usage = ctx.graph.enumUsage(e.name);
      if (usage.length === 0) notes.push([{ muted: "Not used by any column." }]);
      const rows = usage.map((u): Inline[] => [
        { table: u.table },
        { code: u.column.name },
        u.column.nullable ? "yes" : "no",
        u.column.default ? (storedEnumDefault(ctx, u.column) ?? { code: u.column.default }) : "",
      ]);
      if (e.unused && usage.length === 0)
        notes.push([{ muted: "Defined in the model package; no column is typed by it." }]);
      return { id: e.name, title: e.name, notes, head: ["Table", "Column", "Nullable", "Default"], rows };
    })
    .concat(undeclaredEnums(ctx, names));
}

/** Enums that columns name but the schema does not define (an import we could not follow). */
function undeclaredEnums(ctx: DocsContext, declared: Set<string>): Section[] {
  const names = new Set<string>();
  for (const t of ctx.graph.tables)
    for (const c of t.columns) {
      const n = c.type.enum ?? c.type.item?.enum;
      if (n && !declared.has(n)) names.add(n);
    }
  return [...names].sort(compare).map((n) => ({
    id: n,
    title: n,
    notes: [[{ muted: "Values not known statically." }]],
    head: ["Table", "Column", "Nullable", "Default"],
    rows: ctx.graph
      .enumUsage(n)
      .map((u): Inline[] => [{ table: u.table }, { code: u.column.name }, u.column.nullable ? "yes" : "no", ""]),
  }));
}

/** A value, with its Python member name when that differs (SQLAlchemy stores member names by default). */
function valueText(value: string, member: string | undefined): Inline[] {
  return member && member !== value ? [{ code: value }, " ", { muted: `(${member})` }] : [{ code: value }];
}
