/**
 * What the split says about the models it moves, by what their framework does: a class name
 * clash is one only in a registry every model of a base shares (SQLAlchemy, not Django's per-app
 * one), and a Django manager or queryset is no model whose table the schema check missed.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { capture, project } from "./support.js";

async function splitOutput(files: Record<string, string>, file: string, plan: string): Promise<string> {
  const dir = project({ ...files, "split.toml": plan });
  try {
    const io = capture(dir);
    const code = await main(
      ["split", file, "--root", dir, "--no-cache", "--plan", join(dir, "split.toml"), "--dry-run"],
      io,
    );
    assert.equal(code, 0, io.stdout() + io.stderr());
    return io.stdout();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DJANGO_UNIT =
  "from django.db import models\n\n\nclass WeightUnit(models.Model):\n    name = models.CharField(max_length=20)\n";

test("two Django apps each with a model of one name are no clash: a bare string reference resolves in its own app", async () => {
  const nutrition =
    'from django.db import models\n\n\nclass WeightUnit(models.Model):\n    name = models.CharField(max_length=20)\n\n\nclass Ingredient(models.Model):\n    unit = models.ForeignKey("WeightUnit", on_delete=models.CASCADE)\n';
  const out = await splitOutput(
    {
      "core/__init__.py": "",
      "core/models.py": DJANGO_UNIT,
      "nutrition/__init__.py": "",
      "nutrition/models.py": nutrition,
    },
    "nutrition/models.py",
    '[split]\nfile = "nutrition/models.py"\n[modules]\nunits = ["WeightUnit"]\ningredients = ["Ingredient"]\n',
  );
  assert.match(out, /split nutrition\/models\.py into 2 modules/);
  assert.doesNotMatch(out, /ambiguous in the registry|is also used by/);
});

test("two modules mapping one class name on one SQLAlchemy Base still clash in its registry", async () => {
  const db = "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n";
  const unit = (table: string) =>
    `from sqlalchemy import Column, Integer\n\nfrom .db import Base\n\n\nclass WeightUnit(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n`;
  const models = `${unit("units")}\n\nclass Ingredient(Base):\n    __tablename__ = "ingredients"\n    id = Column(Integer, primary_key=True)\n`;
  const out = await splitOutput(
    { "app/__init__.py": "", "app/db.py": db, "app/models.py": models, "app/core.py": unit("core_units") },
    "app/models.py",
    '[split]\nfile = "app/models.py"\n[modules]\nunits = ["WeightUnit"]\ningredients = ["Ingredient"]\n',
  );
  assert.match(
    out,
    /warning: SQLAlchemy class name WeightUnit is also used by app\/core\.py:6 with the same base; string references to "WeightUnit" are ambiguous in the registry/,
  );
});

// A manager module that rebinds its class's own name to the class `from_queryset` makes of it.
const TRACKING = [
  "from django.db import models",
  "",
  "",
  "class TrackedQuerySet(models.QuerySet):",
  "    pass",
  "",
  "",
  "class TrackedManager(models.Manager):",
  "    pass",
  "",
  "",
  "TrackedManager = TrackedManager.from_queryset(TrackedQuerySet)",
  "",
].join("\n");

test("the split does not list Django managers and querysets as uncompared models, but still names a model it cannot read", async () => {
  const models = [
    "from django.db import models",
    "from vendored.timestamps import TimeStampedModel",
    "",
    "from .tracking import TrackedManager",
    "",
    "",
    "class EntryQuerySet(models.QuerySet):",
    "    def published(self):",
    "        return self.filter(published=True)",
    "",
    "",
    "class EntryManager(models.Manager):",
    "    def get_queryset(self):",
    "        return EntryQuerySet(self.model, using=self._db)",
    "",
    "",
    "BaseDraftManager = models.Manager.from_queryset(EntryQuerySet)",
    "",
    "",
    "class DraftManager(BaseDraftManager):",
    "    pass",
    "",
    "",
    "class ArchiveManager(models.Manager.from_queryset(EntryQuerySet)):",
    "    pass",
    "",
    "",
    "class EntryTrackedManager(TrackedManager):",
    "    pass",
    "",
    "",
    "class Entry(models.Model):",
    "    title = models.CharField(max_length=200)",
    "    published = models.BooleanField(default=False)",
    "    objects = EntryManager()",
    "    drafts = DraftManager()",
    "    archive = ArchiveManager()",
    "    tracked = EntryTrackedManager()",
    "",
    "",
    "class Note(TimeStampedModel):",
    "    text = models.TextField()",
    "",
  ].join("\n");
  const out = await splitOutput(
    { "blog/__init__.py": "", "blog/models.py": models, "blog/tracking.py": TRACKING },
    "blog/models.py",
    '[split]\nfile = "blog/models.py"\n[modules]\nentries = ["EntryQuerySet", "EntryManager", "BaseDraftManager", "DraftManager", "ArchiveManager", "EntryTrackedManager", "Entry"]\nnotes = ["Note"]\n',
  );
  // The model whose base the reader cannot see is named: the check is not vacuous.
  assert.match(out, /^schema: could not compare Note \(no table read\); check them with --python$/m);
  assert.doesNotMatch(out, /could not compare[^\n]*(Manager|QuerySet)/);
  assert.doesNotMatch(out, /could not compare[^\n]*Entry\b/);
});
