/** Markdown pages (index, tables, domains, enums) and standalone Mermaid diagrams. */
import type { DocsRenderer } from "../renderer.js";
import { markdownFiles } from "./markdown.js";

export const markdown: DocsRenderer = {
  id: "markdown",
  summary: "README.md, one page per table and per domain, enums.md, diagrams/*.mmd",
  render: markdownFiles,
};
