import { test } from "node:test";
import assert from "node:assert/strict";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { formatSummary } from "../../src/schema/summary.js";
import { writeProject } from "./helpers.js";

function extract(files: Record<string, string>) {
  return extractSchema(loadPythonFiles(writeProject(files)));
}

test("helpers we cannot see through are kept as written and marked, never dropped", () => {
  const s = extract({
    "app/__init__.py": "",
    "app/cols.py": "import sqlalchemy as sa\ndef IDColumn(name='id'):\n    return sa.Column(name, sa.Integer, primary_key=True)\ndef Opaque(*args, **kw):\n    col = build(*args, **kw)\n    return col\n",
    "app/models.py": "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nfrom .cols import IDColumn, Opaque\nfrom .types import Weird\nBase = declarative_base()\n\nclass T(Base):\n    __tablename__ = 't'\n    id = IDColumn('tid')\n    mystery = Opaque('x', 1)\n    other = sa.Column(Weird(3))\n",
  });
  const t = s.tables[0];
  assert.deepEqual(t.columns.map((c) => [c.name, c.attribute ?? null, c.type.normalized, c.type.unresolved ?? false]), [
    ["tid", "id", "integer", false],
    ["x", "mystery", "unknown", true],
    ["other", null, "custom:Weird", true],
  ]);
  assert.deepEqual(t.primaryKey, ["tid"]);
  assert.deepEqual(t.columns[0].source, { path: "app/models.py", line: 9 });
  assert.deepEqual(t.columns[1].unknown, ["type", "nullable", "primaryKey", "unique", "index", "default"]);
  assert.match(formatSummary(s), /^app\/models\.py:10:1: SCHEMA001 t\.x: type unknown\(Opaque\('x', 1\)\) not known statically$/m);
});

test("a base outside the files read is noted; syntax errors, BOM and CRLF do not stop extraction", () => {
  const s = extract({
    "m/__init__.py": "",
    "m/a.py": "\ufefffrom app.database import Base\r\nfrom sqlalchemy import Column, Integer\r\n\r\nclass A(Base):\r\n    __tablename__ = 'a'\r\n    id = Column(Integer, primary_key=True)\r\n",
    "m/broken.py": "from sqlalchemy import Column, Integer\nclass B(Base:\n    __tablename__ = 'b'\n",
    "m/plain.py": "class NotAModel(Thing):\n    x = 1\n",
  });
  assert.deepEqual(s.tables.map((t) => t.name), ["a"]);
  assert.deepEqual(s.tables[0].source, { path: "m/a.py", line: 4 });
  assert.match(s.notes![0].message, /^A: base Base is defined outside the files read/);
});

test("relationship targets and enums resolve across modules, re-exports and star imports", () => {
  const s = extract({
    "pkg/__init__.py": "",
    "pkg/db.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\n",
    "pkg/enums/__init__.py": "from .kinds import *\n",
    "pkg/enums/kinds.py": "import enum\nclass Color(str, enum.Enum):\n    RED = 'red'\n    BLUE = 'blue'\n",
    "pkg/models/__init__.py": "from .owner import Owner\nfrom .pet import Pet\n",
    "pkg/models/owner.py": "from sqlalchemy import Integer\nfrom sqlalchemy.orm import Mapped, mapped_column, relationship\nfrom ..db import Base\n\nclass Owner(Base):\n    __tablename__ = 'owners'\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n    pets = relationship('Pet', back_populates='owner')\n",
    "pkg/models/pet.py": "from typing import Optional\nfrom sqlalchemy import ForeignKey\nfrom sqlalchemy.orm import Mapped, mapped_column, relationship\nfrom pkg.db import Base\nfrom pkg.enums import Color\nfrom pkg import models\n\nclass Pet(Base):\n    __tablename__ = 'pets'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey(models.Owner.id))\n    color: Mapped[Color]\n    owner = relationship(models.Owner, back_populates='pets')\n",
  });
  const pets = s.tables.find((t) => t.name === "pets")!;
  assert.deepEqual(pets.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[["owner_id"], "owners", ["id"]]]);
  assert.deepEqual(pets.columns.map((c) => [c.name, c.type.normalized, c.nullable]), [["id", "integer", false], ["owner_id", "integer", true], ["color", "enum", false]]);
  assert.deepEqual(s.enums.map((e) => [e.name, e.values]), [["Color", ["red", "blue"]]]);
  assert.deepEqual(pets.relationships.map((r) => [r.name, r.targetTable, r.cardinality]), [["owner", "owners", "many-to-one"]]);
  const owners = s.tables.find((t) => t.name === "owners")!;
  assert.deepEqual(owners.relationships.map((r) => [r.name, r.targetTable, r.cardinality]), [["pets", "pets", "one-to-many"]]);
});
