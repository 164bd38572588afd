import { test } from "node:test";
import assert from "node:assert/strict";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { formatSummary } from "../../src/schema/summary.js";
import { tableIds } from "../../src/schema/identity.js";
import { buildGraph } from "../../src/docs/graph.js";
import { join } from "node:path";
import { writeProject } from "./helpers.js";

function extract(files: Record<string, string>) {
  return extractSchema(loadPythonFiles(writeProject(files)));
}

test("helpers we cannot see through are kept as written and marked, never dropped", () => {
  const s = extract({
    "app/__init__.py": "",
    "app/cols.py":
      "import sqlalchemy as sa\ndef IDColumn(name='id'):\n    return sa.Column(name, sa.Integer, primary_key=True)\ndef Opaque(*args, **kw):\n    col = build(*args, **kw)\n    return col\n",
    "app/models.py":
      "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nfrom .cols import IDColumn, Opaque\nfrom .types import Weird\nBase = declarative_base()\n\nclass T(Base):\n    __tablename__ = 't'\n    id = IDColumn('tid')\n    mystery = Opaque('x', 1)\n    other = sa.Column(Weird(3))\n",
  });
  const t = s.tables[0];
  assert.deepEqual(
    t.columns.map((c) => [c.name, c.attribute ?? null, c.type.normalized, c.type.unresolved ?? false]),
    [
      ["tid", "id", "integer", false],
      ["x", "mystery", "unknown", true],
      ["other", null, "custom:Weird", true],
    ],
  );
  assert.deepEqual(t.primaryKey, ["tid"]);
  assert.deepEqual(t.columns[0].source, { path: "app/models.py", line: 9 });
  assert.deepEqual(t.columns[1].unknown, [
    "type",
    "nullable",
    "primaryKey",
    "unique",
    "index",
    "default",
    "computed",
    "identity",
  ]);
  assert.match(
    formatSummary(s),
    /^app\/models\.py:10:1: SCHEMA001 t\.x: type unknown\(Opaque\('x', 1\)\) not known statically$/m,
  );
});

test("Computed(...) with a string is read; with an expression the reader cannot see, the column is marked, not plain", () => {
  const s = extract({
    "app/__init__.py": "",
    "app/models.py":
      "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass T(Base):\n    __tablename__ = 't'\n    id = sa.Column(sa.Integer, primary_key=True)\n    a = sa.Column(sa.Integer, sa.Computed('id * 2', persisted=False))\n    b = sa.Column(sa.Integer, sa.Computed(sa.text('id * 3')))\n    c = sa.Column(sa.Integer)\n",
  });
  assert.deepEqual(
    s.tables[0].columns.map((c) => [c.name, c.computed ?? null, c.unknown ?? []]),
    [
      ["id", null, []],
      ["a", { expression: "id * 2", persisted: false }, []],
      ["b", null, ["computed"]],
      ["c", null, []],
    ],
  );
});

test("a base outside the files read is noted; syntax errors, BOM and CRLF do not stop extraction", () => {
  const s = extract({
    "m/__init__.py": "",
    "m/a.py":
      "\ufefffrom app.database import Base\r\nfrom sqlalchemy import Column, Integer\r\n\r\nclass A(Base):\r\n    __tablename__ = 'a'\r\n    id = Column(Integer, primary_key=True)\r\n",
    "m/broken.py": "from sqlalchemy import Column, Integer\nclass B(Base:\n    __tablename__ = 'b'\n",
    "m/plain.py": "class NotAModel(Thing):\n    x = 1\n",
  });
  assert.deepEqual(
    s.tables.map((t) => t.name),
    ["a"],
  );
  assert.deepEqual(s.tables[0].source, { path: "m/a.py", line: 4 });
  assert.deepEqual(
    s.notes!.map((n) => n.message),
    [
      "base app.database.Base is defined outside the files read; 1 model (A) read as SQLAlchemy declarative because it sets __tablename__",
    ],
  );
});

