import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeDefault, pythonDefaultToSql } from "../../src/db/defaults.js";
import { parseDbType, sameType } from "../../src/db/types.js";
import type { ColumnType } from "../../src/schema/model.js";

const model = (normalized: string, extra: Partial<ColumnType> = {}): ColumnType => ({
  written: normalized,
  normalized,
  ...extra,
});

test("catalog type names parse to the neutral types", () => {
  assert.deepEqual(parseDbType("postgresql", "character varying(255)"), {
    written: "character varying(255)",
    normalized: "string",
    length: 255,
  });
  assert.equal(parseDbType("postgresql", "timestamp(3) with time zone").timezone, true);
  assert.deepEqual(parseDbType("postgresql", "numeric(10,2)"), {
    written: "numeric(10,2)",
    normalized: "numeric",
    precision: 10,
    scale: 2,
  });
  assert.equal(parseDbType("postgresql", "integer[]").item?.normalized, "integer");
  assert.equal(parseDbType("mysql", "tinyint(1)").normalized, "boolean");
  assert.equal(parseDbType("mysql", "tinyint(4)").normalized, "smallint");
  assert.equal(parseDbType("mysql", "int(10) unsigned").normalized, "integer");
  assert.equal(parseDbType("postgresql", "tsvector").normalized, "custom:tsvector");
});

test("types compare by meaning, per dialect", () => {
  const db = (d: "postgresql" | "mysql" | "sqlite", w: string) => parseDbType(d, w);
  assert.ok(sameType("postgresql", model("string", { length: 255 }), db("postgresql", "character varying(255)")));
  assert.ok(!sameType("postgresql", model("string", { length: 255 }), db("postgresql", "character varying(100)")));
  assert.ok(sameType("postgresql", model("integer"), db("postgresql", "integer")));
  assert.ok(
    sameType("postgresql", model("datetime", { timezone: true }), db("postgresql", "timestamp with time zone")),
  );
  assert.ok(
    !sameType("postgresql", model("datetime", { timezone: true }), db("postgresql", "timestamp without time zone")),
  );
  assert.ok(sameType("mysql", model("datetime", { timezone: true }), db("mysql", "datetime")));
  assert.ok(sameType("postgresql", model("float"), db("postgresql", "double precision")));
  assert.ok(!sameType("postgresql", model("text"), db("postgresql", "character varying")));
  assert.ok(sameType("mysql", model("uuid"), db("mysql", "char(32)")));
  assert.ok(!sameType("postgresql", model("uuid"), db("postgresql", "character(32)")));
  assert.ok(sameType("sqlite", model("enum", { enum: "Status" }), db("sqlite", "VARCHAR(9)")));
  assert.ok(
    sameType(
      "postgresql",
      model("enum", { enum: "TaskStatus" }),
      { written: "task_status", normalized: "enum", enum: "task_status" },
      (n) => (n === "TaskStatus" ? "task_status" : n),
    ),
  );
  assert.ok(
    !sameType("postgresql", model("enum", { enum: "TaskStatus" }), { written: "x", normalized: "enum", enum: "other" }),
  );
  assert.ok(
    sameType("postgresql", model("numeric"), db("postgresql", "numeric(12,4)")),
    "an unstated precision is not compared",
  );
});

test("defaults compare by meaning", () => {
  const same = (a: string, b: string, bool = false) =>
    normalizeDefault(a, "postgresql", bool) === normalizeDefault(b, "postgresql", bool);
  assert.ok(same("'todo'::task_status", "todo"));
  assert.ok(same("'todo'::task_status", "'todo'"));
  assert.ok(same("now()", "CURRENT_TIMESTAMP"));
  assert.ok(same("current_timestamp()", "func.now()"));
  assert.ok(same("'0'::integer", "0"));
  assert.ok(same("false", "'0'", true));
  assert.ok(same("'{}'::jsonb", "text(\"'{}'::jsonb\")"));
  assert.ok(!same("'a'", "'b'"));
  assert.ok(!same("1", "2"));
  assert.equal(normalizeDefault("NULL", "mysql"), null);
  assert.equal(pythonDefaultToSql("active"), "'active'");
  assert.equal(pythonDefaultToSql("now()"), "now()");
  assert.equal(pythonDefaultToSql('text("gen_random_uuid()")'), "gen_random_uuid()");
});
