/**
 * The split plan accounts for every top-level statement: each is placed in exactly one module or
 * listed as unplaced with its reason, statements tied to an unplaced one included. `locals()` and
 * `vars()` in a function or class body are that body's namespace and leave nothing unplaced.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { buildSplitModel } from "../../src/refactor/split/model.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import type { SplitPlan } from "../../src/refactor/split/plan-split.js";
import { capture, project } from "./support.js";

async function planOf(models: string): Promise<{ plan: SplitPlan; labels: string[]; dir: string }> {
  const dir = project({ "app/__init__.py": "", "app/models.py": models });
  const index = await loadProject(dir, { noCache: true, exactRoot: true });
  const plan = proposeSplit(new Resolver(index), "app/models.py");
  assert.ok(!("error" in plan), JSON.stringify(plan));
  const m = buildSplitModel(readFileSync(join(dir, "app/models.py"), "utf8"), index.files.get("app/models.py")!.facts);
  return { plan, labels: m.statements.filter((s) => m.roles[s.index] !== "header").map((s) => s.label), dir };
}

function accountsForAll(plan: SplitPlan, labels: string[]): void {
  const seen = [...plan.modules.flatMap((m) => m.statements), ...plan.unplaced.map((u) => u.statement)];
  assert.deepEqual([...seen].sort(), [...labels].sort(), "every statement placed once or listed as unplaced");
}

const HEAD =
  "from sqlalchemy import Column, ForeignKey, Index, Integer, String, event\nfrom sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n\n\n";

test("statements tied to an unplaced class are listed with it, and the rest is all placed", async () => {
  const models =
    `"""Doc."""\nimport logging\nimport sys\n\n${HEAD.trimEnd()}\n\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n\nlog = logging.getLogger(__name__)\n\n\n` +
    "def _slug(v):\n    return v.lower()\n\n\n" +
    'class Registry(Base):\n    __tablename__ = "registry"\n    id = Column(Integer, primary_key=True)\n\n    @classmethod\n    def lookup(cls, name):\n        return globals()[name]\n\n\n' +
    'Registry.extra = Column(String)\nIndex("ix_registry_id", Registry.id)\n\n\n' +
    '@event.listens_for(Registry, "before_insert")\ndef _before(mapper, conn, target):\n    target.id = _registry_helper(target.id)\n\n\n' +
    "def _registry_helper(x):\n    return x\n\n\n" +
    'class User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n    name = Column(String)\n\n    def slug(self):\n        return _slug(self.name)\n\n\n' +
    'class Order(Base):\n    __tablename__ = "orders"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(ForeignKey("users.id"))\n    user = relationship("User")\n\n\n' +
    'log.debug("models loaded")\nif sys.version_info >= (3, 8):\n    COMPAT = True\nelse:\n    COMPAT = False\n';
  const { plan, labels, dir } = await planOf(models);
  accountsForAll(plan, labels);
  // split refuses in one line that names the reason to act on and how to decide, and writes nothing.
  const before = readFileSync(join(dir, "app/models.py"), "utf8");
  const io = capture(dir);
  assert.equal(await main(["split", "app/models.py", "--root", dir, "--no-cache"], io), 2);
  assert.equal(io.stderr().trim().split("\n").length, 1, io.stderr());
  assert.match(io.stderr(), /unplaced \("Registry", .*\): "Registry" reads or writes the module's own namespace/);
  assert.match(io.stderr(), /plan split FILE --out split\.toml.*--plan/);
  assert.equal(readFileSync(join(dir, "app/models.py"), "utf8"), before);
  assert.deepEqual(Object.fromEntries(plan.unplaced.map((u) => [u.statement, u.reason.split(";")[0]])), {
    Registry: "reads or writes the module's own namespace (globals(), sys.modules[__name__])",
    "Registry.extra = Column(String)": "tied to Registry, which is unplaced",
    'Index("ix_registry_id", Registry.id)': "tied to Registry, which is unplaced",
    _before: "tied to Registry, which is unplaced",
    _registry_helper: "tied to _before, which is unplaced",
  });
  const placed = plan.modules.flatMap((m) => m.statements);
  for (const l of ["Base", "log", "json", "User", "Order", "COMPAT", 'log.debug("models loaded")'])
    assert.ok(placed.includes(l), `${l} is placed`);
});

test("locals() and vars() in a method are its own namespace; at module level they are the module's", async () => {
  const inBodies =
    HEAD +
    'class A(Base):\n    __tablename__ = "a"\n    id = Column(Integer, primary_key=True)\n    snapshot = dict(locals())\n\n    def f(self):\n        x = 1\n        return vars(), locals(), vars(self)\n\n\n' +
    'class B(Base):\n    __tablename__ = "b"\n    id = Column(Integer, primary_key=True)\n    key = (lambda: locals())()\n';
  const one = await planOf(inBodies);
  assert.deepEqual(one.plan.unplaced, []);
  accountsForAll(one.plan, one.labels);
  const atModule = await planOf(
    HEAD +
      'class A(Base):\n    __tablename__ = "a"\n    id = Column(Integer, primary_key=True)\n\n\nNAMES = sorted(vars())\nLOCALS = locals()\nimport sys\nME = sys.modules[__name__]\n',
  );
  assert.deepEqual(
    atModule.plan.unplaced.map((u) => u.statement),
    ["NAMES", "LOCALS", "ME"],
  );
  accountsForAll(atModule.plan, atModule.labels);
});
