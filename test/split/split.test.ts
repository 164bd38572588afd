/**
 * Split rules that the fixture trees do not show: statement ranges and name kinds, the planner's
 * cycle merging, plans that would add an import cycle or are malformed (refused, disk untouched),
 * CRLF and non-ASCII text, and the runtime oracle noticing a metadata change.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { RemodelError } from "../../src/core/errors.js";
import { applyPlanInMemory } from "../../src/core/overlay.js";
import { emptyPlan, addEdit, replacement } from "../../src/core/edits.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { compareOracle } from "../../src/run/runtime-oracle.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { buildSplitModel } from "../../src/refactor/split/model.js";
import { lateStatements } from "../../src/refactor/split/render.js";
import { parseTopLevel } from "../../src/refactor/split/statements.js";
import { capture, project, treeFiles } from "./support.js";

const CYCLE = `from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def next_a():
    return A.counter


def next_b():
    return B.counter


class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True, default=next_b)
    counter = 1


class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True, default=next_a)
    counter = 2
`;

test("statements: comments and decorators travel, names are classified by when they are read", () => {
  const text = [
    "from __future__ import annotations",
    "import x",
    "",
    "# about f",
    "@deco(D)",
    "def f(a: Ann = DEFAULT) -> Ret:  # trailing",
    "    local = 1",
    "    return helper(local, a)",
    "",
    "",
    "class C(Base):",
    '    field: "Fwd" = make()',
    "    rel = relationship(Other)",
    "",
    "C.extra = 1",
    "",
  ].join("\n");
  const m = parseTopLevel(text);
  const f = m.statements.find((s) => s.label === "f")!;
  assert.equal(
    text.slice(f.start, f.end),
    "# about f\n@deco(D)\ndef f(a: Ann = DEFAULT) -> Ret:  # trailing\n    local = 1\n    return helper(local, a)\n",
  );
  const kinds = Object.fromEntries(f.uses.map((u) => [u.name, u.kind]));
  assert.deepEqual(kinds, {
    deco: "eager",
    D: "eager",
    Ann: "annotation",
    DEFAULT: "eager",
    Ret: "annotation",
    helper: "lazy",
  });
  const c = m.statements.find((s) => s.label === "C")!;
  assert.deepEqual(Object.fromEntries(c.uses.map((u) => [u.name, u.kind])), {
    Base: "eager",
    Fwd: "annotation",
    make: "eager",
    relationship: "eager",
    Other: "eager",
  });
  assert.deepEqual(
    c.mapperArgs.map((a) => a.text),
    ["Other"],
  );
  assert.deepEqual(
    m.statements.map((s) => s.kind),
    ["future", "import", "definition", "definition", "other"],
  );
  assert.equal(m.statements[4].label, "C.extra = 1");
});

test("plan split merges groups that would import each other at runtime", async () => {
  const dir = project({ "app/__init__.py": "", "app/models.py": CYCLE });
  try {
    const plan = proposeSplit(
      new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })),
      "app/models.py",
    );
    assert.ok(!("error" in plan));
    const home = plan.modules.find((m) => m.statements.includes("A"))!;
    assert.deepEqual([...home.statements].sort(), ["A", "B", "next_a", "next_b"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const KEYWORD_DOMAIN = `from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "account"
    id = Column(Integer, primary_key=True)


class AccountOwner(Base):
    __tablename__ = "account_owner"
    id = Column(Integer, primary_key=True)
    account_id = Column(Integer, ForeignKey("account.id"))


class ImportConfig(Base):
    __tablename__ = "import_config"
    id = Column(Integer, primary_key=True)


class ImportFile(Base):
    __tablename__ = "import_file"
    id = Column(Integer, primary_key=True)
    config_id = Column(Integer, ForeignKey("import_config.id"))
`;

test("plan split never names a module after a Python keyword: the ImportConfig, ImportFile domain is imports", async () => {
  const dir = project({ "app/__init__.py": "", "app/models.py": KEYWORD_DOMAIN });
  try {
    const plan = proposeSplit(
      new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })),
      "app/models.py",
    );
    assert.ok(!("error" in plan));
    assert.deepEqual(
      plan.modules.map((m) => m.name),
      ["base", "account", "imports"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `remodel split app/models.py --plan split.toml` in `dir`: its exit code and error output. */
