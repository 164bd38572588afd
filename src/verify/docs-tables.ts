/**
 * The code tables of README.md and docs/commands/check.md, written from the check registry
 * between `<!-- checks:begin -->` and `<!-- checks:end -->` (scripts/docs-checks.mjs rewrites them;
 * a unit test fails when they drift).
 */
import { checks } from "./registry.js";

export const BEGIN = "<!-- checks:begin -->";
export const END = "<!-- checks:end -->";

/** README.md: code and what it reports. */
export function readmeTable(): string {
  return ["| code | what |", "|---|---|", ...checks.map((c) => `| ${c.code} | ${c.summary} |`)].join("\n");
}

/** docs/commands/check.md: code, name and an example that triggers it. */
export function referenceTable(): string {
  return [
    "| code | name | example that triggers it |",
    "|---|---|---|",
    ...checks.map((c) => `| ${c.code} | ${c.name} | ${c.example} |`),
  ].join("\n");
}

/** `text` with the block between the markers replaced by `table`; null when the markers are missing. */
export function withTable(text: string, table: string): string | null {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return null;
  return `${text.slice(0, a + BEGIN.length)}\n${table}\n${text.slice(b)}`;
}
