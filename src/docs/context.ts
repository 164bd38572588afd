import type { Schema, Table } from "../schema/model.js";
import { domainDiagrams, type Diagram } from "./diagrams.js";
import { domainsOf, type Domain } from "./domains.js";
import { buildGraph, type SchemaGraph } from "./graph.js";
import { slugMap, tableKey } from "./naming.js";

/** Options shared by the renderers. */
export interface DocsOptions {
  /** Title of the index page and the HTML page. */
  title?: string;
  /**
   * Relative path from the docs folder to the project root (e.g. `../..` for docs/schema). When
   * given, source locations become links; otherwise they are plain text (a schema from a database).
   */
  sourceRoot?: string | null;
}

/** Everything the renderers derive from a schema, computed once: graph, domains, diagrams, slugs. */
export interface DocsContext {
  graph: SchemaGraph;
  domains: Domain[];
  diagrams: Diagram[];
  options: Required<DocsOptions>;
  tableSlug(table: Table): string;
  domainOf(table: Table): Domain;
}

export function docsContext(schema: Schema, options: DocsOptions = {}): DocsContext {
  const graph = buildGraph(schema);
  const domains = domainsOf(graph);
  const slugs = slugMap(graph.tables.map(tableKey));
  const domainByTable = new Map<Table, Domain>();
  for (const d of domains) for (const t of d.tables) domainByTable.set(t, d);
  return {
    graph,
    domains,
    diagrams: domainDiagrams(graph, domains),
    options: { title: options.title ?? "Database schema", sourceRoot: options.sourceRoot ?? null },
    tableSlug: (t) => slugs.get(tableKey(t))!,
    domainOf: (t) => domainByTable.get(t)!,
  };
}
