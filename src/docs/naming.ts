import type { Column, ColumnType, Table } from "../schema/model.js";
import { tableKey } from "./graph.js";

/**
 * Naming and escaping shared by every renderer: file slugs, the human-readable type of a column,
 * its key markers, and escaping for Markdown, HTML and Mermaid.
 */

/**
 * Unique file-name slugs for the given keys. Case-insensitive file systems (macOS, Windows) would
 * merge `User.md` and `user.md`, so collisions are compared lower-cased and numbered.
 */
export function slugMap(keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base =
      key
        .replace(/[^A-Za-z0-9_.-]+/g, "_")
        .replace(/^[.-]+/, "_")
        .slice(0, 120) || "_";
    let slug = base;
    for (let n = 2; used.has(slug.toLowerCase()); n++) slug = `${base}-${n}`;
    used.add(slug.toLowerCase());
    out.set(key, slug);
  }
  return out;
}

/** The type a reader wants to see: generic name with its size (`string(255)`, `numeric(10,2)`, `enum Role`). */
export function typeLabel(type: ColumnType): string {
  const n = type.normalized;
  if (n === "unknown" || type.unresolved) return type.written || "unknown";
  if (n.startsWith("custom:")) return n.slice("custom:".length);
  if (n === "enum") return type.enum ? `enum ${type.enum}` : "enum";
  if (n === "array") return `${type.item ? typeLabel(type.item) : "unknown"}[]`;
  if (type.length != null) return `${n}(${type.length})`;
  if (type.precision != null)
    return type.scale != null ? `${n}(${type.precision},${type.scale})` : `${n}(${type.precision})`;
  if (type.timezone) return `${n} tz`;
  return n;
}

/** Key markers of a column within its table: PK, FK, UK (unique alone or in a unique constraint). */
export function keyMarkers(table: Table, column: Column): ("PK" | "FK" | "UK")[] {
  const keys: ("PK" | "FK" | "UK")[] = [];
  if (column.primaryKey || table.primaryKey.includes(column.name)) keys.push("PK");
  if (table.foreignKeys.some((fk) => fk.columns.includes(column.name))) keys.push("FK");
  const uniqueAlone =
    column.unique ||
    table.uniqueConstraints.some((u) => u.columns.length === 1 && u.columns[0] === column.name) ||
    // A partial unique index (`WHERE deleted_at IS NULL`) does not make the column unique.
    table.indexes.some((i) => i.unique && !i.where && i.columns.length === 1 && i.columns[0] === column.name);
  if (uniqueAlone && !keys.includes("PK")) keys.push("UK");
  return keys;
}

/** `path:line` of a source location, or "" when unknown. */
export function sourceText(source: { path: string; line: number } | undefined): string {
  return source ? `${source.path}:${source.line}` : "";
}

/** The model class and module that define a table, for headings (`User (app.models.user)`). */
export function modelText(table: Table): string {
  return [table.model, table.module ? `(${table.module})` : ""].filter(Boolean).join(" ");
}

export { tableKey };

/**
 * Escapes text for a Markdown table cell: pipes, newlines, and characters that start markup
 * (emphasis, strikethrough, code, HTML, links, entities such as `&amp;`), and GFM's bare autolinks
 * (`http://`, `www.`, `a@b.co`), so the text shows as written. Underscores inside words cannot
 * start emphasis in GFM and stay as they are, for readable source; a run of them at a word's edge
 * (`__init__`) is escaped whole.
 */
export function mdCell(text: string): string {
  return text
    .replace(/[\\|*`<>[\]&~]/g, "\\$&")
    .replace(/_+/g, (run, at: number, all: string) =>
      /[A-Za-z0-9]/.test(all[at - 1] ?? "") && /[A-Za-z0-9]/.test(all[at + run.length] ?? "")
        ? run
        : run.replace(/_/g, "\\_"),
    )
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.")
    .replace(/([A-Za-z0-9._+-])@(?=[A-Za-z0-9-]+\.)/g, "$1\\@")
    .replace(/\r?\n/g, " ");
}

/** Inline code in Markdown, safe for values that contain backticks. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = flat.includes("`") ? "`` " : "`";
  return `${fence}${flat}${fence.split("").reverse().join("")}`;
}

export function html(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