test("relationship targets and enums resolve across modules, re-exports and star imports", () => {
  const s = extract({
    "pkg/__init__.py": "",
    "pkg/db.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\n",
    "pkg/enums/__init__.py": "from .kinds import *\n",
    "pkg/enums/kinds.py": "import enum\nclass Color(str, enum.Enum):\n    RED = 'red'\n    BLUE = 'blue'\n",
    "pkg/models/__init__.py": "from .owner import Owner\nfrom .pet import Pet\n",
    "pkg/models/owner.py":
      "from sqlalchemy import Integer\nfrom sqlalchemy.orm import Mapped, mapped_column, relationship\nfrom ..db import Base\n\nclass Owner(Base):\n    __tablename__ = 'owners'\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n    pets = relationship('Pet', back_populates='owner')\n",
    "pkg/models/pet.py":
      "from typing import Optional\nfrom sqlalchemy import ForeignKey\nfrom sqlalchemy.orm import Mapped, mapped_column, relationship\nfrom pkg.db import Base\nfrom pkg.enums import Color\nfrom pkg import models\n\nclass Pet(Base):\n    __tablename__ = 'pets'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey(models.Owner.id))\n    color: Mapped[Color]\n    owner = relationship(models.Owner, back_populates='pets')\n",
  });
  const pets = s.tables.find((t) => t.name === "pets")!;
  assert.deepEqual(
    pets.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
    [[["owner_id"], "owners", ["id"]]],
  );
  assert.deepEqual(
    pets.columns.map((c) => [c.name, c.type.normalized, c.nullable]),
    [
      ["id", "integer", false],
      ["owner_id", "integer", true],
      ["color", "enum", false],
    ],
  );
  assert.deepEqual(
    s.enums.map((e) => [e.name, e.values]),
    [["Color", ["red", "blue"]]],
  );
  assert.deepEqual(
    pets.relationships.map((r) => [r.name, r.targetTable, r.cardinality]),
    [["owner", "owners", "many-to-one"]],
  );
  const owners = s.tables.find((t) => t.name === "owners")!;
  assert.deepEqual(
    owners.relationships.map((r) => [r.name, r.targetTable, r.cardinality]),
    [["pets", "pets", "one-to-many"]],
  );
});

test("schemaFromProject over the project index gives what the schema loader gives", async () => {
  const { loadProject } = await import("../../src/project/load.js");
  const { schemaFromProject } = await import("../../src/orm/index.js");
  const { join } = await import("node:path");
  const dir = join(process.cwd(), "test/fixtures/schema/django/project");
  const index = await loadProject(dir, { noCache: true, exactRoot: true });
  assert.deepEqual(schemaFromProject(index), extractSchema(loadPythonFiles(dir)));
});

test("the runtime dumper reports a failed import as one clear error", async () => {
  const { dumpRuntimeSchema } = await import("../../src/orm/runtime.js");
  const { RemodelError } = await import("../../src/core/errors.js");
  const dir = writeProject({ "bad/__init__.py": "import no_such_module_here\n" });
  assert.throws(
    () => dumpRuntimeSchema("/usr/bin/python3", "sqlalchemy", dir, ["bad"]),
    (e: unknown) =>
      e instanceof RemodelError &&
      /runtime schema dump failed .*ModuleNotFoundError: No module named 'no_such_module_here'/.test(
        (e as Error).message,
      ),
  );
});

test("the runtime dumper places a class whose file this Python cannot parse, imported through a rewriting hook", async () => {
  // A project on a newer Python loaded through an import hook that rewrites its 3.12 syntax: the
  // module imports, but inspect cannot parse its file to find the class statement.
  const { dumpRuntimeSchema } = await import("../../src/orm/runtime.js");
  const dir = writeProject({
    "m/__init__.py": "",
    "m/load.py": [
      "import os, re, sys, types",
      'path = os.path.join(os.path.dirname(__file__), "models.py")',
      'text = re.sub(r"^type (\\w+) =", r"\\1 =", open(path).read(), flags=re.M)',
      'module = types.ModuleType("m.models")',
      "module.__file__ = path",
      'sys.modules["m.models"] = module',
      'exec(compile(text, path, "exec"), module.__dict__)',
      "",
    ].join("\n"),
    "m/models.py": [
      "import sqlalchemy as sa",
      "from sqlalchemy.orm import declarative_base",
      "Base = declarative_base()",
      "type Label = str",
      "",
      "",
      "class Item(Base):",
      '    __tablename__ = "items"',
      "    id = sa.Column(sa.Integer, primary_key=True)",
      "",
    ].join("\n"),
  });
  const s = dumpRuntimeSchema("/usr/bin/python3", "sqlalchemy", dir, ["m.load", "m.models"]);
  assert.deepEqual(
    s.tables.map((t) => [t.name, t.source]),
    [["items", { path: "m/models.py", line: 7 }]],
  );
});

