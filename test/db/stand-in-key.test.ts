import { test } from "node:test";
import assert from "node:assert/strict";
import type { Column, Table } from "../../src/schema/model.js";
import { keylessTables, standInKey } from "../../src/db/pull/stand-in-key.js";

// Which column of a table without a primary key can be a Django/Tortoise model's primary key:
// only one that names a single row (NOT NULL, unique on its own, over the whole table).

const col = (name: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { written: "INTEGER", normalized: "integer" },
  nullable: false,
  primaryKey: false,
  unique: false,
  index: false,
  ...extra,
});
const table = (columns: Column[], extra: Partial<Table> = {}): Table => ({
  name: "t",
  framework: "database",
  columns,
  primaryKey: [],
  foreignKeys: [],
  indexes: [],
  uniqueConstraints: [],
  checkConstraints: [],
  relationships: [],
  ...extra,
});

test("a stand-in key is a NOT NULL column unique on its own; an auto-increment one is preferred", () => {
  const t = table(
    [col("code", { type: { written: "TEXT", normalized: "text" } }), col("seq", { autoincrement: true })],
    {
      uniqueConstraints: [{ name: "t_code_key", columns: ["code"] }],
      indexes: [{ name: "ux_seq", columns: ["seq"], unique: true }],
    },
  );
  assert.deepEqual(standInKey(t), { column: "seq", evidence: "unique index ux_seq" });
  assert.deepEqual(standInKey({ ...t, indexes: [] }), { column: "code", evidence: "unique constraint t_code_key" });
});

test("no stand-in key: nullable, unique only with another column, a partial or expression index, a JSON column", () => {
  const none = [
    table([col("a", { nullable: true })], { uniqueConstraints: [{ columns: ["a"] }] }),
    table([col("a"), col("b")], { uniqueConstraints: [{ columns: ["a", "b"] }] }),
    table([col("a")], {
      indexes: [{ name: "ux_a", columns: ["a"], unique: true, where: "a > 0", expressions: ["WHERE a > 0"] }],
    }),
    table([col("a")], { indexes: [{ name: "ux_lower", columns: ["a"], unique: true, expressions: ["lower(a)"] }] }),
    table([col("doc", { type: { written: "JSONB", normalized: "jsonb" } })], {
      uniqueConstraints: [{ columns: ["doc"] }],
    }),
    table([col("a")]),
  ];
  for (const t of none) assert.equal(standInKey(t), null, JSON.stringify(t));
  // Tables with a primary key, and the frameworks that write a plain Table(...), are not reported.
  assert.deepEqual(keylessTables([table([col("a")], { primaryKey: ["a"] })], "django"), []);
  assert.deepEqual(keylessTables([table([col("a")])], "sqlalchemy"), []);
  assert.match(
    keylessTables([table([col("a")])], "tortoise")[0].message,
    /^table t left out: .*a Tortoise model needs one/,
  );
});

test("an enum type that only a left-out table uses is left out with it; unused and shared ones stay", async () => {
  const { planPull } = await import("../../src/db/pull/plan.js");
  const enumCol = (name: string, e: string): Column => col(name, { type: { written: e, normalized: "enum", enum: e } });
  const schema = {
    tables: [
      table([col("id"), enumCol("state", "order_state")], { name: "orders", primaryKey: ["id"] }),
      // No key, nothing unique: left out for Django and Tortoise.
      table([enumCol("level", "log_level"), enumCol("state", "shared_state")], { name: "audit_log" }),
      table([col("id"), enumCol("state", "shared_state")], { name: "jobs", primaryKey: ["id"] }),
    ],
    enums: ["order_state", "log_level", "shared_state", "spare_kind"].map((name) => ({ name, values: ["a", "b"] })),
  } as unknown as Parameters<typeof planPull>[0];
  const names = (framework: "django" | "sqlalchemy") =>
    [...planPull(schema, "postgresql", "domain", framework).enums.keys()].sort();
  assert.deepEqual(names("django"), ["order_state", "shared_state", "spare_kind"]);
  // SQLAlchemy maps the keyless table as a plain Table(...): its enum stays.
  assert.deepEqual(names("sqlalchemy"), ["log_level", "order_state", "shared_state", "spare_kind"]);
});
