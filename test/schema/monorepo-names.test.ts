import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { dumpRuntimeSchema } from "../../src/orm/runtime.js";
import { projectScope, schemaOfScope } from "../../src/schema/load.js";
import type { Schema } from "../../src/schema/model.js";
import { writeProject } from "../support/write-project.js";
import { normalizeSchema } from "./normalize.js";

const models = (table: string, extra: string) =>
  `import sqlalchemy as sa\nfrom app.db import Base\n\n\nclass Row(Base):\n    __tablename__ = "${table}"\n\n    id = sa.Column(sa.Integer, primary_key=True)\n${extra}`;

/**
 * Two projects of one monorepo (`one/src`, `two/src`, each a source root) both define `app.db`
 * and `app.models`. Each project's interpreter finds its own `app.db`: project two's models are
 * built on two's Base (an abstract base with a `created_at` column), not on the first `app.db` read.
 */
test("a monorepo's two app.db: each project's models are built on its own Base, as SQLAlchemy builds them", () => {
  const root = writeProject({
    "pyproject.toml": '[project]\nname = "mono"\n',
    "one/src/app/__init__.py": "",
    "one/src/app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    "one/src/app/models.py": models("users", ""),
    "two/src/app/__init__.py": "",
    "two/src/app/db.py": [
      "import sqlalchemy as sa",
      "from sqlalchemy.orm import declarative_base",
      "",
      "Declarative = declarative_base()",
      "",
      "",
      "class Base(Declarative):",
      "    __abstract__ = True",
      "    created_at = sa.Column(sa.DateTime, nullable=False)",
      "",
    ].join("\n"),
    "two/src/app/models.py": models("users", "    total = sa.Column(sa.Numeric(10, 2))\n"),
  });
  const all = schemaOfScope(projectScope(root, null));
  for (const project of ["one", "two"]) {
    const own: Schema = { ...all, tables: all.tables.filter((t) => t.source?.path.startsWith(`${project}/`)) };
    const runtime = dumpRuntimeSchema("/usr/bin/python3", "sqlalchemy", join(root, project, "src"), ["app.models"]);
    assert.deepEqual(normalizeSchema(own), normalizeSchema(runtime), project);
  }
});

/**
 * Each project's `app.db.Base` is a MetaData of its own: a `users` table in both is no
 * duplicate (SQLAlchemy raises only for one MetaData), and each table names the MetaData it is in.
 */
test("a monorepo's two app.db.Base are two MetaData: one table name in both is not a duplicate", () => {
  const db = "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n";
  const root = writeProject({
    "pyproject.toml": '[project]\nname = "mono"\n',
    "billing/src/app/__init__.py": "",
    "billing/src/app/db.py": db,
    "billing/src/app/models.py": models("users", "    plan = sa.Column(sa.String(20))\n"),
    "shipping/src/app/__init__.py": "",
    "shipping/src/app/db.py": db,
    "shipping/src/app/models.py": models("users", "    address = sa.Column(sa.Text)\n"),
  });
  const all = schemaOfScope(projectScope(root, null));
  assert.deepEqual(
    (all.notes ?? []).filter((n) => /defined twice/.test(n.message)),
    [],
  );
  const byMetadata = all.tables.map((t) => [t.metadata, t.columns.map((c) => c.name).join(",")]).sort();
  assert.deepEqual(byMetadata, [
    ["billing/src:app.db.Base", "id,plan"],
    ["shipping/src:app.db.Base", "id,address"],
  ]);
});
