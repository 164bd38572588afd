/**
 * Conditions declared on a server and read back: each case created both as a CHECK constraint
 * (`ck_<i>`) and as a generated column (`g_<i>`), and `db diff` of a model that declares it.
 */
import assert from "node:assert/strict";
import type { Introspection } from "../../src/db/connection.js";
import { diffSchemas } from "../../src/db/diff.js";
import type { Schema } from "../../src/schema/model.js";
import { clone } from "./helpers.js";

export interface ConditionCase {
  sql: string;
  /** The same condition written otherwise: no drift either. */
  same?: string[];
  /** A condition of another meaning: drift on both, DB062 for the check and DB016 for the column. */
  differs: string[];
}

/** The column and constraint definitions of a CREATE TABLE that declare each case twice. */
export function conditionParts(cases: ConditionCase[], storage: "STORED" | "VIRTUAL"): string {
  return cases
    .flatMap((c, i) => [
      `CONSTRAINT ck_${i} CHECK (${c.sql})`,
      `g_${i} boolean GENERATED ALWAYS AS (${c.sql}) ${storage}`,
    ])
    .join(", ");
}

/**
 * Asserts what `db diff` finds for the table read back (`stored`): nothing for a model declaring
 * each case as written or as one of its `same` spellings, DB016 and DB062 for one of its `differs`.
 * Returns the model builder: the database's table with each case as declared, case i as `text`.
 */
export function assertConditions(stored: Introspection, cases: ConditionCase[]): (i: number, text: string) => Schema {
  const table = stored.schema.tables[0];
  assert.equal(table.checkConstraints.length, cases.length);
  const model = (i: number, text: string) => {
    const m = clone(stored.schema);
    const t = m.tables[0];
    for (const [j, c] of cases.entries()) {
      t.checkConstraints.find((k) => k.name === `ck_${j}`)!.expression = j === i ? text : c.sql;
      t.columns.find((k) => k.name === `g_${j}`)!.computed!.expression = j === i ? text : c.sql;
    }
    return m;
  };
  // The drift of case i's check and column.
  const drift = (i: number, text: string) =>
    diffSchemas(model(i, text), stored)
      .drift.filter((d) => d.subject.includes(` check ck_${i} `) || d.subject === `t.g_${i}`)
      .map((d) => d.code)
      .sort();
  assert.deepEqual(
    diffSchemas(model(-1, ""), stored).drift.map((d) => d.message),
    [],
  );
  for (const [i, c] of cases.entries()) {
    const check = table.checkConstraints.find((k) => k.name === `ck_${i}`)!.expression;
    const generated = table.columns.find((k) => k.name === `g_${i}`)!.computed!.expression;
    for (const text of [c.sql, ...(c.same ?? [])])
      assert.deepEqual(drift(i, text), [], `${text} against ${check} and ${generated}`);
    for (const text of c.differs)
      assert.deepEqual(drift(i, text), ["DB016", "DB062"], `${text} against ${check} and ${generated}`);
  }
  return model;
}
