/** The trailing notes of Django and Tortoise output: what the field cannot say about the column. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDjango } from "../../src/db/pull/django.js";
import { planPull } from "../../src/db/pull/plan.js";
import { renderTortoise } from "../../src/db/pull/tortoise.js";
import type { Column, Schema } from "../../src/schema/model.js";

const column = (name: string, written: string, normalized: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { written, normalized, ...(normalized === "array" ? { item: { written: "text", normalized: "text" } } : {}) },
  nullable: true,
  primaryKey: false,
  unique: false,
  index: false,
  ...extra,
});

const schema: Schema = {
  version: 1,
  enums: [],
  tables: [
    {
      name: "events",
      framework: "database",
      columns: [
        column("id", "integer", "integer", { nullable: false, primaryKey: true, autoincrement: true }),
        column("happened", "timestamp without time zone", "datetime", {
          type: { written: "timestamp without time zone", normalized: "datetime", timezone: false },
        }),
        column("payload", "json", "json"),
        column("tags", "text[]", "array"),
      ],
      primaryKey: ["id"],
      foreignKeys: [],
      indexes: [],
      uniqueConstraints: [],
      checkConstraints: [],
      relationships: [],
    },
  ],
};

const text = (files: Map<string, string>) => [...files.values()].join("\n");
const lineOf = (out: string, attr: string) => out.split("\n").find((l) => l.trimStart().startsWith(`${attr} =`)) ?? "";

test("on PostgreSQL, a naive timestamp and a json column are noted where the field would declare timestamptz and jsonb", () => {
  for (const [framework, render] of [
    ["django", renderDjango],
    ["tortoise", renderTortoise],
  ] as const) {
    const out = text(render(planPull(schema, "postgresql", "none", framework)));
    assert.match(lineOf(out, "happened"), /# .*timestamp without time zone/, framework);
    assert.match(lineOf(out, "payload"), /# .*json, not jsonb/, framework);
  }
  // MySQL: the fields declare what the columns are; nothing to say.
  const my = text(renderDjango(planPull(schema, "mysql", "none", "django")));
  assert.doesNotMatch(lineOf(my, "happened"), /timestamp without time zone/);
  assert.doesNotMatch(lineOf(my, "payload"), /jsonb/);
});

test("Django declares a PostgreSQL array as ArrayField: no note that the ORM has no array field; Tortoise gets one", () => {
  const django = lineOf(text(renderDjango(planPull(schema, "postgresql", "none", "django"))), "tags");
  assert.match(django, /ArrayField/);
  assert.doesNotMatch(django, /no array field/);
  const tortoise = lineOf(text(renderTortoise(planPull(schema, "postgresql", "none", "tortoise"))), "tags");
  assert.match(tortoise, /no array field/);
});
