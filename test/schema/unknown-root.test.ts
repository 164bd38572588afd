import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { dumpRuntimeSchema } from "../../src/orm/runtime.js";
import { projectScope, schemaOfScope } from "../../src/schema/load.js";
import { writeProject } from "../support/write-project.js";
import { baseWithMixin } from "./mixin-base.js";
import { normalizeSchema } from "./normalize.js";

/**
 * A service folder that is not a package (`server/`, run from there) under a repository root the
 * project layer takes as the only source root: its modules are named `server.shop.db`, its
 * imports say `shop.db`. The import is found under that folder (SQLAlchemy builds the model on
 * that Base); a package around the importer is never taken for such a folder (own-sqlalchemy-module).
 */
test("imports of a service folder that is not a source root resolve under that folder, as its interpreter finds them", () => {
  const root = writeProject({
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "server/shop/__init__.py": "",
    "server/shop/db.py": baseWithMixin("Keyed", "id = sa.Column(sa.BigInteger, primary_key=True)"),
    "server/shop/models.py": [
      "import sqlalchemy as sa",
      "",
      "from shop.db import Base, Keyed",
      "",
      "",
      "class Customer(Keyed, Base):",
      '    __tablename__ = "customers"',
      "",
      "    email = sa.Column(sa.String(200), nullable=False, unique=True)",
      "",
    ].join("\n"),
  });
  const schema = schemaOfScope(projectScope(root, null));
  assert.deepEqual(
    schema.tables.map((t) => [t.name, t.module]),
    [["customers", "server.shop.models"]],
  );
  const runtime = dumpRuntimeSchema("/usr/bin/python3", "sqlalchemy", join(root, "server"), ["shop.models"]);
  assert.deepEqual(normalizeSchema(schema), normalizeSchema(runtime));
});
