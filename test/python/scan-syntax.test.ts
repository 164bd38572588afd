/**
 * The scanner on Python 3 syntax up to 3.13 (and 3.14 template strings), text encodings and
 * layouts, and broken files: imports after tricky syntax must still be found at the right offsets.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dedent, imports, scan } from "./scan-helpers.js";

describe("modern syntax", () => {
  it("reads PEP 695 generics, PEP 696 defaults and type aliases", () => {
    const text = dedent(`
      type Pair[T] = tuple[T, T]
      def first[T](xs: list[T]) -> T:
          from .inner import helper
          return xs[0]
      async def fetch[T: (int, str), *Ts, **P](f: Callable[P, T], *a: *Ts) -> T:
          import json
      class Box[T](Generic, metaclass=Meta):
          import attr
      class Plain[T: int = int, **P = [int]]:
          pass
      import after
    `);
    assert.deepEqual(imports(text), [
      "from .inner import helper @ function",
      "import json @ function",
      "import attr @ class",
      "import after @ module",
    ]);
    const facts = scan(text);
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(
      facts.classes.map((c) => [c.name, c.bases, c.keywords]),
      [
        ["Box", ["Generic"], { metaclass: "Meta" }],
        ["Plain", [], {}],
      ],
    );
  });

  it("reads match statements and soft keywords used as names", () => {
    const text = dedent(`
      match = {"a": 1}
      case = [match]
      type = 3
      match match:
          case {"a": 1}:
              from .m import yes
          case [x, *rest] if x:
              import guarded
          case Point(x=0) | None: import inline_case
          case _:
              pass
      match(1)
      import after
    `);
    assert.deepEqual(imports(text), [
      "from .m import yes @ conditional",
      "import guarded @ conditional",
      "import inline_case @ conditional",
      "import after @ module",
    ]);
  });

  it("skips every string form: prefixes, triple quotes, nested f-strings, format specs", () => {
    const text = dedent(`
      a = rb'\\d' ; b = Rb"x" ; c = BR'''y''' ; d = u"z" ; e = U'w'
      f1 = f"{name!r:>{width}} {'import' + name}"
      f2 = f"{f"{f"{name}"}"}"
      f3 = f"{x:{'>' if x else '<'}{20}}"
      f4 = rf"\\{name}\\n{ {'a': 1}['a'] }"
      f5 = F"""{name
       + "line"}
      import inside_fstring
      """
      f6 = f"{'\\n'.join(['import q'])}"
      f7 = f'{name=}' f"{name = !s:^10}"
      f8 = f"{{not a field}} {name}"
      f9 = f'''{name:{"x"}{'y'}}'''
      f10 = f"{x:=^10}" f'{x:"^10}'
      t1 = t"{name} import t" + Tr'{x}'
      from .after_strings import z
    `);
    assert.deepEqual(imports(text), ["from .after_strings import z @ module"]);
    const facts = scan(text);
    assert.deepEqual(facts.warnings, []);
    assert.equal(facts.imports[0].line, 16);
  });

  it("skips PEP 701 comments and quotes inside multi-line replacement fields", () => {
    const text = dedent(`
      s = f"""{
          value  # a comment with " and } in it
      }"""
      import after
    `);
    assert.deepEqual(imports(text), ["import after @ module"]);
    assert.deepEqual(scan(text).warnings, []);
  });

  it("reads walrus, lambda and decorators without losing the structure", () => {
    const text = dedent(`
      if (n := 10) > 5: import walrus
      key = lambda x, default=None: default
      @decorator(lambda: 1)
      def f(): import deco
      import after
    `);
    assert.deepEqual(imports(text), ["import walrus @ conditional", "import deco @ function", "import after @ module"]);
  });
});

describe("encodings and layout", () => {
  it("uses UTF-16 offsets: non-ASCII text before an import keeps ranges exact", () => {
    const text = dedent(`
      # Ñandú 😀 — non-ASCII before imports
      café = "naïve 😀😀 ☃"; from .módulo import señal as 信号
      import 模块.子模块 as mod
      emoji = "👨‍👩‍👧‍👦"; from . import after_emoji
    `);
    const facts = scan(text);
    assert.deepEqual(
      facts.imports.map((i) => text.slice(i.start, i.end)),
      ["from .módulo import señal as 信号", "import 模块.子模块 as mod", "from . import after_emoji"],
    );
    assert.deepEqual(
      facts.imports.map((i) => [i.line, i.column]),
      [
        [2, 24],
        [3, 1],
        [4, 24],
      ],
    );
    assert.deepEqual(
      facts.bindings.map((b) => b.name),
      ["café", "信号", "mod", "emoji", "after_emoji"],
    );
  });

  it("reads CRLF files, including strings continued by backslash-CRLF", () => {
    const text =
      'import a\r\nif TYPE_CHECKING:\r\n    from .b import c\r\ns = "one \\\r\ntwo"; import d\r\nx = (1,\r\n     2)\r\nfrom .e import f\r\n';
    assert.deepEqual(imports(text), [
      "import a @ module",
      "from .b import c @ type-checking",
      "import d @ module",
      "from .e import f @ module",
    ]);
    const facts = scan(text);
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(
      facts.imports.map((i) => i.line),
      [1, 3, 5, 8],
    );
  });

  it("measures indentation split by a backslash continuation the way CPython does", () => {
    // A backslash at column 0 lets the next line's blanks count; elsewhere its own column counts.
    const text = "def f():\n    x = 1\n\\\n    import in_f\nclass C:\n    \\\n  import in_c\n";
    assert.deepEqual(imports(text), ["import in_f @ function", "import in_c @ class"]);
    assert.deepEqual(scan(text).warnings, []);
  });

  it("reads lone-CR line endings", () => {
    const text = "import a\rif x:\r    import b\rimport c\r";
    assert.deepEqual(imports(text), ["import a @ module", "import b @ conditional", "import c @ module"]);
    assert.deepEqual(
      scan(text).imports.map((i) => i.line),
      [1, 3, 4],
    );
  });

  it("tolerates a BOM left at the start of the text", () => {
    const text = "\ufeffimport a\nfrom . import b\n";
    assert.deepEqual(imports(text), ["import a @ module", "from . import b @ module"]);
    assert.equal(scan(text).imports[0].start, 1);
  });

  it("reads empty files, comment-only files and files without a final newline", () => {
    assert.deepEqual(imports(""), []);
    assert.deepEqual(imports("# only a comment"), []);
    assert.deepEqual(imports("x = 1\nimport last"), ["import last @ module"]);
  });
});

describe("broken files", () => {
  it("finds imports at column 0 after an unclosed bracket, with a warning on the bracket's line", () => {
    const text = dedent(`
      import first
      x = foo(1,
      def g():
          import in_g
      from .after import z
      class K(
      import last
    `);
    const facts = scan(text);
    assert.deepEqual(
      facts.imports.map((i) => i.names[0].name),
      ["first", "in_g", "z", "last"],
    );
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.message]),
      [
        [2, "'(' was never closed"],
        [6, "'(' was never closed"],
      ],
    );
  });

  it("does not resync on a matrix product or `yield from` at column 0 inside brackets", () => {
    const text = dedent(`
      y = (a
      @ b)
      def gen():
          x = (yield
      from g())
          import still_in_gen
      import after
    `);
    const facts = scan(text);
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(imports(text), ["import still_in_gen @ function", "import after @ module"]);
  });

  it("warns of an unterminated string on its own line and reads on", () => {
    const text = dedent(`
      import a
      s = "never closed
      import b
    `);
    const facts = scan(text);
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.message]),
      [[2, "unterminated string literal"]],
    );
    assert.deepEqual(
      facts.imports.map((i) => i.names[0].name),
      ["a", "b"],
    );
  });

  it("warns of an unterminated triple-quoted string at its start", () => {
    const facts = scan('import a\nx = 1\ns = """\nimport hidden\n');
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.message]),
      [[3, "unterminated triple-quoted string literal"]],
    );
    assert.deepEqual(
      facts.imports.map((i) => i.names[0].name),
      ["a"],
    );
  });

  it("warns of a compound header without its colon and reads on", () => {
    const text = dedent(`
      import a
      def upgrade()
          op.add_column("t")
      class K(Base)
          x = 1
      match = 1
      import b
    `);
    const facts = scan(text);
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.message]),
      [
        [2, "expected ':'"],
        [3, "unexpected indent"],
        [4, "expected ':'"],
        [5, "unexpected indent"],
      ],
    );
    assert.deepEqual(
      facts.imports.map((i) => i.names[0].name),
      ["a", "b"],
    );
  });

  it("warns of indentation errors the way CPython names them", () => {
    const text = dedent(`
      def f():
          x = 1
        y = 2
      if x:
      import z
      class C:
    `);
    assert.deepEqual(
      scan(text).warnings.map((w) => [w.line, w.message]),
      [
        [3, "unindent does not match any outer indentation level"],
        [5, "expected an indented block"],
        [6, "expected an indented block"],
      ],
    );
    assert.deepEqual(scan("if x:\n    pass\n# comment\n  \n    # indented comment\nimport y\n").warnings, []);
  });

  it("warns of an import statement it cannot read, and of mismatched brackets", () => {
    const text = dedent(`
      from x import
      import a as
      from . import (b
      c = [1, 2)
      import ok
    `);
    const facts = scan(text);
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.message]),
      [
        [1, "invalid import statement"],
        [2, "invalid import statement"],
        [3, "'(' was never closed"],
        [4, "closing parenthesis ')' does not match opening parenthesis '['"],
      ],
    );
    assert.deepEqual(imports(text), ["import ok @ module"]);
  });

  it("warns of an unmatched closing bracket", () => {
    const facts = scan("x = 1)\nimport a\n");
    assert.deepEqual(
      facts.warnings.map((w) => [w.line, w.column, w.message]),
      [[1, 6, "unmatched ')'"]],
    );
    assert.equal(facts.imports.length, 1);
  });
});