test("two different enums with one name are both kept, the second under its module's name", () => {
  const e = (values: string[]) =>
    `import enum\nclass Role(enum.Enum):\n${values.map((v) => `    ${v.toUpperCase()} = "${v}"\n`).join("")}`;
  const model = (pkg: string, table: string) =>
    `import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nfrom .types import Role\nBase = declarative_base()\nclass T(Base):\n    __tablename__ = "${table}"\n    id = sa.Column(sa.Integer, primary_key=True)\n    role = sa.Column(sa.Enum(Role))\n`;
  const s = extract({
    "a/__init__.py": "",
    "a/types.py": e(["admin", "user"]),
    "a/models.py": model("a", "a_things"),
    "b/__init__.py": "",
    "b/types.py": e(["owner"]),
    "b/models.py": model("b", "b_things"),
  });
  assert.deepEqual(
    s.enums.map((x) => [x.name, x.values]),
    [
      ["Role", ["admin", "user"]],
      ["b.types.Role", ["owner"]],
    ],
  );
  assert.deepEqual(
    s.tables.map((t) => [t.name, t.columns[1].type.enum]),
    [
      ["a_things", "Role"],
      ["b_things", "b.types.Role"],
    ],
  );
  assert.match(
    s.notes![0].message,
    /^two different enums named Role \(a\/types\.py:2 and b\/types\.py:2\); the second is listed as b\.types\.Role$/,
  );
});

test("SQLModel Field(sa_type=...) names the column type", () => {
  const s = extract({
    "m/__init__.py": "",
    "m/models.py":
      "from typing import Optional\nfrom sqlalchemy.dialects.postgresql import JSONB\nfrom sqlmodel import Field, SQLModel\n\nclass Doc(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    body: dict = Field(sa_type=JSONB)\n",
  });
  assert.deepEqual(
    s.tables[0].columns.map((c) => [c.name, c.type.normalized, c.nullable]),
    [
      ["id", "integer", false],
      ["body", "jsonb", false],
    ],
  );
});

test("two files with one module name are both read", () => {
  const model = (t: string) =>
    `import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\nclass M(Base):\n    __tablename__ = "${t}"\n    id = sa.Column(sa.Integer, primary_key=True)\n`;
  const files = [
    { path: "one/src/app/models.py", module: "app.models", text: model("one") },
    { path: "two/src/app/models.py", module: "app.models", text: model("two") },
  ];
  assert.deepEqual(
    extractSchema(files).tables.map((t) => [t.name, t.source?.path]),
    [
      ["one", "one/src/app/models.py"],
      ["two", "two/src/app/models.py"],
    ],
  );
});

