import { test } from "node:test";
import assert from "node:assert/strict";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { diffSchemas, formatDiff } from "../../src/schema/diff.js";
import { newColumn, newTable } from "../../src/db/build.js";
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
  const moved = schemaOf({
    "app/__init__.py": "",
    "app/base.py": base,
    "app/models/__init__.py": "from .user import User\n",
    "app/models/user.py": user().replace("from .base", "from ..base"),
  });
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
`)
    .replace("sa.String(50), nullable=False", "sa.String(80), nullable=True")
    .replace('B = "b"', 'B = "b"\n    C = "c"');
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
  assert.match(
    text,
    /^table users:\n {2}\+ column email\n {2}~ column name: type string\(50\) → string\(80\); nullable false → true$/m,
  );
  assert.match(text, /^~ enum Kind: values \["a","b"\] → \["a","b","c"\]$/m);
  assert.match(text, /4 change\(s\): 2 added, 0 removed, 2 changed/);
  // Symmetric: the reverse diff removes what was added.
  assert.deepEqual(
    diffSchemas(b, a)
      .changes.map((c) => c.kind)
      .sort(),
    ["changed", "changed", "removed", "removed"],
  );
});

test("import style does not count: sa.func.now() and func.now(), sa.Index and Index", () => {
  const qualified = `import datetime
import sqlalchemy as sa
from .base import Base

class Log(Base):
    __tablename__ = "logs"
    __table_args__ = (sa.Index("ix_logs_lower", sa.func.lower(sa.text("msg"))),)
    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime, default=datetime.datetime.utcnow, server_default=sa.func.now())
    msg = sa.Column(sa.Text)
`;
  const narrow = `from datetime import datetime
from sqlalchemy import Column, DateTime, Index, Integer, Text, func, text
from .base import Base

class Log(Base):
    __tablename__ = "logs"
    __table_args__ = (Index("ix_logs_lower", func.lower(text("msg"))),)
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, default=datetime.utcnow, server_default=func.now())
    msg = Column(Text)
`;
  const a = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/log.py": qualified });
  const b = schemaOf({ "app/__init__.py": "", "app/base.py": base, "app/log.py": narrow });
  assert.notEqual(a.tables[0].columns[1].default, b.tables[0].columns[1].default);
  assert.deepEqual(diffSchemas(a, b), { equal: true, changes: [] });
  const changed = schemaOf({
    "app/__init__.py": "",
    "app/base.py": base,
    "app/log.py": narrow.replace("default=datetime.utcnow", "default=datetime.now"),
  });
  assert.deepEqual(
    diffSchemas(a, changed).changes.map((c) => [c.name, c.fields]),
    [["at", [{ field: "default", before: "utcnow", after: "now" }]]],
  );
});

test("two users tables of two MetaData are two tables in a diff: a change in one is reported on it, the other stays equal", () => {
  const pkg = (name: string, col: string) => ({
    [`${name}/__init__.py`]: "",
    [`${name}/base.py`]: base,
    [`${name}/models.py`]: `import sqlalchemy as sa\nfrom .base import Base\n\nclass User(Base):\n    __tablename__ = "users"\n    id = sa.Column(sa.Integer, primary_key=True)\n    ${col}\n`,
  });
  const a = schemaOf({
    ...pkg("auth", "login = sa.Column(sa.String(40))"),
    ...pkg("billing", "iban = sa.Column(sa.String(34))"),
  });
  const b = schemaOf({
    ...pkg("auth", "login = sa.Column(sa.String(60))"),
    ...pkg("billing", "iban = sa.Column(sa.String(34))"),
  });
  assert.equal(a.tables.filter((t) => t.name === "users").length, 2);
  const d = diffSchemas(a, b);
  assert.deepEqual(
    d.changes.map((c) => `${c.kind} ${c.element} ${c.name} ${c.table ?? ""}`.trim()),
    [`changed column login ${d.changes[0]?.table ?? ""}`.trim()],
  );
  assert.match(formatDiff(d), /users@auth[^\n]*:\n {2}~ column login: type string\(40\) → string\(60\)/);
});

test("tbls output names two users tables of two MetaData apart, and each one's foreign keys point at its own users", async () => {
  const { toTbls } = await import("../../src/schema/tbls.js");
  const pkg = (name: string) => ({
    [`${name}/__init__.py`]: "",
    [`${name}/base.py`]: base,
    [`${name}/models.py`]: `import sqlalchemy as sa\nfrom .base import Base\n\nclass User(Base):\n    __tablename__ = "users"\n    id = sa.Column(sa.Integer, primary_key=True)\n\nclass Session(Base):\n    __tablename__ = "${name}_sessions"\n    id = sa.Column(sa.Integer, primary_key=True)\n    user_id = sa.Column(sa.ForeignKey("users.id"))\n`,
  });
  const out = toTbls(schemaOf({ ...pkg("auth"), ...pkg("billing") })) as {
    tables: { name: string }[];
    relations: { table: string; parent_table: string }[];
  };
  const names = out.tables.map((t) => t.name).filter((n) => n.startsWith("users"));
  assert.equal(new Set(names).size, 2, `two distinct names: ${names.join(", ")}`);
  const parents = Object.fromEntries(out.relations.map((r) => [r.table, r.parent_table]));
  assert.notEqual(parents.auth_sessions, parents.billing_sessions);
  assert.ok(
    parents.auth_sessions?.includes("auth") && parents.billing_sessions?.includes("billing"),
    JSON.stringify(parents),
  );
});

test("two enums of one class name told apart by module: a move that renames or swaps them changes nothing, new values do", () => {
  const django = (enums: Record<string, string[]>, columns: Record<string, string>) => ({
    version: 1 as const,
    enums: Object.entries(enums).map(([name, values]) => ({ name, values })),
    tables: Object.entries(columns).map(([table, enumName]) => ({
      ...newTable(table),
      framework: "django" as const,
      columns: [newColumn("status", { normalized: "string", written: "CharField", enum: enumName }, false, null)],
    })),
  });
  const before = django(
    { Status: ["open", "closed"], "desk.models.Status": ["away", "offline"] },
    { desk_ticket: "Status", desk_agent: "desk.models.Status" },
  );
  // After a split the agent's module is read first: the bare name changes owner.
  const swapped = django(
    { Status: ["away", "offline"], "desk.models.ticket.Status": ["open", "closed"] },
    { desk_ticket: "desk.models.ticket.Status", desk_agent: "Status" },
  );
  assert.deepEqual(diffSchemas(before, swapped).changes, []);
  const renamed = django(
    { Status: ["open", "closed"], "desk.models.agent.Status": ["away", "offline"] },
    { desk_ticket: "Status", desk_agent: "desk.models.agent.Status" },
  );
  assert.deepEqual(diffSchemas(before, renamed).changes, []);
  const grown = django(
    { Status: ["away", "offline"], "desk.models.ticket.Status": ["open", "closed", "held"] },
    { desk_ticket: "desk.models.ticket.Status", desk_agent: "Status" },
  );
  const changed = diffSchemas(before, grown).changes.map((c) => `${c.kind} ${c.element} ${c.table ?? ""}.${c.name}`);
  assert.ok(changed.includes("changed column desk_ticket.status"), changed.join("\n"));
  assert.ok(
    changed.some((c) => c.includes("enum") && c.includes("Status")),
    changed.join("\n"),
  );
});
