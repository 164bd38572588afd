/**
 * The real Mermaid parser (the npm package, the same version the HTML page inlines). Mermaid 11's
 * parser runs in Node without a DOM; rendering needs a browser and is tested in Chromium.
 */
export async function mermaidParse(text: string): Promise<void> {
  const mermaid = (await import("mermaid")).default;
  const result = await mermaid.parse(text);
  if (!result || result.diagramType !== "er") throw new Error(`not an ER diagram: ${JSON.stringify(result)}`);
}

/** Every ```mermaid block of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

export interface MermaidEr {
  /** Entity name → its attributes as Mermaid read them. */
  entities: Map<string, { type: string; name: string; keys: string[] }[]>;
  /** Relationships: parent (left) and child (right) entity names, and the cardinality at each end. */
  relationships: {
    parent: string;
    child: string;
    parentCard: string;
    childCard: string;
    identifying: boolean;
    label: string;
  }[];
}

/** What Mermaid itself reads from an erDiagram: its parser's entity and relationship database. */
export async function mermaidEr(text: string): Promise<MermaidEr> {
  await mermaidParse(text); // also registers the diagram types
  const mermaid = (await import("mermaid")).default;
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as {
    getEntities(): Map<string, { id: string; attributes: { type: string; name: string; keys: string[] }[] }>;
    getRelationships(): {
      entityA: string;
      entityB: string;
      roleA: string;
      relSpec: { cardA: string; cardB: string; relType: string };
    }[];
  };
  const entities = new Map<string, { type: string; name: string; keys: string[] }[]>();
  const byId = new Map<string, string>();
  for (const [name, e] of db.getEntities()) {
    entities.set(
      name,
      e.attributes.map((a) => ({ type: a.type, name: a.name, keys: [...a.keys] })),
    );
    byId.set(e.id, name);
  }
  // Mermaid names the cardinality next to entity B `cardA` and the one next to entity A `cardB`.
  const relationships = db.getRelationships().map((r) => ({
    parent: byId.get(r.entityA) ?? r.entityA,
    child: byId.get(r.entityB) ?? r.entityB,
    parentCard: r.relSpec.cardB,
    childCard: r.relSpec.cardA,
    identifying: r.relSpec.relType === "IDENTIFYING",
    label: r.roleA,
  }));
  return { entities, relationships };
}
