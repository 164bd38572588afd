import type { Table } from "../schema/model.js";
import { compare, type FkEdge, type RelEdge, type SchemaGraph } from "./graph.js";
import { keyMarkers, tableKey, typeLabel } from "./naming.js";

/** How much of a table an entity shows: every column, only key columns (PK/FK/UK), or just its name. */
export type AttributeMode = "all" | "keys" | "none";

export interface ErEntity {
  table: Table;
  attributes: AttributeMode;
}

export interface ErSpec {
  entities: ErEntity[];
  /** Edges are drawn only when at least one end is primary (stub neighbours are not linked to each other). */
  primary: Set<Table>;
}

/**
 * Renders a Mermaid `erDiagram`. Each FK is one relationship, drawn from the referenced table to
 * the referencing one: `||` / `|o` on the referenced side (the FK is required / nullable), `o{` or
 * `o|` on the referencing side (many rows / a unique FK: one-to-one). An identifying FK (part of
 * the PK, as in association tables) is a solid line, others dotted, as in Mermaid's notation.
 */
export function renderErDiagram(graph: SchemaGraph, spec: ErSpec): string {
  const inDiagram = new Set(spec.entities.map((e) => e.table));
  const lines = ["erDiagram"];
  for (const { table, attributes } of spec.entities) lines.push(...entityLines(table, attributes));
  const edges: FkEdge[] = [];
  for (const { table } of spec.entities) {
    for (const e of graph.outgoing(table)) {
      if (e.to && inDiagram.has(e.to) && (spec.primary.has(e.from) || spec.primary.has(e.to))) edges.push(e);
    }
  }
  edges.sort((a, b) => compare(edgeSortKey(a), edgeSortKey(b)));
  for (const e of edges) lines.push(relationshipLine(graph, e));
  for (const { table } of spec.entities) {
    for (const r of graph.relationsFrom(table)) {
      if (inDiagram.has(r.to) && (spec.primary.has(r.from) || spec.primary.has(r.to))) lines.push(ormLine(r));
    }
  }
  return lines.join("\n") + "\n";
}

/** An ORM relationship without a foreign key: dotted, its cardinality as the relationship declares it, labelled with its name. */
function ormLine(r: RelEdge): string {
  const ends: Record<RelEdge["cardinality"], [string, string]> = {
    "many-to-one": ["}o", "o|"],
    "one-to-many": ["|o", "o{"],
    "one-to-one": ["|o", "o|"],
    "many-to-many": ["}o", "o{"],
  };
  const [left, right] = ends[r.cardinality];
  return `  ${mermaidEntity(tableKey(r.from))} ${left}..${right} ${mermaidEntity(tableKey(r.to))} : "${mermaidLabel(`${r.name} (relationship)`)}"`;
}

function edgeSortKey(e: FkEdge): string {
  return `${tableKey(e.to!)}\u0000${tableKey(e.from)}\u0000${e.fk.columns.join(",")}`;
}

function entityLines(table: Table, mode: AttributeMode): string[] {
  const name = mermaidEntity(tableKey(table));
  const columns = mode === "none" ? [] : table.columns.filter((c) => mode === "all" || keyMarkers(table, c).length > 0);
  if (columns.length === 0) return [`  ${name}`];
  const rows = columns.map((c) => {
    const keys = keyMarkers(table, c);
    return `    ${mermaidWord(shortType(typeLabel(c.type)))} ${mermaidWord(c.name)}${keys.length ? " " + keys.join(",") : ""}`;
  });
  return [`  ${name} {`, ...rows, "  }"];
}

/** Long custom types (`SlugType(length=64, allow_unicode=True)`) lose their arguments in boxes; pages keep them. */
function shortType(label: string): string {
  return label.length > 28 && label.includes("(") ? label.slice(0, label.indexOf("(")) : label;
}

function relationshipLine(graph: SchemaGraph, e: FkEdge): string {
  const parentSide = e.optional ? "|o" : "||";
  const childSide = e.unique ? "o|" : "o{";
  const line = e.identifying ? "--" : "..";
  const assoc = graph.association(e.from);
  const label = e.fk.columns.join(", ") + (assoc ? " (many-to-many)" : "");
  return `  ${mermaidEntity(tableKey(e.to!))} ${parentSide}${line}${childSide} ${mermaidEntity(tableKey(e.from))} : "${mermaidLabel(label)}"`;
}

/** Words Mermaid's ER lexer reads as keywords (case-insensitive) when they stand alone. */
const RESERVED = new Set([
  "erdiagram",
  "style",
  "class",
  "classdef",
  "subgraph",
  "end",
  "direction",
  "acctitle",
  "accdescr",
  "one",
  "only",
  "many",
  "zero",
  "to",
  "optionally",
  "u",
  "pk",
  "fk",
  "uk",
]);

/**
 * An entity name Mermaid accepts and keeps distinct: plain identifiers stay bare; anything else
 * (dots of a schema-qualified name, spaces, a leading digit, a keyword) is quoted, with the three
 * characters a quoted name cannot hold replaced.
 */
export function mermaidEntity(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return `"${name
    .replace(/"/g, "'")
    .replace(/%/g, "pct")
    .replace(/\\/g, "/")
    .replace(/[\r\n\t]/g, " ")}"`;
}

/**
 * An attribute type or name as one Mermaid word: letters, digits, `_ - [ ] ( )`; commas (as in
 * `numeric(10,2)`, which older Mermaid rejects) become `-`, other characters `_`.
 */
export function mermaidWord(text: string): string {
  let w = text
    .trim()
    .replace(/,\s*/g, "-")
    .replace(/\s+/g, "_")
    .replace(/[^A-Za-z0-9_\-[\]()\u00C0-\uFFFF]/g, "_");
  if (!/^[A-Za-z_\u00C0-\uFFFF]/.test(w)) w = "_" + w;
  if (/^(pk|fk|uk)\b/i.test(w)) w = "_" + w;
  return w;
}

/** A relationship label inside double quotes. */
export function mermaidLabel(text: string): string {
  return text.replace(/"/g, "'").replace(/[\r\n]+/g, " ");
}
