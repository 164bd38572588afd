/** Unit tests for the scanner's imports: every form and every context. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dedent, imports, scan } from "./scan-helpers.js";

describe("import forms", () => {
  it("reads PEP 810 lazy imports; `lazy` stays a name everywhere else", () => {
    const text = dedent(`
      lazy import json
      lazy import a.b.c as d, e
      lazy from ..pkg.models import (
          User,
          Order as O,
      )
      if TYPE_CHECKING:
          lazy from x import y
      # lazy from .old import thing
      lazy = 3
      lazy.imports = [lazy]
      print(lazy)
      lazy
      import lazy
      from lazy import lazy
    `);
    assert.deepEqual(imports(text), [
      "lazy import json @ module",
      "lazy import a.b.c as d, e @ module",
      "lazy from ..pkg.models import User, Order as O @ module",
      "lazy from x import y @ type-checking",
      "import lazy @ module",
      "from lazy import lazy @ module",
      "# lazy from .old import thing @ module",
    ]);
    const facts = scan(text);
    assert.deepEqual(facts.warnings, []);
    assert.ok(facts.bindings.some((b) => b.name === "lazy" && b.kind === "assign"));
    assert.ok(facts.bindings.some((b) => b.name === "O" && b.kind === "import"));
  });

  it("reads absolute, dotted, aliased and multiple imports", () => {
    const text = dedent(`
      import os
      import a.b.c
      import a.b.c as d, e, f.g as h
      import x as y; import z
    `);
    assert.deepEqual(imports(text), [
      "import os @ module",
      "import a.b.c @ module",
      "import a.b.c as d, e, f.g as h @ module",
      "import x as y @ module",
      "import z @ module",
    ]);
  });

  it("reads from-imports: relative levels, parentheses, trailing commas, star", () => {
    const text = dedent(`
      from m import a
      from . import b
      from .. import c as cc
      from ...pkg.sub import d
      from ....deep import e
      from .mod import (
          f,
          g as gg,  # a comment
      )
      from .star import *
      from __future__ import annotations
      from . . spaced import h
    `);
    assert.deepEqual(imports(text), [
      "from m import a @ module",
      "from . import b @ module",
      "from .. import c as cc @ module",
      "from ...pkg.sub import d @ module",
      "from ....deep import e @ module",
      "from .mod import f, g as gg @ module",
      "from .star import * @ module",
      "from __future__ import annotations @ module",
      "from ..spaced import h @ module",
    ]);
    const star = scan(text).imports[6];
    assert.equal(star.star, true);
    assert.deepEqual(star.names, []);
  });

  it("reads imports split by backslash continuations and semicolons", () => {
    const text = "import \\\n    a.b \\\n    as c\nfrom \\\n  .x \\\n  import \\\n  y; import z;\n";
    assert.deepEqual(imports(text), ["import a.b as c @ module", "from .x import y @ module", "import z @ module"]);
    const [first] = scan(text).imports;
    assert.equal(text.slice(first.start, first.end), "import \\\n    a.b \\\n    as c");
  });

  it("gives each name its own position (1-based line and column)", () => {
    const text = dedent(`
      from .models import (
          User,
          Group as G,
      )
    `);
    const [imp] = scan(text).imports;
    assert.deepEqual(
      imp.names.map((n) => [n.name, n.line, n.column]),
      [
        ["User", 2, 5],
        ["Group", 3, 5],
      ],
    );
    assert.deepEqual([imp.line, imp.column], [1, 1]);
    assert.equal(text.slice(imp.moduleStart, imp.moduleEnd), ".models");
  });

  it("ignores statements that only look like imports", () => {
    const text = dedent(`
      importer = 1
      from_ = 2
      x = "import os"
      s = """
      import inside_string
      from . import nope
      """
      print(f"{'import y'}")
    `);
    assert.deepEqual(imports(text), []);
  });

  it("keeps commented-out imports, marked as such, with their own ranges", () => {
    const text = dedent(`
      import real
      # from .old import thing
      #import legacy.mod as lm
      # not code: import this and that
      x = 1  # from .trailing import comment
    `);
    assert.deepEqual(imports(text), [
      "import real @ module",
      "# from .old import thing @ module",
      "# import legacy.mod as lm @ module",
      "# from .trailing import comment @ module",
    ]);
    const old = scan(text).imports[1];
    assert.equal(text.slice(old.start, old.end), "from .old import thing");
    assert.equal(old.line, 2);
  });
});

describe("import contexts", () => {
  it("tells module level, TYPE_CHECKING, function, class and conditionals apart", () => {
    const text = dedent(`
      import top
      if TYPE_CHECKING:
          from .types import T
      if typing.TYPE_CHECKING:
          import typing_tc
      else:
          import not_tc
      if not TYPE_CHECKING:
          import negated
      def f():
          from .lazy import g
          class Inner:
              import deep
      async def co():
          import in_async
      class C:
          import in_class
          def m(self):
              from . import in_method
      if sys.version_info >= (3, 11):
          import tomllib
      for x in []:
          import in_for
      while False:
          import in_while
      with ctx():
          import in_with
      match v:
          case 1:
              import in_case
    `);
    assert.deepEqual(imports(text), [
      "import top @ module",
      "from .types import T @ type-checking",
      "import typing_tc @ type-checking",
      "import not_tc @ conditional",
      "import negated @ conditional",
      "from .lazy import g @ function",
      "import deep @ function",
      "import in_async @ function",
      "import in_class @ class",
      "from . import in_method @ function",
      "import tomllib @ conditional",
      "import in_for @ conditional",
      "import in_while @ conditional",
      "import in_with @ conditional",
      "import in_case @ conditional",
    ]);
    const deep = scan(text).imports[6];
    assert.equal(deep.context.class, true);
    assert.equal(deep.context.function, true);
  });

  it("marks imports in a try body whose handler catches ImportError as optional", () => {
    const text = dedent(`
      try:
          import ujson as json
      except ImportError:
          import json
      try:
          from fast import a
          if x:
              from fast import nested
      except (ModuleNotFoundError, AttributeError):
          pass
      else:
          from fast import in_else
      finally:
          import in_finally
      try:
          import broad
      except Exception:
          pass
      try:
          import bare
      except:
          pass
      try:
          import not_optional
      except ValueError:
          pass
      try:
          import later_handler
      except ValueError:
          pass
      except ImportError:
          pass
      try:
          import grouped
      except* ImportError:
          pass
    `);
    assert.deepEqual(imports(text), [
      "import ujson as json @ try-import-error",
      "import json @ conditional",
      "from fast import a @ try-import-error",
      "from fast import nested @ try-import-error",
      "from fast import in_else @ conditional",
      "import in_finally @ conditional",
      "import broad @ try-import-error",
      "import bare @ try-import-error",
      "import not_optional @ conditional",
      "import later_handler @ try-import-error",
      "import grouped @ try-import-error",
    ]);
  });

  it("reads one-line compound statements", () => {
    const text = dedent(`
      if TYPE_CHECKING: from x import y
      try: import opt
      except ImportError: opt = None
      def f(): import inside; return 1
      class K: import attr; z = 1
      if a: import one
      elif b: import two
      else: import three
      import after
    `);
    assert.deepEqual(imports(text), [
      "from x import y @ type-checking",
      "import opt @ try-import-error",
      "import inside @ function",
      "import attr @ class",
      "import one @ conditional",
      "import two @ conditional",
      "import three @ conditional",
      "import after @ module",
    ]);
  });

  it("follows decorators, async def, nested functions and dedents", () => {
    const text = dedent(`
      @decorator
      @other.deco(arg=lambda: 1)
      def f():
          import in_decorated
      @dataclass
      class D:
          x: int = 0
      import after_class
      async def g():
          async with c() as x:
              import aw
          async for y in z():
              import af
          def h():
              import nested
          import back_in_g
      import back_at_top
    `);
    assert.deepEqual(imports(text), [
      "import in_decorated @ function",
      "import after_class @ module",
      "import aw @ function",
      "import af @ function",
      "import nested @ function",
      "import back_in_g @ function",
      "import back_at_top @ module",
    ]);
  });

  it("handles indentation by tabs and form feeds the way CPython counts it", () => {
    const text =
      "if x:\n\timport tabbed\n\tif TYPE_CHECKING:\n\t    import tc\ndef f():\n\x0c    import ff\nimport top\n";
    assert.deepEqual(imports(text), [
      "import tabbed @ conditional",
      "import tc @ type-checking",
      "import ff @ function",
      "import top @ module",
    ]);
  });

  it("does not let a comment line or a bracket continuation end a block", () => {
    const text = dedent(`
      def f():
          x = [
      1,
          ]
      # a comment at column 0
          import still_in_f
      import top
    `);
    assert.deepEqual(imports(text), ["import still_in_f @ function", "import top @ module"]);
  });
});
