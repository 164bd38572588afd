/** Unit tests for the scanner's top-level bindings, classes and module `__getattr__`. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bindings, dedent, scan } from "./scan-helpers.js";

describe("top-level bindings", () => {
  it("binds classes, functions, async functions and type aliases", () => {
    const text = dedent(`
      class A: pass
      @decorator
      class B(A):
          inner = 1
          def method(self): pass
      def f(): local = 1
      async def g(): pass
      type Alias = int
      type Generic[T] = list[T]
    `);
    assert.deepEqual(bindings(text), ["A:class", "B:class", "f:def", "g:def", "Alias:type", "Generic:type"]);
    const b = scan(text).bindings[1];
    assert.equal(text.slice(b.start, b.end), "@decorator\nclass B");
  });

  it("binds assignment targets: chained, tuples, lists, starred, annotated", () => {
    const text = dedent(`
      x = y = 0
      a, (b, [c, *d]) = 1, (2, [3, 4])
      [e, f] = 1, 2
      *g, h = [1, 2]
      ann: int = 1
      declared: "str"
      i: int
    `);
    assert.deepEqual(bindings(text), [
      "x:assign",
      "y:assign",
      "a:assign",
      "b:assign",
      "c:assign",
      "d:assign",
      "e:assign",
      "f:assign",
      "g:assign",
      "h:assign",
      "ann:annassign",
      "declared:annassign",
      "i:annassign",
    ]);
  });

  it("does not bind attribute and subscript targets, nor names read inside them", () => {
    const text = dedent(`
      obj.attr = 1
      obj[key] = 2
      d[f(k)] = 3
      d[1, j] = 4
      m[0][n] = 5
      call(a=1)["x"] = 6
      obj.method(arg).attr = 7
      obj.attr: int = 8
      x, obj.y, (d[i], z) = 1, 2, (3, 4)
      aug = 0
      aug += 1
      cmp == 1
    `);
    assert.deepEqual(bindings(text), ["x:assign", "z:assign", "aug:assign"]);
  });

  it("does not take lambda parameters with defaults for targets", () => {
    const text = dedent(`
      handler = lambda request, default=None: default
      key_of = lambda *, k=1, **kw: k
      both = other = lambda x=1: x
    `);
    assert.deepEqual(bindings(text), ["handler:assign", "key_of:assign", "both:assign", "other:assign"]);
  });

  it("binds soft keywords used as names", () => {
    const text = dedent(`
      match = lambda: 1
      case = lambda x: x
      type = 3
      match, case = case, match
      match[0]: int = 1
      match v:
          case 1: pass
    `);
    assert.deepEqual(bindings(text), ["match:assign", "case:assign", "type:assign", "match:assign", "case:assign"]);
  });

  it("binds imported names: first part of a dotted import, or the alias", () => {
    const text = dedent(`
      import a.b.c
      import d.e as f
      from .g import h, i as j
      from .k import *
    `);
    assert.deepEqual(bindings(text), ["a:import", "f:import", "h:import", "j:import"]);
    const facts = scan(text);
    assert.deepEqual(
      facts.bindings.map((b) => b.importIndex),
      [0, 1, 2, 2],
    );
  });

  it("binds for and with targets, conditionally, including parenthesized with items", () => {
    const text = dedent(`
      for i, (j, *k) in []: pass
      with open(p) as fh, ctx() as (w1, w2), plain(): pass
      with (
          open(p) as p1,
          open(q) as p2,
      ):
          pass
      with (open(p)) as p3: pass
      async def co():
          async for not_top in x: pass
    `);
    assert.deepEqual(bindings(text), [
      "i:for?",
      "j:for?",
      "k:for?",
      "fh:with?",
      "w1:with?",
      "w2:with?",
      "p1:with?",
      "p2:with?",
      "p3:with?",
      "co:def",
    ]);
  });

  it("binds names assigned by the walrus operator at module level", () => {
    const text = dedent(`
      (w1 := 1)
      print(w2 := 2)
      if (w3 := 3) > 2:
          pass
      elif (w4 := 4):
          pass
      total = [w5 := v for v in range(3)]
      late = lambda: (not_module_level := 1)
      def f():
          (inner := 0)
      if x:
          if (w6 := 6): pass
      @(w7 := decorator)
      def g(): pass
    `);
    assert.deepEqual(bindings(text), [
      "w1:other",
      "w2:other",
      "w3:other",
      "w4:other?",
      "total:assign",
      "w5:other",
      "late:assign",
      "f:def",
      "w6:other?",
      "w7:other",
      "g:def",
    ]);
  });

  it("marks conditional and TYPE_CHECKING-only definitions", () => {
    const text = dedent(`
      if TYPE_CHECKING:
          from .types import T
          Alias = int
      else:
          T = object
      try:
          import ujson as json
      except ImportError:
          json = None
      if sys.platform == "win32":
          def native(): pass
      while False:
          loop_var = 1
      match x:
          case 1:
              matched = True
    `);
    assert.deepEqual(bindings(text), [
      "T:import?!tc",
      "Alias:assign?!tc",
      "T:assign?",
      "json:import?",
      "json:assign?",
      "native:def?",
      "loop_var:assign?",
      "matched:assign?",
    ]);
  });

  it("gives each binding the position of its name", () => {
    const text = dedent(`
      x = 1
      class  Spaced: pass
      a, b = 1, 2
    `);
    assert.deepEqual(
      scan(text).bindings.map((b) => [b.name, b.line, b.column]),
      [
        ["x", 1, 1],
        ["Spaced", 2, 8],
        ["a", 3, 1],
        ["b", 3, 4],
      ],
    );
  });
});

describe("classes and __getattr__", () => {
  it("reads bases and keywords of top-level classes as written, without whitespace", () => {
    const text = dedent(`
      class User(Base): pass
      class Row(db.Model, Mixin, metaclass=abc.ABCMeta): pass
      class Hero(SQLModel, table=True): pass
      class Spread(*bases, **kw): pass
      class Generic[T](Base[T]): pass
      class Multi(  # a comment
          pkg . models . \\
              Base,  # spaced
          other=dict(a=1),
      ): pass
      class NoBases: pass
      def f():
          class Local(Base): pass
    `);
    assert.deepEqual(
      scan(text).classes.map((c) => [c.name, c.bases, c.keywords]),
      [
        ["User", ["Base"], {}],
        ["Row", ["db.Model", "Mixin"], { metaclass: "abc.ABCMeta" }],
        ["Hero", ["SQLModel"], { table: "True" }],
        ["Spread", ["*bases", "**kw"], {}],
        ["Generic", ["Base[T]"], {}],
        ["Multi", ["pkg.models.Base"], { other: "dict(a=1)" }],
        ["NoBases", [], {}],
      ],
    );
  });

  it("sees a module-level __getattr__ but not a method or a conditional one", () => {
    assert.equal(scan("def __getattr__(name):\n    raise AttributeError(name)\n").hasGetattr, true);
    assert.equal(scan("async def __getattr__(name): pass\n").hasGetattr, true);
    assert.equal(scan("class C:\n    def __getattr__(self, name): pass\n").hasGetattr, false);
    assert.equal(scan("if X:\n    def __getattr__(name): pass\n").hasGetattr, false);
    assert.equal(scan("__getattr__ = 1\n").hasGetattr, false);
  });
});
