import { test } from "node:test";
import assert from "node:assert/strict";
import { renderDdl } from "../../src/db/ddl.js";
import { diffSchemas } from "../../src/db/diff.js";
import { ENGINES, dialectOf, scratch, sqlalchemyDdl, sqlalchemySchema, type EngineName } from "./helpers.js";

// The fixture models built into real databases, once with SQLAlchemy's DDL and once with
// Remodel's: introspection and diff must find the models exactly, and the checklist counts
// must be those of the seeds (8 tables and 5 enums; 12 tables).
const cases: { project: string; module: string; engines: EngineName[]; tables: number; enums: number; fks: number }[] =
  [
    { project: "orchestrator", module: "app.models", engines: ["pglite", "postgresql"], tables: 8, enums: 5, fks: 9 },
    { project: "spirit", module: "model", engines: ENGINES, tables: 12, enums: 2, fks: 10 },
  ];

for (const c of cases) {
  const model = sqlalchemySchema(c.project, c.module);
  for (const engine of c.engines) {
    for (const builder of ["sqlalchemy", "remodel"] as const) {
      // PGlite costs seconds per database: one build each is enough there.
      if (engine === "pglite" && builder !== (c.project === "spirit" ? "remodel" : "sqlalchemy")) continue;
      test(`${c.project} on ${engine}, built by ${builder}'s DDL: no drift`, async () => {
        const sql =
          builder === "sqlalchemy"
            ? sqlalchemyDdl(c.project, c.module, dialectOf(engine))
            : renderDdl(model, dialectOf(engine));
        const db = await scratch(engine, sql);
        try {
          const result = diffSchemas(model, await db.introspect());
          assert.deepEqual(
            result.drift.map((d) => d.message),
            [],
          );
          const count = (name: string) => result.checks.find((x) => x.check === name)!.compared;
          assert.equal(count("tables"), c.tables);
          assert.equal(count("foreign keys"), c.fks);
          if (engine !== "sqlite") assert.equal(count("enum types"), c.enums);
        } finally {
          await db.drop();
        }
      });
    }
  }
}
