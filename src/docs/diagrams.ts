import type { Table } from "../schema/model.js";
import { diagramParts, type DiagramPart, type Domain } from "./domains.js";
import type { SchemaGraph } from "./graph.js";
import { renderErDiagram, type AttributeMode } from "./mermaid.js";

/** A rendered domain diagram. */
export interface Diagram {
  part: DiagramPart;
  /** Every table of the part and its stubs. */
  mermaid: string;
  /** What the diagram's own tables show; `keys` or `none` when every column would not fit. */
  attributes: AttributeMode;
  /**
   * Tables of the part with no link to any other table of the diagram. Mermaid lays unlinked
   * tables out in one long row, so the HTML page draws them apart, in a grid.
   */
  isolated: Table[];
  /**
   * The linked tables again, one diagram per group of tables connected by FKs (stubs may repeat):
   * side-by-side groups make one very wide picture, stacked ones read top to bottom.
   */
  components: string[];
}

/**
 * Mermaid refuses diagrams over 50,000 characters by default (GitHub uses the default), so a
 * diagram falls back to key columns, then names, to stay under this size.
 */
export const MAX_DIAGRAM_CHARS = 45_000;

/** Linked groups larger than this show key columns only on the HTML page. */
export const LARGE_GROUP = 20;

/** Every domain's diagrams, in domain order. */
export function domainDiagrams(graph: SchemaGraph, domains: Domain[]): Diagram[] {
  return domains.flatMap((d) => diagramParts(graph, d).map((part) => partDiagram(graph, part)));
}

function partDiagram(graph: SchemaGraph, part: DiagramPart): Diagram {
  const primary = new Set(part.tables);
  const inDiagram = new Set([...part.tables, ...part.stubs]);
  const isolated = part.tables.filter((t) => !graph.neighbours(t).some((n) => inDiagram.has(n)));
  const render = (tables: Table[], stubs: Table[], attributes: AttributeMode) =>
    renderErDiagram(graph, {
      entities: [
        ...tables.map((table) => ({ table, attributes })),
        ...stubs.map((table) => ({ table, attributes: "none" as const })),
      ],
      primary,
    });
  const modes: AttributeMode[] = ["all", "keys", "none"];
  for (const attributes of modes) {
    const text = render(part.tables, part.stubs, attributes);
    if (text.length > MAX_DIAGRAM_CHARS && attributes !== "none") continue;
    // Boxes of every column make a large group several screens wide; its tables' columns are listed anyway.
    const components = linkedGroups(graph, part).map(([tables, stubs]) =>
      render(tables, stubs, tables.length > LARGE_GROUP && attributes === "all" ? "keys" : attributes),
    );
    return { part, mermaid: text, attributes, isolated, components };
  }
  throw new Error("unreachable");
}

/**
 * Groups of the part's tables connected by drawn FKs (through stubs too, but not stub to stub,
 * which is not drawn), largest first, each with its stubs. Single tables are left out.
 */
function linkedGroups(graph: SchemaGraph, part: DiagramPart): [Table[], Table[]][] {
  const own = new Set(part.tables);
  const stubs = new Set(part.stubs);
  const seen = new Set<Table>();
  const groups: [Table[], Table[]][] = [];
  for (const start of part.tables) {
    if (seen.has(start)) continue;
    seen.add(start);
    const members = [start];
    for (let i = 0; i < members.length; i++) {
      const from = members[i];
      for (const n of graph.neighbours(from)) {
        const drawn = own.has(n) || (stubs.has(n) && own.has(from));
        if (drawn && !seen.has(n)) {
          seen.add(n);
          members.push(n);
        }
      }
    }
    const tables = members.filter((t) => own.has(t));
    if (members.length > 1) groups.push([tables, part.stubs.filter((t) => members.includes(t))]);
  }
  return groups.sort((a, b) => b[0].length - a[0].length);
}

/** One table alone, every column (a cell of the HTML page's grid of unlinked tables). */
export function tableDiagram(graph: SchemaGraph, table: Table): string {
  return renderErDiagram(graph, { entities: [{ table, attributes: "all" }], primary: new Set([table]) });
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
