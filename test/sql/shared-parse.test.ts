/** A file the SQL inventory parses for its sites is not parsed again for its models. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { PyProject } from "../../src/orm/project.js";
import { parsePython } from "../../src/python/parser.js";
import { inventory } from "../../src/sql/inventory.js";

test("a file handed on with its tree is summarized from that tree, not parsed again", () => {
  // The tree is of other text than the file's: only a summary read from the tree names class Parsed.
  const tree = parsePython("class Parsed:\n    pass\n");
  const project = new PyProject([
    { path: "app/models.py", module: "app.models", text: "class Text:\n    pass\n", tree },
  ]);
  assert.deepEqual([...project.get("app.models")!.classes.keys()], ["Parsed"]);
  const plain = new PyProject([{ path: "app/models.py", module: "app.models", text: "class Text:\n    pass\n" }]);
  assert.deepEqual([...plain.get("app.models")!.classes.keys()], ["Text"]);
});

test("inventory: a model module that also holds SQL gives both its site and its model from one parse", async () => {
  const text = [
    "import sqlalchemy as sa",
    "from sqlalchemy.orm import declarative_base",
    "Base = declarative_base()",
    "class Item(Base):",
    "    __tablename__ = 'items'",
    "    id = sa.Column(sa.Integer, primary_key=True)",
    "    name = sa.Column(sa.String, server_default=sa.text(\"'none'\"))",
    "def names(conn):",
    "    return conn.execute(sa.text('SELECT name FROM items WHERE id = :id'), {'id': 1})",
    "",
  ].join("\n");
  const inv = await inventory([{ path: "app/models.py", module: "app.models", text }]);
  assert.deepEqual(
    inv.sites.map((s) => [s.line, s.verdict, s.tables, s.reason]),
    [[9, "convertible", ["items"], "select over items (model Item)"]],
  );
  assert.deepEqual(
    inv.schema.get("items")?.columns.map((c) => c.name),
    ["id", "name"],
  );
});
