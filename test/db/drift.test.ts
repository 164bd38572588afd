import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { diffSchemas } from "../../src/db/diff.js";
import type { Schema, Table } from "../../src/schema/model.js";
import {
  clone,
  dialectOf,
  scratch,
  sqlalchemyDdl,
  sqlalchemySchema,
  type EngineName,
  type Scratch,
} from "./helpers.js";

// The drift suite: each kind of difference introduced once, into the models or into the
// database, must be reported exactly once, with its code, on every engine.
const base = sqlalchemySchema("spirit", "model");
const table = (s: Schema, name: string): Table => s.tables.find((t) => t.name === name)!;
const column = (s: Schema, t: string, c: string) => table(s, t).columns.find((x) => x.name === c)!;

interface Case {
  kind: string;
  code: string;
  /** Change the models... */
  model?: (s: Schema) => void;
  /** ...or the database (run after building it). */
  sql?: string;
  engines?: EngineName[];
}

const cases: Case[] = [
  { kind: "missing table", code: "DB001", sql: "DROP TABLE user_spirit_access" },
  // Its enum type stays in the database (DROP TABLE keeps types): still one finding, the table.
  { kind: "missing table that has an enum column", code: "DB001", sql: "DROP TABLE user_spirit_subscriptions" },
  { kind: "extra table", code: "DB002", sql: "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note VARCHAR(20))" },
  { kind: "column type", code: "DB011", model: (s) => void (column(s, "spirits_registry", "name").type.length = 150) },
  {
    kind: "nullability",
    code: "DB012",
    model: (s) => void (column(s, "spirits_registry", "description").nullable = false),
  },
  { kind: "default", code: "DB014", model: (s) => void (column(s, "spirit_minions", "rank").serverDefault = "'2'") },
  {
    kind: "primary key",
    code: "DB020",
    model: (s) => {
      table(s, "user_spirit_access").primaryKey = ["user_id"];
      column(s, "user_spirit_access", "spirit_id").primaryKey = false;
    },
  },
  {
    kind: "unique constraint",
    code: "DB031",
    model: (s) => void (column(s, "subscription_plans", "name").unique = false),
  },
  {
    kind: "index",
    code: "DB040",
    model: (s) =>
      void table(s, "spirit_mastery").indexes.push({ name: "ix_mastery_xp", columns: ["xp"], unique: false }),
  },
  {
    kind: "foreign key target",
    code: "DB051",
    model: (s) => void (table(s, "tools_registry").foreignKeys[0].refTable = "spirit_bundles"),
  },
  {
    kind: "foreign key action",
    code: "DB052",
    model: (s) => void (table(s, "points_transactions").foreignKeys[0].onDelete = "SET NULL"),
  },
  {
    kind: "enum value",
    code: "DB071",
    model: (s) => {
      // The enum class gains a member: its value, its name and the label the database would hold.
      const e = s.enums.find((e) => e.name === "PricingTier")!;
      for (const list of [e.values, e.members, e.labels]) list?.push("mythic");
    },
    engines: ["pglite", "postgresql", "mysql"],
  },
  {
    kind: "column comment",
    code: "DB015",
    model: (s) => void (column(s, "spirits_registry", "description").comment = "shown to buyers"),
    engines: ["pglite", "postgresql", "mysql"],
  },
  {
    kind: "check constraint",
    code: "DB060",
    model: (s) =>
      void table(s, "spirit_mastery").checkConstraints.push({ name: "ck_mastery_xp", expression: "xp >= 0" }),
  },
  {
    kind: "extra check constraint",
    code: "DB061",
    sql: "ALTER TABLE spirits_registry ADD CONSTRAINT ck_extra CHECK (char_length(name) > 0)",
    engines: ["postgresql", "mysql"],
  },
  {
    kind: "index method",
    code: "DB042",
    model: (s) =>
      void (table(s, "minion_spirits").indexes.find((i) => i.name === "ix_minion_spirits_spirit_slot")!.method =
        "hash"),
  },
  {
    kind: "extra database object",
    code: "DB080",
    sql: "CREATE VIEW active_spirits AS SELECT id, name FROM spirits_registry",
  },
];

for (const engine of ["pglite", "postgresql", "mysql", "sqlite"] as EngineName[]) {
  describe(`drift suite on ${engine}`, () => {
    const ddl = sqlalchemyDdl("spirit", "model", dialectOf(engine));
    let shared: Scratch;
    before(async () => {
      shared = await scratch(engine, ddl);
    });
    after(async () => {
      await shared?.drop();
    });

    test("the unchanged models match", async () => {
      assert.deepEqual(diffSchemas(base, await shared.introspect()).drift, []);
    });

    for (const c of cases) {
      if (c.engines && !c.engines.includes(engine)) continue;
      // PGlite costs seconds per database: its database-side cases share the suite's database.
      test(`${c.kind} is reported once (${c.code})`, async () => {
        const model = clone(base);
        c.model?.(model);
        const own = c.sql && engine !== "pglite" ? await scratch(engine, `${ddl}\n${c.sql};`) : null;
        try {
          if (c.sql && engine === "pglite") await shared.exec(`${c.sql};`);
          const result = diffSchemas(model, await (own ?? shared).introspect());
          assert.deepEqual(
            result.drift.map((d) => d.code),
            [c.code],
            result.drift.map((d) => d.message).join("\n"),
          );
          const d = result.drift[0];
          if (c.model)
            assert.ok(
              d.source?.path === "model/spirit_models.py" && d.source.line > 0,
              `no file:line in ${JSON.stringify(d)}`,
            );
        } finally {
          await own?.drop();
          if (c.sql && engine === "pglite") await shared.exec(undo(c.sql));
        }
      });
    }
  });
}

/** Reverses a database-side case on the shared PGlite database. */
function undo(sql: string): string {
  const dropped = /^DROP TABLE (\w+)/.exec(sql)?.[1];
  if (dropped) {
    const stmts = sqlalchemyDdl("spirit", "model", "postgresql").split(";");
    return stmts.filter((s) => new RegExp(`CREATE TABLE ${dropped} \\(|ON ${dropped} \\(`).test(s)).join(";\n") + ";";
  }
  const m = /CREATE (TABLE|VIEW) (\w+)/.exec(sql)!;
  return `DROP ${m[1]} ${m[2]};`;
}
