/**
 * The runtime schema dump of a project whose code prints while it is imported: what it prints
 * goes to stderr, and the dump on stdout still parses (it was a JSON SyntaxError before).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { dumpRuntimeSchema } from "../../src/orm/runtime.js";
import { writeProject } from "../support/write-project.js";

const PYTHON = "/usr/bin/python3";

test("SQLAlchemy: a models module that prints at import is dumped", () => {
  const root = writeProject({
    "shop/__init__.py": "",
    "shop/models.py": `import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

print("connecting to the warehouse")
Base = declarative_base()


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
`,
  });
  const schema = dumpRuntimeSchema(PYTHON, "sqlalchemy", root, ["shop.models"]);
  assert.deepEqual(
    schema.tables.map((t) => t.name),
    ["orders"],
  );
});

test("Django: a settings module and models that print at import are dumped", () => {
  const root = writeProject({
    "settings.py": `print("loading settings")
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
DATABASES = {}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
`,
    "shop/__init__.py": "",
    "shop/models.py": `from django.db import models

print("models loaded")


class Order(models.Model):
    number = models.CharField(max_length=20)
`,
  });
  const schema = dumpRuntimeSchema(PYTHON, "django", root, ["settings"]);
  assert.deepEqual(
    schema.tables.map((t) => t.name),
    ["shop_order"],
  );
});
