import type { Schema, Table } from "../../schema/model.js";
import { docsContext, type DocsContext, type DocsOptions } from "../context.js";
import type { DocsFiles } from "../renderer.js";
import { neighbourDiagram } from "../diagrams.js";
import { DIAGRAM_LEGEND } from "../legend.js";
import { mdInline, mdMermaid, mdSection } from "./markdown-inline.js";
import { mdCell, tableKey } from "../naming.js";
import { enumSections } from "../enum-sections.js";
import { tableListSection, tableMeta, tableSections } from "../sections.js";

export type { DocsFiles } from "../renderer.js";

/**
 * The Markdown documentation of a schema: README.md (index), one page per table and per domain,
 * enums.md, and the domain diagrams as standalone .mmd files. Pure: Schema → files.
 */
export function renderMarkdown(schema: Schema, options: DocsOptions = {}): DocsFiles {
  return markdownFiles(docsContext(schema, options));
}

export function markdownFiles(ctx: DocsContext): DocsFiles {
  const files: DocsFiles = new Map();
  files.set("README.md", indexPage(ctx));
  if (ctx.graph.schema.enums.length > 0 || ctx.graph.tables.some((t) => t.columns.some((c) => c.type.enum))) {
    files.set("enums.md", enumsPage(ctx));
  }
  for (const d of ctx.domains) files.set(`domains/${d.slug}.md`, domainPage(ctx, d.slug));
  for (const diagram of ctx.diagrams) files.set(`diagrams/${diagram.part.slug}.mmd`, diagram.mermaid);
  for (const t of ctx.graph.tables) files.set(`tables/${ctx.tableSlug(t)}.md`, tablePage(ctx, t));
  return files;
}

function indexPage(ctx: DocsContext): string {
  const { graph } = ctx;
  const columns = graph.tables.reduce((n, t) => n + t.columns.length, 0);
  const fks = graph.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  // The title is user text: escaped like a cell, and `#` too so it cannot close the heading or start one.
  const out = [
    `# ${mdCell(ctx.options.title).replace(/#/g, "\\#")}`,
    "",
    summary(graph.tables.length, columns, fks, graph.schema.enums.length, ctx.domains.length),
    "",
  ];
  if (graph.tables.length === 0) out.push("No tables: the schema has no models or tables to document.", "");
  else out.push("## Domains", "", "| Domain | Tables | Diagrams |", "|---|---|---|");
  for (const d of ctx.domains) {
    const parts = ctx.diagrams
      .filter((g) => g.part.domain === d)
      .map((g) => `[${mdCell(g.part.title)}](diagrams/${g.part.slug}.mmd)`);
    out.push(`| ${mdInline(ctx, { domain: d }, "")} | ${d.tables.length} | ${parts.join(", ")} |`);
  }
  if (ctx.domains.length > 0) out.push("");
  const enums = graph.schema.enums.length;
  if (enums > 0) out.push(`Enums: [${enums === 1 ? "1 enum type" : `${enums} enum types`}](enums.md).`, "");
  for (const d of ctx.domains)
    out.push(mdSection(ctx, tableListSection(ctx, d.slug, `${d.name} (${d.tables.length})`, d.tables), ""));
  const notes = graph.schema.notes ?? [];
  if (notes.length > 0) {
    out.push("## Not documented", "", "Remodel saw these but could not read them statically:", "");
    for (const n of notes)
      out.push(`- ${mdCell(n.message)}${n.source ? " (" + mdInline(ctx, { source: n.source }, "") + ")" : ""}`);
    out.push("");
  }
  return out.join("\n");
}

function summary(tables: number, columns: number, fks: number, enums: number, domains: number): string {
  const n = (k: number, one: string, many = one + "s") => `${k} ${k === 1 ? one : many}`;
  return `${n(tables, "table")}, ${n(columns, "column")}, ${n(fks, "foreign key")}, ${n(enums, "enum")} in ${n(domains, "domain")}.`;
}

function domainPage(ctx: DocsContext, slug: string): string {
  const d = ctx.domains.find((x) => x.slug === slug)!;
  const out = [`# ${d.name}`, "", `[All domains](../README.md) · ${d.tables.length} tables`, ""];
  out.push(mdSection(ctx, tableListSection(ctx, "tables", "Tables", d.tables), "domains/"));
  out.push(`*${DIAGRAM_LEGEND}*`, "");
  for (const g of ctx.diagrams.filter((x) => x.part.domain === d)) {
    out.push(`## Diagram${g.part.title === d.name ? "" : ": " + g.part.title}`, "");
    if (g.attributes !== "all")
      out.push(
        `*${g.attributes === "keys" ? "Key columns only" : "Table names only"}: the full diagram would be too large for Mermaid.*`,
        "",
      );
    if (g.part.stubs.length > 0)
      out.push(`*Also shows ${g.part.stubs.length} linked tables from other diagrams, without their columns.*`, "");
    out.push(mdMermaid(g.mermaid), `Source: [${g.part.slug}.mmd](../diagrams/${g.part.slug}.mmd)`, "");
  }
  return out.join("\n");
}

function tablePage(ctx: DocsContext, table: Table): string {
  const out = [`# ${mdCell(tableKey(table))}`, ""];
  // The database comment, else the model's docstring (SQLAlchemy, Django, Tortoise descriptions).
  const about = table.comment ?? table.description;
  if (about) out.push(`> ${mdCell(about)}`, "");
  if (table.incomplete?.length) out.push(`> **Not read fully:** ${mdCell(table.incomplete.join("; "))}.`, "");
  out.push(
    tableMeta(ctx, table)
      .map(([k, v]) => `**${k}:** ${mdInline(ctx, v, "tables/")}`)
      .join(" · "),
    "",
  );
  for (const s of tableSections(ctx, table)) out.push(mdSection(ctx, s, "tables/"));
  out.push("## Diagram", "", mdMermaid(neighbourDiagram(ctx.graph, table)));
  return out.join("\n");
}

function enumsPage(ctx: DocsContext): string {
  const out = ["# Enums", "", "[All tables](README.md)", ""];
  for (const s of enumSections(ctx)) out.push(mdSection(ctx, s, ""));
  return out.join("\n");
}
