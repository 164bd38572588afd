import assert from "node:assert/strict";
import { test } from "node:test";
import { docsContext } from "../../src/docs/context.js";
import { MAX_DIAGRAM_TABLES } from "../../src/docs/domains.js";
import { MAX_DIAGRAM_CHARS } from "../../src/docs/diagrams.js";
import { tableKey } from "../../src/docs/naming.js";
import { generatedSchema } from "./generated-schema.js";
import { mermaidEr } from "./mermaid-oracle.js";

test("a 250-table schema is split per domain, then by FK connectivity, into diagrams of at most 100 tables", async () => {
  const schema = generatedSchema();
  assert.equal(schema.tables.length, 250);
  const ctx = docsContext(schema);
  assert.deepEqual(
    ctx.domains.map((d) => [d.name, d.tables.length]),
    [
      ["audit", 25],
      ["billing", 40],
      ["catalog", 35],
      ["core", 130],
      ["misc", 20],
    ],
  );
  const core = ctx.diagrams.filter((d) => d.part.domain.name === "core");
  assert.ok(core.length >= 2, "the 130-table domain needs more than one diagram");
  const drawnAsOwn = new Map<string, number>();
  for (const d of ctx.diagrams) {
    assert.ok(d.mermaid.length <= MAX_DIAGRAM_CHARS, `${d.part.slug} is ${d.mermaid.length} characters`);
    const er = await mermaidEr(d.mermaid);
    assert.ok(er.entities.size <= MAX_DIAGRAM_TABLES, `${d.part.slug} draws ${er.entities.size} tables`);
    assert.equal(er.entities.size, d.part.tables.length + d.part.stubs.length);
    for (const t of d.part.tables) {
      assert.ok(er.entities.has(tableKey(t)), `${tableKey(t)} missing from ${d.part.slug}`);
      assert.ok(t.module?.includes(`.${d.part.domain.name}.`), `${t.name} drawn outside its domain`);
      drawnAsOwn.set(t.name, (drawnAsOwn.get(t.name) ?? 0) + 1);
    }
    // Every FK between two tables of the diagram is drawn, with one end among its own tables.
    const inside = new Set([...d.part.tables, ...d.part.stubs]);
    const own = new Set(d.part.tables);
    const expected = [...inside].flatMap((t) =>
      ctx.graph.outgoing(t).filter((e) => e.to && inside.has(e.to) && (own.has(e.from) || own.has(e.to))),
    );
    assert.equal(er.relationships.length, expected.length, d.part.slug);
  }
  assert.equal(drawnAsOwn.size, 250);
  assert.ok(
    [...drawnAsOwn.values()].every((n) => n === 1),
    "every table is drawn in exactly one diagram of its own",
  );
});

test("split diagrams keep FK-linked tables together", () => {
  const ctx = docsContext(generatedSchema());
  const parts = ctx.diagrams.filter((d) => d.part.domain.name === "core").map((d) => new Set(d.part.tables));
  let inside = 0;
  let across = 0;
  for (const t of ctx.domains.find((d) => d.name === "core")!.tables) {
    for (const e of ctx.graph.outgoing(t)) {
      if (!e.to || e.to === t) continue;
      if (parts.some((p) => p.has(t) && p.has(e.to!))) inside++;
      else across++;
    }
  }
  assert.ok(inside > across * 3, `${inside} FKs inside a diagram, ${across} across diagrams`);
});

test("one subpackage per model (as in Backend.AI) folds into the parent package instead of 40 tiny diagrams", () => {
  const base = generatedSchema().tables[0];
  const tables = [];
  for (let i = 0; i < 40; i++) {
    for (let j = 0; j <= i % 3; j++)
      tables.push({ ...base, name: `e${i}_${j}`, module: `ai.backend.manager.models.e${i}.row`, foreignKeys: [] });
  }
  for (let j = 0; j < 10; j++)
    tables.push({
      ...base,
      name: `rbac_${j}`,
      module: `ai.backend.manager.models.rbac.${j % 2 ? "role" : "scope"}`,
      foreignKeys: [],
    });
  const ctx = docsContext({ version: 1, tables, enums: [] });
  assert.deepEqual(
    ctx.domains.map((d) => [d.name, d.tables.length]),
    [
      ["models", 79],
      ["rbac", 10],
    ],
  );
  // A few packages stay apart, however small.
  const few = docsContext({ version: 1, enums: [], tables: tables.filter((t) => /^e[0-4]_/.test(t.name)) });
  assert.deepEqual(
    few.domains.map((d) => d.name),
    ["e0", "e1", "e2", "e3", "e4"],
  );
});