async function splitAppModels(dir: string): Promise<{ code: number; stderr: string }> {
  const io = capture(dir);
  const code = await main(
    ["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml")],
    io,
  );
  return { code, stderr: io.stderr() };
}

test("split refuses a plan that adds an import cycle, names the statements, and writes nothing", async () => {
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": CYCLE,
    "split.toml":
      '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\na = ["next_a", "A"]\nb = ["next_b", "B"]\n',
  });
  try {
    const { code, stderr } = await splitAppModels(dir);
    assert.equal(code, 2);
    assert.match(stderr, /modules a, b import each other at runtime/);
    assert.match(stderr, /a -> b: line 15 \(A\) reads next_b/);
    assert.match(stderr, /b -> a: line 21 \(B\) reads next_a/);
    // Each helper reads its model only when it runs: in base it imports that model inside its body, so base imports neither module.
    assert.match(
      stderr,
      /suggestion: move the helper next_a \(line 7\) or next_b \(line 11\) to a common module such as base, which imports neither a nor b/,
    );
    assert.equal(readFileSync(join(dir, "app/models.py"), "utf8"), CYCLE);
    assert.ok(!existsSync(join(dir, "app/models")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const LATE = `from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def tag(x):
    return "tag %s" % x.id


from app.traits import Tagged  # noqa: E402


class Buoy(Tagged, Base):
    __tablename__ = "buoys"
    id = Column(Integer, primary_key=True)


BUOYS = [Buoy]
`;

test("split refuses a plan where a module holding code above a late import imports the module that runs it", async () => {
  // pins imports buoys (BUOYS reads Buoy), and buoys runs the late import at its top: app.traits
  // would read tag before the facade binds it, whatever order the facade imports them in.
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": LATE,
    "app/traits.py":
      "from app.models import tag\n\n\nclass Tagged(object):\n    def label(self):\n        return tag(self)\n",
    "split.toml":
      '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\nbuoys = ["Buoy"]\npins = ["tag", "BUOYS"]\n',
  });
  try {
    const { code, stderr } = await splitAppModels(dir);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /the late import 'from app.traits import Tagged' \(line 11\) cannot stay late: module 'pins' holds code above it and imports 'buoys', which runs it/,
    );
    assert.equal(readFileSync(join(dir, "app/models.py"), "utf8"), LATE);
    assert.ok(!existsSync(join(dir, "app/models")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a late import of a module outside the project cannot import the package back: the same plan splits", async () => {
  const text = LATE.replace(
    "from app.traits import Tagged  # noqa: E402",
    "from json import dumps as Tagged  # noqa: E402",
  ).replace("class Buoy(Tagged, Base):", "class Buoy(Base):\n    dump = Tagged");
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": text,
    "split.toml":
      '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\nbuoys = ["Buoy"]\npins = ["tag", "BUOYS"]\n',
  });
  try {
    const { code, stderr } = await splitAppModels(dir);
    assert.equal(code, 0, stderr);
    assert.ok(existsSync(join(dir, "app/models/buoys.py")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const HELPERS = `from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def default_code():
    return "code"


def default_rank():
    return 1


class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    code = Column(String(10), default=default_code)


class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    rank = Column(Integer, default=default_rank)
`;

test("a cycle through helpers names the statements and suggests moving a helper to base, and that suggestion splits", async () => {
  const plan = (modules: string) => `[split]\nfile = "app/models.py"\n[modules]\n${modules}\n`;
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": HELPERS,
    "split.toml": plan('base = ["Base"]\na = ["default_rank", "A"]\nb = ["default_code", "B"]'),
  });
  try {
    const args = ["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml")];
    const io = capture(dir);
    assert.equal(await main(args, io), 2);
    assert.equal(
      io.stderr(),
      [
        "remodel split: the plan makes modules a, b import each other at runtime:",
        "  a -> b: line 15 (A) reads default_code",
        "  b -> a: line 21 (B) reads default_rank",
        "suggestion: move the helper default_code (line 7) or default_rank (line 11) to a common module such as base, which imports neither a nor b",
        "",
      ].join("\n"),
    );
    assert.ok(!existsSync(join(dir, "app/models")));
    // Following the suggestion splits.
    writeFileSync(
      join(dir, "split.toml"),
      plan('base = ["Base", "default_code"]\na = ["default_rank", "A"]\nb = ["B"]'),
    );
    const again = capture(dir);
    assert.equal(await main(args, again), 0, again.stderr());
    assert.match(readFileSync(join(dir, "app/models/a.py"), "utf8"), /from \.base import Base, default_code/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("split refuses malformed plans: unknown, missing and doubly placed statements", async () => {
  const cases: [string, RegExp][] = [
    [
      'base = ["Base", "Nope"]\nrest = ["next_a", "next_b", "A", "B"]',
      /names "Nope", which is not a top-level statement/,
    ],
    ['base = ["Base"]\nrest = ["next_a", "A", "B"]', /does not place "next_b"/],
    ['base = ["Base", "A"]\nrest = ["next_a", "next_b", "A", "B"]', /"A" is placed twice/],
    ['base = ["Base"]\nA = ["next_a", "next_b", "A", "B"]', /would shadow the name A/],
  ];
  const dir = project({ "app/__init__.py": "", "app/models.py": CYCLE });
  try {
    for (const [modules, message] of cases) {
      writeFileSync(join(dir, "split.toml"), `[split]\nfile = "app/models.py"\n[modules]\n${modules}\n`);
      const io = capture(dir);
      assert.equal(
        await main(["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml")], io),
        2,
      );
      assert.match(io.stderr(), message);
      assert.ok(!existsSync(join(dir, "app/models")));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the planner's plan of one module is no split: one line, exit 0, nothing written (text and --json)", async () => {
  // Two mixins and nothing built on them: shared bases, one module.
  const mixins = [
    "from sqlalchemy import Column, DateTime, Integer",
    "",
    "",
    "class TimestampMixin:",
    "    created = Column(DateTime)",
    "",
    "",
    "class IdMixin:",
    "    id = Column(Integer, primary_key=True)",
    "",
  ].join("\n");
  const dir = project({ "app/__init__.py": "", "app/models.py": mixins });
  try {
    const args = ["split", "app/models.py", "--root", dir, "--no-cache"];
    const io = capture(dir);
    assert.equal(await main(args, io), 0);
    assert.equal(
      io.stdout(),
      "app/models.py is one domain: the plan puts all of it in one module (base), which is no split; nothing to do\n",
    );
    const asJson = capture(dir);
    assert.equal(await main([...args, "--json", "--dry-run"], asJson), 0);
    const out = JSON.parse(asJson.stdout());
    assert.equal(out.status, "skipped");
    assert.deepEqual(out.added, []);
    assert.match(out.reason, /one module \(base\), which is no split/);
    assert.ok(existsSync(join(dir, "app/models.py")));
    assert.ok(!existsSync(join(dir, "app/models")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a plan file of one module is what its user asked for: the package is written with that one module", async () => {
  const dir = project({ "app/__init__.py": "", "app/models.py": CYCLE });
  try {
    writeFileSync(
      join(dir, "split.toml"),
      '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base", "next_a", "next_b", "A", "B"]\n',
    );
    const io = capture(dir);
    const code = await main(
      ["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml")],
      io,
    );
    assert.equal(code, 0, io.stderr());
    assert.ok(existsSync(join(dir, "app/models/base.py")));
    assert.ok(!existsSync(join(dir, "app/models.py")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CRLF and non-ASCII text: statements move byte for byte, generated lines use CRLF", async () => {
  const text = [
    "from sqlalchemy import Column, ForeignKey, Integer, String",
    "from sqlalchemy.orm import declarative_base, relationship",
    "",
    "Base = declarative_base()",
    "",
    "",
    "class Café(Base):  # ☕ — naïve",
    '    __tablename__ = "cafés"',
    "    id = Column(Integer, primary_key=True)",
    '    name = Column(String(20), default="crème brûlée")',
    "",
    "",
    "class Order(Base):",
    '    __tablename__ = "orders"',
    "    id = Column(Integer, primary_key=True)",
    "    cafe_id = Column(ForeignKey(Café.id))",
    "    cafe = relationship(Café)",
    "",
  ].join("\r\n");
  const dir = project({
    "app/__init__.py": "",
    "app/models.py": text,
    "split.toml": '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\ncafe = ["Café"]\norder = ["Order"]\n',
  });
  try {
    const io = capture(dir);
    assert.equal(
      await main(
        [
          "split",
          "app/models.py",
          "--root",
          dir,
          "--no-cache",
          "--plan",
          join(dir, "split.toml"),
          "--python",
          "/usr/bin/python3",
        ],
        io,
      ),
      0,
      io.stdout() + io.stderr(),
    );
    for (const f of treeFiles(join(dir, "app/models"))) {
      const t = readFileSync(join(dir, "app/models", f), "utf8");
      assert.ok(!/[^\r]\n/.test(t), `${f} has a bare LF`);
    }
    const cafe = readFileSync(join(dir, "app/models/cafe.py"), "utf8");
    assert.ok(cafe.endsWith(text.slice(text.indexOf("class Café"), text.indexOf("\r\n\r\n\r\nclass Order") + 2)));
    const order = readFileSync(join(dir, "app/models/order.py"), "utf8");
    assert.match(order, /cafe_id = Column\(ForeignKey\("cafés\.id"\)\)\r\n {4}cafe = relationship\("Café"\)/);
    assert.match(io.stdout(), /ORM metadata identical/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the runtime oracle reports a metadata change", async () => {
  const models =
    'from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n    name = Column(String(20))\n';
  const dir = project({ "app/__init__.py": "", "app/models.py": models });
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    const plan = emptyPlan();
    const at = models.indexOf("String(20)");
    addEdit(plan, "app/models.py", replacement(at, at + "String(20)".length, "String(30)"));
    const result = compareOracle("/usr/bin/python3", p, applyPlanInMemory(plan, p.readText), "app.models");
    assert.equal(result.ok, false);
    // The type as the schema names it, and its repr (arguments the schema's vocabulary does not name).
    assert.deepEqual(result.differences, [
      'sqlalchemy.tables.t.columns.name.repr.type: "String(length=20)" != "String(length=30)"',
      "sqlalchemy.tables.t.columns.name.type.length: 20 != 30",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the runtime oracle says why a package that is not Django's fails to import (an error saying so, not a crash)", async () => {
  const models =
    'import no_such_module_of_remodel\nfrom sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n';
  const dir = project({ "app/__init__.py": "", "app/models.py": models });
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    assert.throws(
      () => compareOracle("/usr/bin/python3", p, applyPlanInMemory(emptyPlan(), p.readText), "app.models"),
      (e: Error) =>
        e instanceof RemodelError &&
        /^importing app\.models with \/usr\/bin\/python3 failed: ModuleNotFoundError: No module named 'no_such_module_of_remodel' \(at app\/models\.py:1\)$/.test(
          e.message,
        ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the runtime oracle compares a package that prints while it is imported", async () => {
  const models =
    'from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nprint("loading the models")\nBase = declarative_base()\n\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n';
  assert.deepEqual(await oracleAfterEdit(models, "Integer, primary_key", "Integer, primary_key"), []);
});

/**
 * Two sub-projects each with their own `common/models.py`, the index holding orders' first: the
 * oracle of a change to stock's imports stock's, its own source root first on sys.path, as
 * stock's code runs. From the project's roots in their order CPython finds orders' `common`
 * and sees nothing of the change.
 */
test("the runtime oracle imports the changed sub-project's own package where another has one of the same name", async () => {
  const models = (table: string) =>
    `from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass T(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n    name = Column(String(20))\n`;
  const stock = models("shelf");
  const dir = project({
    "orders/pyproject.toml": '[project]\nname = "orders"\n',
    "orders/src/common/__init__.py": "",
    "orders/src/common/models.py": models("customer"),
    "stock/pyproject.toml": '[project]\nname = "stock"\n',
    "stock/src/common/__init__.py": "",
    "stock/src/common/models.py": stock,
  });
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    assert.equal(p.modules.get("common.models")?.file?.path, "orders/src/common/models.py");
    const plan = emptyPlan();
    const at = stock.indexOf("String(20)");
    addEdit(plan, "stock/src/common/models.py", replacement(at, at + "String(20)".length, "String(30)"));
    const overlay = applyPlanInMemory(plan, p.readText);
    const own = compareOracle("/usr/bin/python3", p, overlay, "common.models", "stock/src");
    assert.deepEqual(own.differences, [
      'sqlalchemy.tables.shelf.columns.name.repr.type: "String(length=20)" != "String(length=30)"',
      "sqlalchemy.tables.shelf.columns.name.type.length: 20 != 30",
    ]);
    // Without the root: orders' common.models, blind to the change.
    assert.deepEqual(compareOracle("/usr/bin/python3", p, overlay, "common.models").differences, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the runtime oracle ignores values computed at import time, and still sees a real change next to them", async () => {
  const models =
    'import uuid\nfrom datetime import datetime\n\nfrom sqlalchemy import Column, DateTime, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n    made = Column(DateTime, default=datetime.now())\n    token = Column(String(32), default=uuid.uuid4().hex)\n    name = Column(String(20))\n';
  const dir = project({ "app/__init__.py": "", "app/models.py": models });
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    const same = compareOracle("/usr/bin/python3", p, applyPlanInMemory(emptyPlan(), p.readText), "app.models");
    assert.deepEqual(same.differences, []);
    assert.equal(same.ok, true);
    const plan = emptyPlan();
    const at = models.indexOf("String(20)");
    addEdit(plan, "app/models.py", replacement(at, at + "String(20)".length, "String(30)"));
    const changed = compareOracle("/usr/bin/python3", p, applyPlanInMemory(plan, p.readText), "app.models");
    assert.deepEqual(changed.differences, [
      'sqlalchemy.tables.t.columns.name.repr.type: "String(length=20)" != "String(length=30)"',
      "sqlalchemy.tables.t.columns.name.type.length: 20 != 30",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The oracle's differences after replacing `from` by `to` in app/models.py (one module, one MetaData or more). */
async function oracleAfterEdit(models: string, from: string, to: string): Promise<string[]> {
  const dir = project({ "app/__init__.py": "", "app/models.py": models });
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    const plan = emptyPlan();
    const at = models.indexOf(from);
    assert.ok(at >= 0, from);
    addEdit(plan, "app/models.py", replacement(at, at + from.length, to));
    return compareOracle("/usr/bin/python3", p, applyPlanInMemory(plan, p.readText), "app.models").differences;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TWO_MODELS =
  'from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer\nfrom sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\nOther = declarative_base()\n\n\nclass User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n\n\nclass Post(Base):\n    __tablename__ = "posts"\n    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)\n    id = Column(Integer, primary_key=True)\n    qty = Column(Integer)\n    user_id = Column(ForeignKey("users.id"))\n    user = relationship("User", backref="posts")\n';

test("the runtime oracle reports a lost relationship, on both of its ends", async () => {
  assert.deepEqual(await oracleAfterEdit(TWO_MODELS, '    user = relationship("User", backref="posts")\n', ""), [
    'sqlalchemy.mappers.Post.attrs: ["id","qty","user","user_id"] != ["id","qty","user_id"]',
    "sqlalchemy.mappers.Post.relationships.user: only before",
    'sqlalchemy.mappers.User.attrs: ["id","posts"] != ["id"]',
    "sqlalchemy.mappers.User.relationships.posts: only before",
  ]);
});

test("the runtime oracle reports a changed CHECK and a table moved to another MetaData", async () => {
  // Both are seen by the schema dump's walk the oracle now shares; a summary of constraint names
  // and of tables by name alone saw neither.
  assert.deepEqual(await oracleAfterEdit(TWO_MODELS, '"qty > 0"', '"qty >= 0"'), [
    'sqlalchemy.tables.posts.checkConstraints: [{"expression":"qty > 0","name":"qty_positive"}] != [{"expression":"qty >= 0","name":"qty_positive"}]',
  ]);
  const moved = TWO_MODELS.replace("class User(Base)", "class User(Other)")
    .replace('ForeignKey("users.id")', "ForeignKey(User.id)")
    .replace('relationship("User"', "relationship(User"); // a name resolves in its own registry only
  assert.deepEqual(await oracleAfterEdit(moved, "class User(Other)", "class User(Base)"), [
    'sqlalchemy.tables.posts.metadataTables: ["posts"] != ["posts","users"]',
    'sqlalchemy.tables.users.metadataTables: ["users"] != ["posts","users"]',
  ]);
});

test("the runtime oracle reports a changed value of a Python enum a column is typed by", async () => {
  // The database labels are the member names: only the enum's entry in the dump shows the value.
  const models =
    'import enum\n\nfrom sqlalchemy import Column, Enum, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Kind(enum.Enum):\n    big = 1\n\n\nclass T(Base):\n    __tablename__ = "t"\n    id = Column(Integer, primary_key=True)\n    kind = Column(Enum(Kind))\n';
  assert.deepEqual(await oracleAfterEdit(models, "big = 1", "big = 2"), [
    'sqlalchemy.tables.t.columns.kind.repr.enum.values: ["1"] != ["2"]',
  ]);
});

test("the split names the model classes whose schema the static reader could not compare", async () => {
  const head =
    "from sqlalchemy import Column, ForeignKey, Integer, String, Table\nfrom sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n";
  const classes =
    '\n\nclass User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n\n\nclass Post(Base):\n    __tablename__ = "posts"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(ForeignKey("users.id"))\n    user = relationship("User")\n';
  const made =
    '\nAUDIT = {n: Table(n, Base.metadata, Column("id", Integer, primary_key=True)) for n in ("audit_entries", "audit_notes")}\n\n\nclass AuditEntry(Base):\n    __table__ = AUDIT["audit_entries"]\n';
  for (const [models, note] of [
    [head + made + classes, /^schema: could not compare AuditEntry \(no columns read\); check them with --python$/m],
    [head + classes, null],
  ] as const) {
    const dir = project({ "app/__init__.py": "", "app/models.py": models });
    try {
      const io = capture(dir);
      assert.equal(
        await main(["split", "app/models.py", "--root", dir, "--no-cache", "--dry-run"], io),
        0,
        io.stdout() + io.stderr(),
      );
      if (note) assert.match(io.stdout(), note);
      else assert.doesNotMatch(io.stdout(), /could not compare/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("a file that does not parse is refused", async () => {
  const dir = project({ "app/__init__.py": "", "app/models.py": "class A(:\n    pass\n" });
  try {
    const io = capture(dir);
    await assert.rejects(async () => {
      const code = await main(["plan", "split", "app/models.py", "--root", dir, "--no-cache"], io);
      if (code !== 0) throw new Error(io.stderr());
    }, /syntax error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a class name another module also maps with the same base is reported (string references resolve by name)", async () => {
  const base =
    "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n";
  const models =
    'from sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import relationship\n\nfrom .db import Base\n\n\nclass User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n\n\nclass Post(Base):\n    __tablename__ = "posts"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(ForeignKey(User.id))\n    user = relationship(User)\n';
  const legacy =
    'from sqlalchemy import Column, Integer\n\nfrom .db import Base\n\n\nclass User(Base):\n    __tablename__ = "legacy_users"\n    id = Column(Integer, primary_key=True)\n';
  const dir = project({
    "app/__init__.py": "",
    "app/db.py": base,
    "app/models.py": models,
    "app/legacy.py": legacy,
    "split.toml": '[split]\nfile = "app/models.py"\n[modules]\nuser = ["User"]\npost = ["Post"]\n',
  });
  try {
    const io = capture(dir);
    assert.equal(
      await main(
        ["split", "app/models.py", "--root", dir, "--no-cache", "--plan", join(dir, "split.toml"), "--dry-run"],
        io,
      ),
      1,
      io.stderr(),
    );
    assert.match(
      io.stdout(),
      /warning: SQLAlchemy class name User is also used by app\/legacy\.py:6 with the same base/,
    );
    // The string the split must write resolves to two classes: the dry run says the schema would
    // change, and exits 1 as the real run (which refuses to write it) would.
    assert.match(io.stdout(), /RM009 schema changed: changed relationship posts\.user/);
    assert.match(io.stdout(), /user = relationship\("User"\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("late imports: a block that only imports (an optional import's try) is no code, a try that computes is", async () => {
  const optional =
    "try:\n    import ujson as json\nexcept ImportError:  # the standard one\n    import json\n\nfrom app.a import x\n\n\ndef f():\n    return x, json\n\n\nfrom app.b import y\n";
  const computing =
    "try:\n    VERSION = open('v').read()\nexcept OSError:\n    VERSION = None\n\nfrom app.a import x\n";
  for (const [text, late] of [
    [optional, ["app.b"]],
    [computing, ["app.a"]],
  ] as const) {
    const dir = project({ "app/__init__.py": "", "app/a.py": "x = 1\n", "app/b.py": "y = 1\n", "app/models.py": text });
    try {
      const index = await loadProject(dir, { noCache: true, exactRoot: true });
      const m = buildSplitModel(text, index.files.get("app/models.py")!.facts);
      assert.deepEqual(
        [...lateStatements(m).keys()].map((imp) => imp.module),
        late,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
