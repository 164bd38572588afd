import type { DocsContext } from "../context.js";
import { mdCell, mdCode, sourceText, tableKey } from "../naming.js";
import type { Inline, Section } from "../sections.js";

/** Where a Markdown page sits in the docs folder: links are made relative to it. */
export type PageDir = "" | "tables/" | "domains/";

/** Formats inline values as Markdown (safe inside a table cell). */
export function mdInline(ctx: DocsContext, value: Inline, dir: PageDir): string {
  if (typeof value === "string") return mdCell(value);
  if (Array.isArray(value)) return value.map((v) => mdInline(ctx, v, dir)).join("");
  const up = dir === "" ? "" : "../";
  if ("code" in value) return mdCode(value.code);
  if ("muted" in value) return `*${mdCell(value.muted)}*`;
  if ("key" in value) return `**${value.key}**`;
  if ("table" in value) {
    const path = `${dir === "tables/" ? "" : up + "tables/"}${ctx.tableSlug(value.table)}.md`;
    return `[${mdCell(tableKey(value.table))}](${path})`;
  }
  if ("domain" in value) return `[${mdCell(value.domain.name)}](${up}domains/${value.domain.slug}.md)`;
  if ("enum" in value) return `[enum ${mdCell(value.enum)}](${up}enums.md#${enumAnchor(value.enum)})`;
  const text = sourceText(value.source);
  const root = ctx.options.sourceRoot;
  if (root === null) return mdCode(text);
  const href = `${up}${root.replace(/\/?$/, "/")}${value.source.path}#L${value.source.line}`;
  return `[${mdCell(text)}](${encodeURI(href)})`;
}

/** GitHub's heading anchor for an enum name (lower-cased; punctuation other than - and _ dropped). */
export function enumAnchor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_\- ]/g, "")
    .replace(/ /g, "-");
}

/** A section as a Markdown heading, its notes and a pipe table. */
export function mdSection(ctx: DocsContext, section: Section, dir: PageDir, level = 2): string {
  const out = [`${"#".repeat(level)} ${section.title}`, ""];
  for (const n of section.notes) out.push(mdInline(ctx, n, dir), "");
  if (section.rows.length > 0) {
    out.push(`| ${section.head.join(" | ")} |`, `|${section.head.map(() => "---").join("|")}|`);
    for (const row of section.rows) out.push(`| ${row.map((c) => mdInline(ctx, c, dir)).join(" | ")} |`);
    out.push("");
  }
  return out.join("\n");
}

/** A fenced Mermaid block (GitHub, GitLab and most Markdown viewers render it). */
export function mdMermaid(text: string): string {
  return "```mermaid\n" + text + "```\n";
}
