import type { Table } from "../schema/model.js";
import { diagramParts, type DiagramPart, type Domain } from "./domains.js";
import type { SchemaGraph } from "./graph.js";
import { renderErDiagram, type AttributeMode } from "./mermaid.js";

/** A rendered domain diagram. */
export interface Diagram {
  part: DiagramPart;
  mermaid: string;
  /** What the diagram's own tables show; `keys` or `none` when every column would not fit. */
  attributes: AttributeMode;
}

/**
 * Mermaid refuses diagrams over 50,000 characters by default (GitHub uses the default), so a
 * diagram falls back to key columns, then names, to stay under this size.
 */
export const MAX_DIAGRAM_CHARS = 45_000;

/** Every domain's diagrams, in domain order. */
export function domainDiagrams(graph: SchemaGraph, domains: Domain[]): Diagram[] {
  return domains.flatMap((d) => diagramParts(graph, d).map((part) => partDiagram(graph, part)));
}

function partDiagram(graph: SchemaGraph, part: DiagramPart): Diagram {
  const primary = new Set(part.tables);
  const modes: AttributeMode[] = ["all", "keys", "none"];
  let text = "";
  for (const attributes of modes) {
    text = renderErDiagram(graph, {
      entities: [
        ...part.tables.map((table) => ({ table, attributes })),
        ...part.stubs.map((table) => ({ table, attributes: "none" as const })),
      ],
      primary,
    });
    if (text.length <= MAX_DIAGRAM_CHARS || attributes === "none") return { part, mermaid: text, attributes };
  }
  throw new Error("unreachable");
}

/** A table with every column and its direct FK neighbours with their key columns. */
export function neighbourDiagram(graph: SchemaGraph, table: Table): string {
  const neighbours = graph.neighbours(table);
  const context: AttributeMode = neighbours.length > 30 ? "none" : "keys";
  return renderErDiagram(graph, {
    entities: [{ table, attributes: "all" }, ...neighbours.map((t) => ({ table: t, attributes: context }))],
    primary: new Set([table]),
  });
}
