/** Every docs renderer, by id. Add one: a folder src/docs/<id>/ exporting a `DocsRenderer`, one line here. */
import { html } from "./html/index.js";
import { markdown } from "./markdown/index.js";
import type { DocsRenderer } from "./renderer.js";

export const renderers: Record<string, DocsRenderer> = { markdown, html };
