import type { DocsContext } from "../context.js";
import { html, sourceText, tableKey } from "../naming.js";
import type { Inline, Section } from "../sections.js";

/** Formats inline values as HTML; links point at anchors within the page. */
export function htmlInline(ctx: DocsContext, value: Inline): string {
  if (typeof value === "string") return html(value);
  if (Array.isArray(value)) return value.map((v) => htmlInline(ctx, v)).join("");
  if ("code" in value) return `<code>${html(value.code)}</code>`;
  if ("muted" in value) return `<span class="muted">${html(value.muted)}</span>`;
  if ("key" in value) return `<span class="key key-${html(value.key.toLowerCase())}">${html(value.key)}</span>`;
  if ("table" in value) return `<a href="#${tableAnchor(ctx, value.table)}">${html(tableKey(value.table))}</a>`;
  if ("domain" in value) return `<a href="#d-${html(value.domain.slug)}">${html(value.domain.name)}</a>`;
  if ("enum" in value) return `<a class="enum" href="#e-${html(value.enum)}">enum ${html(value.enum)}</a>`;
  return `<code class="src">${html(sourceText(value.source))}</code>`;
}

export function tableAnchor(ctx: DocsContext, table: Parameters<DocsContext["tableSlug"]>[0]): string {
  return `t-${html(ctx.tableSlug(table))}`;
}

/** A section as an HTML heading, its notes and a table. */
export function htmlSection(ctx: DocsContext, section: Section, level = 4): string {
  const out = [`<h${level}>${html(section.title)}</h${level}>`];
  for (const n of section.notes) out.push(`<p>${htmlInline(ctx, n)}</p>`);
  if (section.rows.length > 0) {
    out.push(
      `<div class="scroll"><table class="grid ${html(section.id)}"><thead><tr>${section.head.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>`,
    );
    for (const row of section.rows) out.push(`<tr>${row.map((c) => `<td>${htmlInline(ctx, c)}</td>`).join("")}</tr>`);
    out.push("</tbody></table></div>");
  }
  return out.join("\n");
}

/** JSON inside a <script type="application/json">: `<` escaped so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
