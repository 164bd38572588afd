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
