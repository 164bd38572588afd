/**
 * What a docs renderer is: a folder src/docs/<id>/ whose index.ts exports a `DocsRenderer`, one
 * line in src/docs/renderers.ts. `remodel docs --format ID,...` writes what the chosen ones render.
 */
import type { DocsContext } from "./context.js";

/** Docs folder contents: path relative to the folder (forward slashes) → file text. */
export type DocsFiles = Map<string, string>;

export interface DocsRenderer {
  id: string;
  summary: string;
  /** Pure: the schema (through its docs context) → files. */
  render(ctx: DocsContext): DocsFiles;
}
