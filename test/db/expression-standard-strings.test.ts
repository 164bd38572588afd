/**
 * PostgreSQL with standard_conforming_strings off: a plain '...' takes backslash escapes, as E'...'
 * does. Set on the session that creates the table and reads it back (as a server or role set so
 * would be read), introspection reports it, and `db diff` of a model declaring the conditions as
 * written finds nothing, while the same model read with the setting on finds the strings changed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Introspection } from "../../src/db/connection.js";
import { diffSchemas } from "../../src/db/diff.js";
import { connect } from "../../src/db/registry.js";
import { assertConditions, type ConditionCase, conditionParts } from "./condition-cases.js";
import { type EngineName, scratch } from "./helpers.js";

const CASES: (ConditionCase & { plainDiffers: boolean })[] = [
  // 'a\nb' is a line break between a and b.
  { sql: "name <> 'a\\nb'", same: ["name <> E'a\\nb'"], differs: ["name <> 'a\\\\nb'"], plainDiffers: true },
  // A backslashed quote is a quote, and does not end the string.
  { sql: "name <> 'it\\'s'", same: ["name <> 'it''s'"], differs: ["name <> 'it\\''s'"], plainDiffers: true },
  // 'c\\d' is one backslash, which the server writes back doubled.
  { sql: "name <> 'c\\\\d'", same: ["name <> E'c\\\\d'"], differs: ["name <> 'c\\\\\\\\d'"], plainDiffers: false },
];

for (const engine of ["pglite", "postgresql"] as EngineName[]) {
  test(`${engine} with standard_conforming_strings off: declared conditions compare equal to what the server stores`, {
    timeout: 60_000,
  }, async () => {
    const db = await scratch(engine);
    // PGlite's scratch holds its directory open: let go of it for a connection of this test's own.
    await db.detach();
    const conn = await connect(db.url, { writable: true, timeoutMs: 10_000 });
    try {
      assert.equal((await conn.introspect()).standardConformingStrings, undefined, "on by default");
      await conn.execute!("SET standard_conforming_strings = off");
      await conn.execute!(`CREATE TABLE t (id int, name text, ${conditionParts(CASES, "STORED")})`);
      const stored: Introspection = await conn.introspect();
      assert.equal(stored.standardConformingStrings, false);
      const model = assertConditions(stored, CASES);
      // Read as if the setting were on, the declared text means other strings.
      const plain = { ...stored, standardConformingStrings: undefined };
      for (const [i, c] of CASES.entries()) {
        const drift = diffSchemas(model(i, c.sql), plain).drift.filter((d) => d.subject.includes(` check ck_${i} `));
        if (c.plainDiffers) assert.notDeepEqual(drift, [], `${c.sql} with the setting on`);
        else assert.deepEqual(drift, [], `${c.sql} with the setting on`);
      }
    } finally {
      await conn.close();
      await db.drop();
    }
  });
}
