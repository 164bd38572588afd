/** Reporters for `remodel sql inventory`: pure functions from the inventory to text. */
import type { SqlSite } from "./inventory.js";

/** RM200 lines, ruff's shape, one per value put into SQL by formatting. */
export function injectionLines(sites: SqlSite[]): string[] {
  return sites.flatMap((s) =>
    s.injections.map(
      (j) =>
        `${s.path}:${j.line}:${j.column}: RM200 SQL built with ${j.how} from \`${j.expr}\`: injection risk, pass the value as a bound parameter`,
    ),
  );
}

export function formatInventory(sites: SqlSite[]): string {
  const lines: string[] = [];
  for (const s of sites) {
    const where = s.function ? `${s.function}${s.route ? `, reached from ${s.route}` : ""}` : "module level";
    lines.push(
      `${s.path}:${s.line}:${s.column}: ${s.kind} ${s.tables.join(", ") || "-"} [${s.driver}, ${s.paramStyle}] ${s.verdict}: ${s.reason} (${where})`,
    );
  }
  lines.push(...injectionLines(sites));
  const count = (v: string) => sites.filter((s) => s.verdict === v).length;
  lines.push(
    `${sites.length} SQL call sites: ${count("convertible")} convertible, ${count("dynamic")} dynamic, ${count("not-orm")} not for an ORM, ${count("unknown")} unknown; ${sites.reduce((n, s) => n + s.injections.length, 0)} injection risks (RM200)`,
  );
  return lines.join("\n") + "\n";
}

/** The JSON the issue specifies: `{"sites": [...]}`. */
export function inventoryJson(sites: SqlSite[]): unknown {
  return { sites };
}
