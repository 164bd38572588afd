import type { Schema } from "./model.js";
import { typeText } from "./diff.js";

/** The text report of `remodel schema`: one line per table, then what could not be read. */
export function formatSummary(s: Schema): string {
  const lines: string[] = [];
  const byFw = new Map<string, number>();
  for (const t of s.tables) byFw.set(t.framework, (byFw.get(t.framework) ?? 0) + 1);
  const fw = [...byFw].map(([k, v]) => `${k} ${v}`).join(", ");
  lines.push(`${s.tables.length} table(s), ${s.enums.length} enum(s)${fw ? ` (${fw})` : ""}`);
  for (const t of s.tables) {
    const name = t.schema ? `${t.schema}.${t.name}` : t.name;
    const where = t.source ? `${t.source.path}:${t.source.line}` : "";
    const parts = [`${t.columns.length} columns`, `pk (${t.primaryKey.join(", ")})`];
    if (t.foreignKeys.length) parts.push(`${t.foreignKeys.length} fk`);
    if (t.indexes.length) parts.push(`${t.indexes.length} index`);
    if (t.relationships.length) parts.push(`${t.relationships.length} rel`);
    lines.push(`  ${name.padEnd(32)} ${(t.model ?? "-").padEnd(28)} ${parts.join(", ")}  ${where}`);
  }
  const unresolved = s.tables.flatMap((t) => t.columns.filter((c) => c.type.unresolved).map((c) => ({ t, c })));
  if (unresolved.length) {
    lines.push("", "unresolved (kept as written):");
    for (const { t, c } of unresolved) {
      lines.push(
        `${c.source ? `${c.source.path}:${c.source.line}:1: ` : ""}SCHEMA001 ${t.name}.${c.name}: type ${typeText(c.type)} not known statically`,
      );
    }
  }
  const unknownEnums = s.enums.filter((e) => e.unresolved);
  for (const e of unknownEnums)
    lines.push(
      `${e.source ? `${e.source.path}:${e.source.line}:1: ` : ""}SCHEMA002 enum ${e.name}: values not known statically`,
    );
  for (const t of s.tables.filter((x) => x.incomplete?.length)) {
    const where = t.source ? `${t.source.path}:${t.source.line}:1: ` : "";
    lines.push(`${where}SCHEMA004 ${t.model ?? t.name} (${t.name}) not read fully: ${t.incomplete!.join("; ")}`);
  }
  for (const n of s.notes ?? [])
    lines.push(`${n.source ? `${n.source.path}:${n.source.line}:1: ` : ""}SCHEMA003 ${n.message}`);
  return lines.join("\n") + "\n";
}
