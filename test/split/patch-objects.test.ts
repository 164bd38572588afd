/**
 * `patch.object(models, "slugify")` on the module being split: after the split the package holds a
 * re-export and each new module reads its own binding, so the patch no longer reaches them. The
 * split must report every such patch with its place (in the notes, the CLI output and --json) and
 * leave the code alone; it never rewrites or guesses one.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { capture, project } from "./support.js";

const MODELS = `from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def slugify(text):
    return text.lower()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)

    def slug(self):
        return slugify(f"user-{self.id}")


class Asset(Base):
    __tablename__ = "assets"
    id = Column(Integer, primary_key=True)

    def slug(self):
        return slugify(f"asset-{self.id}")
`;

const TESTS = `from unittest import mock

import app.models
from app import models


def test_slugs():
    with mock.patch.object(models, "slugify", return_value="x"):
        assert models.User(id=1).slug() == "x"


def test_dotted_module(monkeypatch):
    monkeypatch.setattr(app.models, "Base", None)
    with mock.patch.object(app.models, "User") as user:
        user.assert_not_called()


def test_not_a_name_of_the_module():
    with mock.patch.object(models, "brand_new", create=True):
        pass
`;

const PLAN =
  '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\nuser = ["slugify", "User"]\nasset = ["Asset"]\n';

test("patch.object and setattr on the split module are reported as ambiguous with path:line and left as written", async () => {
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": MODELS,
    "tests/__init__.py": "",
    "tests/test_slugs.py": TESTS,
    "split.toml": PLAN,
  });
  try {
    const args = ["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml")];
    const io = capture(dir);
    assert.equal(await main([...args, "--json", "--dry-run"], io), 0, io.stderr());
    const warnings = (JSON.parse(io.stdout()) as { notes: string[] }).notes.filter((n) => n.startsWith("warning: "));
    // Asset.slug imports slugify from app.models.user inside the method, so it reads that binding too.
    assert.deepEqual(warnings, [
      'warning: tests/test_slugs.py:8: mock.patch.object(models, "slugify") patches the package attribute app.models.slugify, but app.models.user reads its own binding when it runs, so the patch no longer reaches it; ambiguous, left as is (patch the module you mean, e.g. mock.patch.object(app.models.user, "slugify"))',
      'warning: tests/test_slugs.py:13: monkeypatch.setattr(app.models, "Base") patches the package attribute app.models.Base; no new module reads Base when it runs, so only code reading it through the package sees the patch; left as is (check that is all the test needs)',
      'warning: tests/test_slugs.py:14: mock.patch.object(app.models, "User") patches the package attribute app.models.User; no new module reads User when it runs, so only code reading it through the package sees the patch; left as is (check that is all the test needs)',
    ]);
    const written = capture(dir);
    assert.equal(await main(args, written), 0, written.stderr());
    assert.match(
      written.stdout(),
      /warning: tests\/test_slugs\.py:8: mock\.patch\.object\(models, "slugify"\) patches the package attribute/,
    );
    assert.equal(readFileSync(join(dir, "tests/test_slugs.py"), "utf8"), TESTS, "nothing is rewritten or guessed");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
