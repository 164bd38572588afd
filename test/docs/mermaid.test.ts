import assert from "node:assert/strict";
import { test } from "node:test";
import { buildGraph } from "../../src/docs/graph.js";
import { renderErDiagram, mermaidWord } from "../../src/docs/mermaid.js";
import type { Column, Schema, Table } from "../../src/schema/model.js";
import { mermaidEr, mermaidParse } from "./mermaid-oracle.js";

const col = (name: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { written: "Integer", normalized: "integer" },
  nullable: false,
  primaryKey: false,
  unique: false,
  index: false,
  ...extra,
});
const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  framework: "sqlalchemy",
  columns,
  primaryKey: columns.filter((c) => c.primaryKey).map((c) => c.name),
  foreignKeys: [],
  indexes: [],
  uniqueConstraints: [],
  checkConstraints: [],
  relationships: [],
  ...extra,
});
const fk = (columns: string[], refTable: string) => ({ columns, refTable, refColumns: columns.map(() => "id") });

function diagramOf(schema: Schema): string {
  const graph = buildGraph(schema);
  return renderErDiagram(graph, {
    entities: graph.tables.map((t) => ({ table: t, attributes: "all" as const })),
    primary: new Set(graph.tables),
  });
}

test("cardinalities come from FK nullability, uniqueness and primary keys, as Mermaid reads them", async () => {
  const id = col("id", { primaryKey: true });
  const schema: Schema = {
    version: 1,
    enums: [],
    tables: [
      table("users", [id]),
      table("posts", [id, col("author_id"), col("editor_id", { nullable: true })], {
        foreignKeys: [fk(["author_id"], "users"), fk(["editor_id"], "users")],
      }),
      table("profiles", [id, col("user_id", { unique: true })], { foreignKeys: [fk(["user_id"], "users")] }),
      table("tags", [id]),
      table("post_tags", [col("post_id", { primaryKey: true }), col("tag_id", { primaryKey: true })], {
        foreignKeys: [fk(["post_id"], "posts"), fk(["tag_id"], "tags")],
      }),
      table("nodes", [id, col("parent_id", { nullable: true })], { foreignKeys: [fk(["parent_id"], "nodes")] }),
    ],
  };
  const er = await mermaidEr(diagramOf(schema));
  const rel = (child: string, label: string) =>
    er.relationships.find((r) => r.child === child && r.label.startsWith(label));
  assert.deepEqual(rel("posts", "author_id"), {
    parent: "users",
    child: "posts",
    parentCard: "ONLY_ONE",
    childCard: "ZERO_OR_MORE",
    identifying: false,
    label: "author_id",
  });
  assert.equal(rel("posts", "editor_id")?.parentCard, "ZERO_OR_ONE");
  assert.equal(rel("profiles", "user_id")?.childCard, "ZERO_OR_ONE");
  const assoc = rel("post_tags", "tag_id");
  assert.equal(assoc?.identifying, true);
  assert.match(assoc?.label ?? "", /many-to-many/);
  assert.deepEqual(
    { ...rel("nodes", "parent_id"), label: "" },
    {
      parent: "nodes",
      child: "nodes",
      parentCard: "ZERO_OR_ONE",
      childCard: "ZERO_OR_MORE",
      identifying: false,
      label: "",
    },
  );
  assert.equal(er.relationships.length, 6);
  assert.deepEqual(
    er.entities.get("profiles")?.map((a) => a.keys),
    [["PK"], ["FK", "UK"]],
  );
});

test("awkward table, column and type names stay distinct and parse", async () => {
  const names = ["end", "order items", "2fa_codes", "public.users", "style", "one", "Ünïcode", 'say "hi"', "u"];
  const columns = [
    col("pk", { primaryKey: true }),
    col("1st choice", { type: { written: "Numeric(10, 2)", normalized: "numeric", precision: 10, scale: 2 } }),
    col("class", { type: { written: 'Enum("a", "b")', normalized: "unknown" } }),
    col("tags", {
      type: { written: "ARRAY(String)", normalized: "array", item: { written: "String", normalized: "string" } },
    }),
    col("kind", { type: { written: "sa.Enum(Kind)", normalized: "enum", enum: "Kind" } }),
    col("at", { type: { written: "DateTime(timezone=True)", normalized: "datetime", timezone: true } }),
  ];
  const schema: Schema = {
    version: 1,
    enums: [],
    tables: names.map((n, i) => table(n, columns, i ? { foreignKeys: [fk(["pk"], names[i - 1])] } : {})),
  };
  const er = await mermaidEr(diagramOf(schema));
  assert.equal(er.entities.size, names.length);
  assert.equal(er.relationships.length, names.length - 1);
  for (const attrs of er.entities.values()) {
    assert.deepEqual(
      attrs.map((a) => a.name),
      ["_pk", "_1st_choice", "class", "tags", "kind", "at"],
    );
    assert.deepEqual(
      attrs.map((a) => a.type),
      ["integer", "numeric(10-2)", "Enum(_a_-_b_)", "string[]", "enum_Kind", "datetime_tz"],
    );
  }
});

test("the Mermaid oracle rejects what Mermaid cannot read", async () => {
  await assert.rejects(mermaidParse('erDiagram\n  users {\n    integer "my col" PK\n  }\n'));
  await assert.rejects(mermaidParse("erDiagram\n  users ||--o{ : x\n"));
  assert.equal(mermaidWord("NUMERIC(10, 2)"), "NUMERIC(10-2)");
});
