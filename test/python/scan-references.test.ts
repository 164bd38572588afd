/** Unit tests for `__all__`, string references and attribute chains read on imported names. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dedent, scan } from "./scan-helpers.js";

const all = (text: string) => {
  const a = scan(text).all;
  return a && { names: a.names, spreads: a.spreads, dynamic: a.dynamic };
};

describe("__all__", () => {
  it("reads list and tuple literals, annotated, and implicit string concatenation is dynamic", () => {
    assert.deepEqual(all("__all__ = [\"a\", 'b']"), { names: ["a", "b"], spreads: [], dynamic: false });
    assert.deepEqual(all('__all__ = ("a",)'), { names: ["a"], spreads: [], dynamic: false });
    assert.deepEqual(all('__all__: list[str] = ["a"]'), { names: ["a"], spreads: [], dynamic: false });
    assert.deepEqual(all('__all__: Final = (\n    "a",  # comment\n    "b",\n)'), {
      names: ["a", "b"],
      spreads: [],
      dynamic: false,
    });
    assert.equal(all("x = 1"), null);
  });

  it("follows +=, .extend, .append, .remove and a later reassignment", () => {
    const text = dedent(`
      __all__ = ["a"]
      __all__ += ["b"]
      __all__ += ("c",)
      __all__.extend(["d", "e"])
      __all__.append("f")
      __all__.remove("b")
    `);
    assert.deepEqual(all(text), { names: ["a", "c", "d", "e", "f"], spreads: [], dynamic: false });
    assert.deepEqual(all('__all__ = ["old"]\n__all__ = ["new"]'), { names: ["new"], spreads: [], dynamic: false });
  });

  it("reads *mod.__all__ spreads and mod.__all__ additions", () => {
    const text = dedent(`
      from . import user, pkg
      __all__ = [*user.__all__, "x", *pkg.sub.__all__]
      __all__ += group.__all__
      __all__ = __all__ + other.__all__ + ["y"]
    `);
    assert.deepEqual(all(text), { names: ["x", "y"], spreads: ["user", "pkg.sub", "group", "other"], dynamic: false });
  });

  it("marks anything it cannot read as dynamic", () => {
    assert.equal(all("__all__ = [name for name in dir()]")!.dynamic, true);
    assert.equal(all('__all__ = ["a", some_name]')!.dynamic, true);
    assert.equal(all("__all__ = list(x)")!.dynamic, true);
    assert.equal(all('__all__ = [f"{x}"]')!.dynamic, true);
    assert.equal(all("__all__.sort()")!.dynamic, true);
  });

  it("gives each entry its position, and ignores __all__ inside functions", () => {
    const text = '__all__ = [\n    "a",\n    "b",\n]\ndef f():\n    __all__ = ["no"]\n';
    const a = scan(text).all!;
    assert.deepEqual(a.entries, [
      { name: "a", line: 2, column: 5 },
      { name: "b", line: 3, column: 5 },
    ]);
    assert.deepEqual([a.line, a.column, a.names], [1, 1, ["a", "b"]]);
  });
});

describe("string references", () => {
  const refs = (text: string) =>
    scan(text).stringRefs.map(
      (r) => `${r.kind} ${r.callee}(${r.object ? r.object + ", " : ""}${JSON.stringify(r.value)})`,
    );

  it("reads mock.patch, patch.object, monkeypatch.setattr, import_module and __import__", () => {
    const text = dedent(`
      from unittest import mock
      from unittest.mock import patch
      @mock.patch("pkg.models.User.save")
      @patch('pkg.service.send', new=1)
      def test(monkeypatch):
          with patch.object(models.User, "save"):
              monkeypatch.setattr("pkg.settings.DEBUG", True)
              monkeypatch.setattr(pkg.settings, "DEBUG", False)
              monkeypatch.setattr(settings, "DEBUG", False)
          mock.patch.multiple("pkg.mod", a=1)
          importlib.import_module("pkg.plugins.x")
          import_module(".rel", package="pkg")
          __import__("pkg.legacy")
          patch(name)
          patch(f"pkg.{name}")
    `);
    assert.deepEqual(refs(text), [
      'patch mock.patch("pkg.models.User.save")',
      'patch patch("pkg.service.send")',
      'patch.object patch.object(models.User, "save")',
      'setattr monkeypatch.setattr("pkg.settings.DEBUG")',
      'setattr monkeypatch.setattr(pkg.settings, "DEBUG")',
      'setattr monkeypatch.setattr(settings, "DEBUG")',
      'patch mock.patch.multiple("pkg.mod")',
      'import_module importlib.import_module("pkg.plugins.x")',
      'import_module import_module(".rel")',
      '__import__ __import__("pkg.legacy")',
    ]);
    const [first] = scan(text).stringRefs;
    assert.equal(text.slice(first.start, first.end), '"pkg.models.User.save"');
    assert.deepEqual([first.line, first.column], [3, 13]);
  });

  it("reads SQLAlchemy relationship and ForeignKey strings", () => {
    const text = dedent(`
      from sqlalchemy.orm import relationship
      from sqlalchemy import ForeignKey
      class User(Base):
          group_id = Column(ForeignKey("groups.id"))
          group = relationship("Group", back_populates="users")
          roles = sa.orm.relationship('pkg.models.Role', secondary="user_roles")
          other = relationship(Other)
          boss = relationship(
              "User",
              primaryjoin="pkg.models.User.boss_id == pkg.models.User.id",
              remote_side="User.id", order_by=func(x="no"), viewonly=True,
          )
    `);
    assert.deepEqual(refs(text), [
      'foreign_key ForeignKey("groups.id")',
      'relationship relationship("Group")',
      'relationship sa.orm.relationship("pkg.models.Role")',
      'relationship_expr sa.orm.relationship("user_roles")',
      'relationship relationship("User")',
      'relationship_expr relationship("pkg.models.User.boss_id == pkg.models.User.id")',
      'relationship_expr relationship("User.id")',
    ]);
  });

  it("reads Django and Tortoise model strings by the framework the file imports", () => {
    const django = dedent(`
      from django.db import models
      class Book(models.Model):
          author = models.ForeignKey("library.Author", on_delete=models.CASCADE)
          tags = models.ManyToManyField("Tag")
          one = OneToOneField("auth.User")
      Model = apps.get_model("library", "Book")
      Other = apps.get_model("library.Shelf")
    `);
    assert.deepEqual(refs(django), [
      'django_model models.ForeignKey("library.Author")',
      'django_model models.ManyToManyField("Tag")',
      'django_model OneToOneField("auth.User")',
      'django_model apps.get_model("Book")',
      'django_model apps.get_model("library.Shelf")',
    ]);
    const tortoise = dedent(`
      from tortoise import fields
      from tortoise.models import Model
      class Event(Model):
          tournament = fields.ForeignKeyField("models.Tournament", related_name="events")
          participants = fields.ManyToManyField("models.Team")
    `);
    assert.deepEqual(refs(tortoise), [
      'tortoise_model fields.ForeignKeyField("models.Tournament")',
      'tortoise_model fields.ManyToManyField("models.Team")',
    ]);
  });

  it("decodes the literal's value and skips byte strings", () => {
    const text = 'patch("a\\\\b")\npatch(r"c\\d")\npatch(b"x")\npatch("""pkg.m""")\n';
    assert.deepEqual(
      scan(text).stringRefs.map((r) => r.value),
      ["a\\b", "c\\d", "pkg.m"],
    );
  });
});

describe("attribute chains on imported names", () => {
  const chains = (text: string) => scan(text).attributeRefs.map((r) => `${r.line}:${r.column} ${r.chain}`);

  it("records dotted reads rooted at an imported name, anywhere in the file", () => {
    const text = dedent(`
      import pkg.models as m
      from pkg import models
      import pkg.sub
      x = m.User
      def f():
          return models.Group.query(pkg.sub.thing, models . Spaced)
      class C(models.Base): pass
    `);
    assert.deepEqual(chains(text), [
      "4:5 m.User",
      "6:12 models.Group.query",
      "6:31 pkg.sub.thing",
      "6:46 models.Spaced",
      "7:9 models.Base",
    ]);
  });

  it("ignores names that are rebound, shadowed by a parameter, or not imported", () => {
    const text = dedent(`
      from pkg import models, other, param, powered, aliased
      models = load()
      for other in []: pass
      def f(param): return param.x
      powered **= 2
      with open(p) as aliased: pass
      y = models.User, other.X, unknown.Y, powered.Z, aliased.W
      z = "models.User"
    `);
    assert.deepEqual(chains(text), []);
  });
});