test("Tortoise: auto_now/auto_now_add are shown, db_column= is flagged, enums of the package are listed even when unused, enum-member defaults link their enum", () => {
  const s = extract({
    "srv/__init__.py": "",
    "srv/enums.py":
      "from enum import Enum\n\nclass Status(Enum):\n    ACTIVE = 'ACTIVE'\n    ENDED = 'ENDED'\n\nclass Spare(Enum):\n    A = 'a'\n",
    "srv/models.py": [
      "from tortoise import fields",
      "from tortoise.models import Model",
      "from srv.enums import Status",
      "",
      "class Job(Model):",
      "    status = fields.CharField(max_length=10, default=Status.ACTIVE.value)",
      "    legacy = fields.CharField(max_length=5, db_column='old_name')",
      "    created_at = fields.DatetimeField(auto_now_add=True)",
      "    updated_at = fields.DatetimeField(auto_now=True)",
      "    owner = fields.ForeignKeyField('models.Job', db_column='owner', null=True, default=None)",
      "    note = fields.TextField(null=True, default=None)",
      "",
    ].join("\n"),
  });
  const cols = Object.fromEntries(s.tables[0].columns.map((c) => [c.name, c]));
  assert.equal(cols.status.valuesOf, "Status");
  assert.equal(cols.status.type.enum ?? null, null, "the column stays a string column");
  assert.equal(cols.created_at.default, "auto_now_add");
  assert.deepEqual([cols.updated_at.default, cols.updated_at.onUpdate], ["auto_now", "auto_now"]);
  assert.ok(cols.legacy, "the column keeps its attribute name: Tortoise ignores db_column=");
  assert.ok(
    s.notes?.some((n) => /Job\.legacy: db_column= is not a Tortoise argument/.test(n.message) && n.source?.line === 7),
  );
  // On a relation field too: the column is owner_id whatever db_column= says.
  assert.ok(
    s.notes?.some(
      (n) =>
        /Job\.owner: db_column= is not a Tortoise argument \(it is ignored: the column is owner_id;/.test(n.message) &&
        n.source?.line === 10,
    ),
  );
  assert.deepEqual(
    [cols.owner_id.default, cols.note.default],
    [null, null],
    "default=None is no default, never the string None",
  );
  assert.deepEqual(
    s.enums.map((e) => [e.name, e.unused ?? false]),
    [
      ["Spare", true],
      ["Status", false],
    ],
  );
});

test("Tortoise fixture: db_column= is flagged on a field and on a relation, a default called at import is reported", () => {
  const s = extractSchema(loadPythonFiles(join(process.cwd(), "test/fixtures/schema/tortoise/project")));
  const notes = (s.notes ?? []).map((n) => `${n.source?.path}:${n.source?.line} ${n.message}`);
  assert.deepEqual(notes, [
    "serving/models/jobs.py:62 Deployment.region: db_column= is not a Tortoise argument (it is ignored: the column is region; Tortoise names columns with source_field=)",
    "serving/models/jobs.py:68 Token.issued_at: default=datetime.now() is called once at import, so every row gets that one value; pass datetime.now (no parentheses) for a value per row",
    "serving/models/jobs.py:63 Deployment.release: db_column= is not a Tortoise argument (it is ignored: the column is release_id; Tortoise names columns with source_field=)",
  ]);
});

test("never vacuous: models not read fully are reported by name (helpers, no columns, a first-party mixin outside the files read, a table factory)", () => {
  const root = writeProject({
    "app/__init__.py": "",
    "app/mixins.py": "import sqlalchemy as sa\nclass Stamped:\n    created = sa.Column(sa.DateTime)\n",
    "app/models/__init__.py": "",
    "app/models/m.py": [
      "import sqlalchemy as sa",
      "from sqlalchemy.orm import declarative_base",
      "from app.mixins import Stamped",
      "from .cols import build",
      "Base = declarative_base()",
      "",
      "def assoc(name):",
      "    return sa.Table(name, Base.metadata, sa.Column('a', sa.Integer))",
      "",
      "links = assoc('links')",
      "",
      "class A(Stamped, Base):",
      "    __tablename__ = 'a'",
      "    id = sa.Column(sa.Integer, primary_key=True)",
      "",
      "class B(Base):",
      "    __tablename__ = 'b'",
      "    x = build('x')",
      "",
    ].join("\n"),
    "app/models/cols.py": "def build(name):\n    c = make(name)\n    return c\n",
  });
  const s = extractSchema(loadPythonFiles(join(root, "app/models")));
  const by = Object.fromEntries(s.tables.map((t) => [t.name, t]));
  assert.deepEqual(by.a.incomplete, ["base outside the files read (app.mixins.Stamped): their columns are not known"]);
  assert.deepEqual(by.b.incomplete, ["column built by helpers not seen through: x"]);
  const summary = formatSummary(s);
  assert.match(summary, /^m\.py:12:1: SCHEMA004 A \(a\) not read fully: base outside the files read/m);
  assert.match(summary, /^m\.py:10:1: SCHEMA003 links = assoc\(\.\.\.\): a table made by a function is not read/m);
});

test("two MetaData in one package: same-named tables are told apart by their MetaData, and a foreign key points into its own", () => {
  const s = extract({
    "app/__init__.py": "",
    "app/db.py": [
      "import sqlalchemy as sa",
      "from sqlalchemy.orm import declarative_base, registry",
      "audit_metadata = sa.MetaData()",
      "Base = declarative_base()",
      "audit_registry = registry(metadata=audit_metadata)",
      "AuditBase = audit_registry.generate_base()",
      "",
    ].join("\n"),
    "app/models.py": [
      "import sqlalchemy as sa",
      "from app.db import AuditBase, Base, audit_metadata",
      "",
      "class User(Base):",
      "    __tablename__ = 'users'",
      "    id = sa.Column(sa.Integer, primary_key=True)",
      "",
      "class AuditUser(AuditBase):",
      "    __tablename__ = 'users'",
      "    id = sa.Column(sa.String(36), primary_key=True)",
      "",
      "class Order(Base):",
      "    __tablename__ = 'orders'",
      "    id = sa.Column(sa.Integer, primary_key=True)",
      "    user_id = sa.Column(sa.ForeignKey('users.id'))",
      "",
      "events = sa.Table('events', audit_metadata, sa.Column('id', sa.Integer, primary_key=True), sa.Column('user_id', sa.ForeignKey('users.id')))",
      "",
    ].join("\n"),
  });
  const by = (model: string) => s.tables.find((t) => t.model === model || (t.name === model && !t.model))!;
  assert.deepEqual(
    [by("User").metadata, by("AuditUser").metadata, by("Order").metadata, by("events").metadata],
    ["app.db.Base", "app.db.audit_metadata", "app.db.Base", "app.db.audit_metadata"],
    "a base generated by registry(metadata=m) is m",
  );
  const ids = tableIds(s.tables);
  assert.deepEqual([ids.get(by("User")), ids.get(by("AuditUser"))], ["users@Base", "users@audit_metadata"]);
  const graph = buildGraph(s);
  assert.equal(graph.outgoing(by("Order"))[0].to, by("User"));
  assert.equal(graph.outgoing(by("events"))[0].to, by("AuditUser"));
  assert.deepEqual(
    graph.incoming(by("User")).map((e) => e.from.name),
    ["orders"],
    "Referenced by is not mixed",
  );
});

test("two bases on one MetaData share its table names: a second `users` there is reported, one in another MetaData is not", () => {
  const model = (cls: string, base: string) =>
    `class ${cls}(${base}):\n    __tablename__ = "users"\n    id = sa.Column(sa.Integer, primary_key=True)\n`;
  const s = extract({
    "app/__init__.py": "",
    "app/models.py":
      "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\nOther = declarative_base(metadata=Base.metadata)\nOwn = declarative_base()\n" +
      model("A", "Base") +
      model("B", "Other") +
      model("C", "Own"),
  });
  assert.deepEqual(
    s.tables.map((t) => [t.model, t.metadata]),
    [
      ["A", "app.models.Base"],
      ["B", "app.models.Base"],
      ["C", "app.models.Own"],
    ],
  );
  const redefined = (s.notes ?? []).filter((n) => /defined twice/.test(n.message));
  assert.deepEqual(
    redefined.map((n) => [n.message, n.source?.line]),
    [
      [
        `table users is defined twice in the MetaData of app.models.Base (app/models.py:6 and app/models.py:9): SQLAlchemy raises "Table 'users' is already defined for this MetaData instance"`,
        9,
      ],
    ],
  );
});

test("extend_existing / keep_existing: one table per MetaData and name, never reported twice; columns keep_existing ignores are named", () => {
  const s = extractSchema(loadPythonFiles(join(process.cwd(), "test/fixtures/schema/extend-existing/project")));
  assert.deepEqual(
    s.tables.map((t) => [t.name, t.model, t.metadata]),
    [
      ["orgs", "Org", "app.models.Base"],
      ["tags", null, "app.models.Base"],
      ["users", null, "app.models.other_metadata"],
      ["users", "User", "app.models.Base"],
    ],
  );
  const users = s.tables[3];
  // Column order as SQLAlchemy builds it: the redefined `name` stays in place, new columns follow.
  assert.deepEqual(
    users.columns.map((c) => [c.name, c.nullable]),
    [
      ["id", false],
      ["name", false],
      ["org_id", false],
      ["audited_at", true],
      ["auditor_id", true],
    ],
  );
  assert.equal(users.comment, "accounts, audited");
  assert.deepEqual(
    users.relationships.map((r) => [r.name, r.target, r.cardinality]),
    [
      ["org", "Org", "many-to-one"],
      ["auditor", "UserAudit", "many-to-one"],
    ],
  );
  assert.deepEqual(
    (s.notes ?? []).map((n) => [n.message, n.source?.path, n.source?.line]),
    [
      [
        `Table("tags"): ignored is not a column of tags: keep_existing=True keeps the table as first declared (app/models.py:23)`,
        "app/tags_extra.py",
        16,
      ],
      [
        "UserView: nickname is not a column of users: keep_existing=True keeps the table as first declared (app/models.py:14)",
        "app/audit.py",
        18,
      ],
    ],
  );
});
