// Rewrites the check tables of README.md and docs/commands/check.md from the check registry
// (run `npm run docs:checks` after adding or changing a check).
import { readFileSync, writeFileSync } from "node:fs";
import { readmeTable, referenceTable, withTable } from "../dist/src/verify/docs-tables.js";

for (const [path, table] of [
  ["README.md", readmeTable()],
  ["docs/commands/check.md", referenceTable()],
]) {
  const text = readFileSync(path, "utf8");
  const next = withTable(text, table);
  if (next === null) throw new Error(`${path}: no <!-- checks:begin --> ... <!-- checks:end --> block`);
  if (next !== text) writeFileSync(path, next);
}
