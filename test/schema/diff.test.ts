import { test } from "node:test";
import assert from "node:assert/strict";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { diffSchemas, formatDiff } from "../../src/schema/diff.js";
import { writeProject } from "./helpers.js";

const base = `import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()
`;
const user = (extra = "") => `import enum
import sqlalchemy as sa
from .base import Base

class Kind(enum.Enum):
    A = "a"
    B = "b"

class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    kind = sa.Column(sa.Enum(Kind))
${extra}`;

function schemaOf(files: Record<string, string>) {
  return extractSchema(loadPythonFiles(writeProject(files)));
}

test("a schema equals itself; moving a model to another module changes nothing", () => {
  const a = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/user.py": user() });
  const moved = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/models/__init__.py": "from .user import User\n", "app/models/user.py": user().replace("from .base", "from ..base") });
  assert.equal(moved.tables[0].module, "app.models.user");
  const d = diffSchemas(a, moved);
  assert.deepEqual(d, { equal: true, changes: [] });
  assert.equal(formatDiff(d), "schemas are equal\n");
});

test("column, index, table and enum changes are reported table by table", () => {
  const a = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/user.py": user() });
  const bText = user(`    email = sa.Column(sa.String(100), index=True)

class Team(Base):
    __tablename__ = "teams"
    id = sa.Column(sa.Integer, primary_key=True)
`).replace("sa.String(50), nullable=False", "sa.String(80), nullable=True").replace('B = "b"', 'B = "b"\n    C = "c"');
  const b = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/user.py": bText });
  const d = diffSchemas(a, b);
  assert.equal(d.equal, false);
  const summary = d.changes.map((c) => `${c.kind} ${c.element} ${c.name}`);
  assert.deepEqual(summary, ["added table teams", "added column email", "changed column name", "changed enum Kind"]);
  const name = d.changes.find((c) => c.name === "name")!;
  assert.deepEqual(name.fields, [
    { field: "type", before: "string(50)", after: "string(80)" },
    { field: "nullable", before: false, after: true },
  ]);
  const text = formatDiff(d);
  assert.match(text, /^\+ table teams$/m);
  assert.match(text, /^table users:\n {2}\+ column email\n {2}~ column name: type string\(50\) → string\(80\); nullable false → true$/m);
  assert.match(text, /^~ enum Kind: values \["a","b"\] → \["a","b","c"\]$/m);
  assert.match(text, /4 change\(s\): 2 added, 0 removed, 2 changed/);
  // Symmetric: the reverse diff removes what was added.
  assert.deepEqual(diffSchemas(b, a).changes.map((c) => c.kind).sort(), ["changed", "changed", "removed", "removed"]);
});
