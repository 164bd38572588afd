/** The code tables in README.md and docs/commands/check.md are written from the check registry. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CODES } from "../../src/verify/codes.js";
import { readmeTable, referenceTable, withTable } from "../../src/verify/docs-tables.js";
import { checks } from "../../src/verify/registry.js";
import { repoRoot } from "../support/tree.js";

for (const [path, table] of [
  ["README.md", readmeTable()],
  ["docs/commands/check.md", referenceTable()],
] as const) {
  test(`${path}: the check table is the registry's (npm run docs:checks rewrites it)`, () => {
    const text = readFileSync(join(repoRoot, path), "utf8");
    assert.equal(withTable(text, table), text);
  });
}

test("every check has a unique RM code and a kebab-case name, and CODES is read from the registry", () => {
  const codes = checks.map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of checks) {
    assert.match(c.code, /^RM\d{3}$/);
    assert.match(c.name, /^[a-z]+(-[a-z]+)*$/);
  }
  assert.deepEqual(Object.keys(CODES), codes);
});
