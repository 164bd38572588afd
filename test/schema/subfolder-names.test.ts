import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { dumpRuntimeSchema } from "../../src/orm/runtime.js";
import { schemaOfDirectory } from "../../src/schema/load.js";
import { writeProject } from "../support/write-project.js";
import { baseWithMixin } from "./mixin-base.js";
import { normalizeSchema } from "./normalize.js";

/**
 * A folder read on its own (a `schema diff` side, `db diff`'s models) is named as in the project
 * holding it: `src/shop/models` (a namespace package, no `__init__.py`) is `shop.models`, so
 * `from shop.models.base import ...` in it is the file beside it, as in Python. Named from the
 * folder alone its modules would be `base` and `order`, and the mixin's column would be lost.
 */
test("a subfolder's modules are named from the project's source roots: its absolute imports resolve, as SQLAlchemy sees them", () => {
  const root = writeProject({
    "pyproject.toml": '[project]\nname = "shop"\n',
    "src/shop/__init__.py": "",
    "src/shop/models/base.py": baseWithMixin("Stamped", "created_at = sa.Column(sa.DateTime, nullable=False)"),
    "src/shop/models/order.py": [
      "import sqlalchemy as sa",
      "",
      "from shop.models.base import Base, Stamped",
      "",
      "",
      "class Order(Stamped, Base):",
      '    __tablename__ = "orders"',
      "",
      "    id = sa.Column(sa.Integer, primary_key=True)",
      "    total_cents = sa.Column(sa.BigInteger, nullable=False)",
      "",
    ].join("\n"),
  });
  const schema = schemaOfDirectory(join(root, "src/shop/models"));
  assert.deepEqual(
    schema.tables.map((t) => [t.name, t.module, t.source?.path, t.incomplete]),
    [["orders", "shop.models.order", "order.py", undefined]],
  );
  const runtime = dumpRuntimeSchema("/usr/bin/python3", "sqlalchemy", join(root, "src"), ["shop.models.order"]);
  assert.deepEqual(normalizeSchema(schema), normalizeSchema(runtime));
});
