/**
 * A framework name is written once, in its extractor's `frameworks` (src/orm/<id>/index.ts): the
 * `Framework` union is derived from the registry by the compiler, `frameworks()` gathers the traits
 * on first ask, and the published JSON Schema of `remodel schema --json` is written from them by
 * `npm run docs:schema`. What the compiler cannot hold (an extractor's bases naming a framework it
 * gives no traits, a committed schema not rewritten) fails here, not in a user's validator.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { extractors } from "../../src/orm/registry.js";
import { frameworks, withFrameworkEnum } from "../../src/schema/frameworks.js";
import { repoRoot } from "../support/tree.js";

test("the JSON Schema's framework names are the frameworks Remodel has traits for, and every extractor's bases name one", () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, "schema/remodel-schema.json"), "utf8"));
  const found: string[][] = [];
  JSON.stringify(schema, (key, value) => {
    if (key === "framework" && Array.isArray(value?.enum)) found.push(value.enum);
    return value;
  });
  assert.equal(found.length, 1, "one `framework` property with an enum");
  assert.deepEqual([...found[0]].sort(), Object.keys(frameworks()).sort());
  const named = new Set(extractors.flatMap((e) => e.bases.map((b) => b.framework)));
  for (const f of named) assert.ok(f in frameworks(), f);
  // Every framework but the database's own (a schema read from a live database) is some extractor's.
  assert.deepEqual(
    Object.keys(frameworks())
      .filter((f) => !named.has(f as never))
      .sort(),
    ["database"],
  );
});

test("every framework an extractor's bases name has traits in that extractor's own frameworks", () => {
  for (const e of extractors) {
    for (const b of e.bases) assert.ok(e.frameworks[b.framework], `${e.id}: ${b.framework}`);
    for (const [f, traits] of Object.entries(e.frameworks)) assert.equal(frameworks()[f as never], traits, f);
  }
});

test("the committed JSON Schema's framework enum is the one `npm run docs:schema` writes from the registry", () => {
  const text = readFileSync(join(repoRoot, "schema/remodel-schema.json"), "utf8");
  assert.equal(withFrameworkEnum(text), text, "run `npm run docs:schema`");
  const drifted = text.replace(/"framework": \{ "enum": \[[^\]]*\]/, '"framework": { "enum": ["django"]');
  assert.notEqual(withFrameworkEnum(drifted), drifted);
  assert.equal(withFrameworkEnum(drifted), text);
  assert.equal(withFrameworkEnum("{}"), null);
});
