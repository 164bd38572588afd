/**
 * A framework name is written in three places the compiler cannot tie together: the `Framework`
 * union with its traits (src/schema/frameworks.ts, a record the compiler holds to the union), the
 * ORM extractors' bases, and the published JSON Schema of `remodel schema --json`. A new ORM that
 * reaches only some of them fails here, not in a user's validator.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { extractors } from "../../src/orm/registry.js";
import { FRAMEWORKS } from "../../src/schema/frameworks.js";
import { repoRoot } from "../support/tree.js";

test("the JSON Schema's framework names are the frameworks Remodel has traits for, and every extractor's bases name one", () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, "schema/remodel-schema.json"), "utf8"));
  const found: string[][] = [];
  JSON.stringify(schema, (key, value) => {
    if (key === "framework" && Array.isArray(value?.enum)) found.push(value.enum);
    return value;
  });
  assert.equal(found.length, 1, "one `framework` property with an enum");
  assert.deepEqual([...found[0]].sort(), Object.keys(FRAMEWORKS).sort());
  const named = new Set(extractors.flatMap((e) => e.bases.map((b) => b.framework)));
  for (const f of named) assert.ok(f in FRAMEWORKS, f);
  // Every framework but the database's own (a schema read from a live database) is some extractor's.
  assert.deepEqual(
    Object.keys(FRAMEWORKS)
      .filter((f) => !named.has(f as never))
      .sort(),
    ["database"],
  );
});
