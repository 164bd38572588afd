/** One self-contained, offline HTML page. */
import type { DocsRenderer } from "../renderer.js";
import { htmlPage } from "./html.js";

export const html: DocsRenderer = {
  id: "html",
  summary: "index.html: one self-contained page that works offline",
  render: (ctx) => new Map([["index.html", htmlPage(ctx)]]),
};
