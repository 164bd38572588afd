import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, describe, test } from "node:test";

import { handMove, literalAll, pythonFiles } from "./hand-move.js";
import { DEMO_ROOT, copyDemo, pythonJson, runPython } from "./python.js";

const MODELS = join(DEMO_ROOT, "src", "kestrel", "models");
const read = (p: string): string => readFileSync(p, "utf8");
const modelNames = readdirSync(MODELS)
  .filter((f) => f.endsWith(".py") && f !== "__init__.py" && f !== "base.py")
  .map((f) => f.slice(0, -3))
  .sort();
const modelText = new Map(modelNames.map((n) => [n, read(join(MODELS, `${n}.py`))]));
const allPy = pythonFiles(DEMO_ROOT).map((p) => ({ rel: relative(DEMO_ROOT, p), text: read(p) }));
const outsideModels = allPy.filter((f) => !f.rel.startsWith("src/kestrel/models/"));

const copies: string[] = [];
after(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the example's own unittest suite in `dir`; returns the run and the test count. */
function unittestSuite(dir: string): { ok: boolean; ran: number; output: string } {
  const r = runPython(dir, ["-m", "unittest", "discover", "-s", "tests", "-t", "."]);
  const ran = Number(/Ran (\d+) tests?/.exec(r.stderr)?.[1] ?? 0);
  return { ok: r.status === 0 && /\nOK\b/.test(r.stderr), ran, output: r.stderr };
}

describe("demo backend runs on SQLAlchemy 1.4", () => {
  test("every module imports, mappers configure, all tables create in SQLite", () => {
    const result = pythonJson<{ modules: string[]; tables: string[] }>(
      DEMO_ROOT,
      `
import importlib, json, pkgutil
import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers
import kestrel
modules = ["kestrel"] + [m.name for m in pkgutil.walk_packages(kestrel.__path__, "kestrel.")]
for name in modules:
    importlib.import_module(name)
configure_mappers()
from kestrel.models import metadata
engine = sa.create_engine("sqlite://")
metadata.create_all(engine)
print(json.dumps({"modules": modules, "tables": sorted(sa.inspect(engine).get_table_names())}))
`,
    );
    const expectedModules = allPy
      .filter((f) => f.rel.startsWith("src/"))
      .map((f) =>
        f.rel
          .slice(4, -3)
          .replace(/\/__init__$/, "")
          .split("/")
          .join("."),
      )
      .sort();
    assert.deepEqual([...result.modules].sort(), expectedModules);
    // Every table the sources declare (classes and imperative Tables) exists in the database.
    const declared = new Set<string>();
    for (const text of modelText.values()) {
      for (const m of text.matchAll(/__tablename__ = "(\w+)"|sa\.Table\(\s*"(\w+)"/g)) declared.add(m[1] ?? m[2]);
    }
    assert.deepEqual(result.tables, [...declared].sort());
    assert.ok(result.tables.length >= 15);
  });

  test("the example's own unittest suite passes", () => {
    const run = unittestSuite(DEMO_ROOT);
    assert.ok(run.ok, run.output);
    assert.ok(run.ran >= 15, `only ${run.ran} tests ran`);
  });

  test("Alembic has one head through a merge, and upgrading it gives exactly the models' schema", () => {
    const dir = copyDemo();
    copies.push(dir);
    const r = pythonJson<{ heads: string[]; merges: string[]; revisions: number; diff: string[] }>(
      dir,
      `
import json, os
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
import sqlalchemy as sa
url = "sqlite:///" + os.path.join(os.getcwd(), "upgraded.db")
os.environ["KESTREL_DATABASE_URL"] = url
cfg = Config("alembic.ini")
script = ScriptDirectory.from_config(cfg)
revs = list(script.walk_revisions())
command.upgrade(cfg, "head")
from kestrel.models import metadata
with sa.create_engine(url).connect() as conn:
    diff = compare_metadata(MigrationContext.configure(conn), metadata)
print(json.dumps({"heads": list(script.get_heads()), "merges": [r.revision for r in revs if r.is_merge_point],
                  "revisions": len(revs), "diff": [repr(d) for d in diff]}))
`,
    );
    assert.equal(r.heads.length, 1);
    assert.equal(r.merges.length, 1);
    assert.ok(r.revisions >= 3 && r.revisions <= 5);
    assert.deepEqual(r.diff, []);
  });

  test("a function-local cross-model import is load-bearing: hoisting it breaks the import", () => {
    const dir = copyDemo();
    copies.push(dir);
    const group = join(dir, "src", "kestrel", "models", "group.py");
    const text = read(group);
    const local = /^( +)from \.user import find_user\n/m.exec(text);
    assert.ok(local, "group.py keeps `from .user import find_user` inside a function");
    const hoisted = text
      .replace(local[0], "")
      .replace("\nif TYPE_CHECKING:", "\nfrom .user import find_user\n\nif TYPE_CHECKING:");
    assert.notEqual(hoisted, text);
    writeFileSync(group, hoisted);
    const r = runPython(dir, ["-c", "import kestrel.models"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ImportError: cannot import name .* partially initialized module/);
  });
});

describe("the move pitfalls are real: the suite tells a complete move from an incomplete one", () => {
  const userAll = literalAll(modelText.get("user")!)!;
  const sessionAll = literalAll(modelText.get("session")!)!;
  const policyAll = literalAll(modelText.get("resource_policy")!)!;

  test("re-exporting only user's __all__ loses PasswordInfo (imported into user.py from auth)", () => {
    const dir = copyDemo();
    copies.push(dir);
    handMove(dir, "user", { exports: userAll, rewriteStrings: true });
    const run = unittestSuite(dir);
    assert.equal(run.ok, false);
    assert.match(run.output, /cannot import name 'PasswordInfo' from 'kestrel\.models\.user'/);
  });

  test("a mock.patch target left on the package no longer reaches the code in row.py", () => {
    const dir = copyDemo();
    copies.push(dir);
    handMove(dir, "user", { exports: [...userAll, "PasswordInfo", "hash_password"], rewriteStrings: false });
    const run = unittestSuite(dir);
    assert.equal(run.ok, false);
    assert.match(run.output, /FAIL: test_hash_password_is_patched_where_models_user_reads_it/);
  });

  test("a name used by importers but missing from __all__ (SessionResult) must be exported", () => {
    const dir = copyDemo();
    copies.push(dir);
    handMove(dir, "session", { exports: sessionAll, rewriteStrings: true });
    const run = unittestSuite(dir);
    assert.equal(run.ok, false);
    assert.match(run.output, /cannot import name 'SessionResult'/);
  });

  test("a module-qualified relationship string must follow the class into row.py", () => {
    const dir = copyDemo();
    copies.push(dir);
    handMove(dir, "resource_policy", { exports: policyAll, rewriteStrings: false });
    const stale = unittestSuite(dir);
    assert.equal(stale.ok, false);
    assert.match(stale.output, /'kestrel\.models\.resource_policy\.ProjectResourcePolicyRow' failed to locate/);
  });

  test("complete moves of user, session, keypair and resource_policy keep every test passing", () => {
    const dir = copyDemo();
    copies.push(dir);
    handMove(dir, "user", { exports: [...userAll, "PasswordInfo"], rewriteStrings: true });
    handMove(dir, "session", {
      exports: [...sessionAll, "SessionResult", "add_kernel", "find_session", "running_sessions", "now"],
      rewriteStrings: true,
    });
    handMove(dir, "keypair", { exports: literalAll(modelText.get("keypair")!)!, rewriteStrings: true });
    handMove(dir, "resource_policy", { exports: policyAll, rewriteStrings: true });
    const run = unittestSuite(dir);
    assert.ok(run.ok, run.output);
    assert.ok(read(join(dir, "src/kestrel/models/session/row.py")).includes("from ...config import settings"));
  });
});

describe("demo backend carries every pitfall the demo relies on", () => {
  const withAll = modelNames.filter((n) => literalAll(modelText.get(n)!) !== undefined);
  const init = read(join(MODELS, "__init__.py"));

  test("a src layout with at least 12 model modules, some with __all__ and some without", () => {
    assert.ok(modelNames.length >= 12, modelNames.join(","));
    assert.ok(withAll.length >= 3 && withAll.length <= modelNames.length - 3);
  });

  test("pyproject: [tool.remodel] commit-message and ruff isort known-first-party", () => {
    const pyproject = read(join(DEMO_ROOT, "pyproject.toml"));
    assert.match(pyproject, /\[tool\.remodel\][^[]*commit-message = "[^"]*\{name\}[^"]*"/);
    assert.match(pyproject, /\[tool\.ruff\.lint\.isort\][^[]*known-first-party = \[[^\]]*"kestrel"/);
  });

  test("models/__init__ imports submodules and spreads their __all__", () => {
    for (const n of withAll) {
      assert.match(init, new RegExp(`^from \\. import ${n} as (_${n})\\n`, "m"));
      assert.ok(init.includes(`*_${n}.__all__`), n);
    }
  });

  test("relative imports .base and ..config, and from __future__ first in every model module", () => {
    const texts = [...modelText.values()];
    assert.ok(texts.every((t) => /^from \.base import /m.test(t) || /^from \. import metadata/m.test(t)));
    assert.ok(texts.some((t) => /^from \.\.config import /m.test(t)));
    for (const [n, t] of modelText) assert.match(t, /^"""[^]*?"""\n\nfrom __future__ import annotations\n/, n);
  });

  test("function-local self-imports, relative and absolute (seed 000 step 3)", () => {
    const selfImport = (prefix: string) =>
      modelNames.filter((n) =>
        importsIn(modelText.get(n)!).some((i) => i.context === "function" && i.module === `${prefix}${n}`),
      );
    assert.ok(selfImport(".").length >= 1);
    assert.ok(selfImport("kestrel.models.").length >= 1);
  });

  test("function-local and TYPE_CHECKING cross-model imports, and a commented-out one", () => {
    const cross = (context: ImportContext) =>
      modelNames.filter((n) =>
        importsIn(modelText.get(n)!).some(
          (i) => i.context === context && i.module !== `.${n}` && modelNames.includes(i.module.slice(1)),
        ),
      );
    assert.ok(cross("function").length >= 2, `function-local: ${cross("function")}`);
    assert.ok(cross("TYPE_CHECKING").length >= 5, `TYPE_CHECKING: ${cross("TYPE_CHECKING")}`);
    assert.ok([...modelText.values()].some((t) => /^# from \.\w+ import /m.test(t)));
  });

  test("pitfall 2: a name imported into a model module is imported from it elsewhere", () => {
    const user = modelText.get("user")!;
    const imported = /^from \.\.auth\.password import (.*)$/m.exec(user)?.[1].split(", ") ?? [];
    assert.ok(imported.includes("PasswordInfo"));
    assert.doesNotMatch(user, /^(class|def) PasswordInfo\b|^PasswordInfo =/m);
    assert.ok(outsideModels.some((f) => /^from kestrel\.models\.user import .*\bPasswordInfo\b/m.test(f.text)));
  });

  test("a name defined but left out of __all__ is imported by another module", () => {
    const all = literalAll(modelText.get("session")!)!;
    assert.ok(!all.includes("SessionResult") && /^class SessionResult\b/m.test(modelText.get("session")!));
    assert.ok(outsideModels.some((f) => /^from \.\.models\.session import .*\bSessionResult\b/m.test(f.text)));
  });

  test("importers use every style: absolute, relative, aliased, module attribute, dotted, star", () => {
    const some = (re: RegExp) => outsideModels.some((f) => re.test(f.text));
    assert.ok(some(/^from kestrel\.models\.\w+ import \w+/m), "absolute");
    assert.ok(some(/^from \.\.models\.\w+ import /m), "relative");
    assert.ok(some(/^from kestrel\.models\.\w+ import \w+ as \w+$/m), "aliased name");
    const attr = outsideModels.find((f) => /^from kestrel\.models import (\w+) as (\w+)$/m.test(f.text));
    const alias = attr && /^from kestrel\.models import \w+ as (\w+)$/m.exec(attr.text)![1];
    assert.ok(alias && attr.text.includes(`${alias}.`), "module attribute access");
    assert.ok(
      some(/^import kestrel\.models\.(\w+)\n[^]*kestrel\.models\.\1\.\w+/m),
      "import a.b.c then a.b.c.X (pitfall 9)",
    );
    assert.ok(some(/^import kestrel\.models\.\w+ as \w+$/m), "aliased module import");
    const star = outsideModels.find((f) => /^from kestrel\.models\.(\w+) import \*/m.test(f.text))!;
    const starred = /^from kestrel\.models\.(\w+) import \*/m.exec(star.text)![1];
    assert.equal(literalAll(modelText.get(starred)!), undefined, "star import from a module without __all__");
    // Pitfall 7: the star-importer uses a name the module itself imported from elsewhere.
    const reexported = /^from \.\.defs import (\w+)$/m.exec(modelText.get(starred)!)![1];
    assert.match(star.text, new RegExp(`\\b${reexported}\\(`));
  });

  test("tests patch by string: mock.patch, patch.object, monkeypatch.setattr", () => {
    const tests = outsideModels
      .filter((f) => f.rel.startsWith("tests/"))
      .map((f) => f.text)
      .join("\n");
    assert.match(tests, /mock\.patch\("kestrel\.models\.user\.\w+"/);
    assert.match(tests, /mock\.patch\("kestrel\.models\.keypair\.\w+"/);
    assert.match(tests, /patch\.object\(\w+, "\w+"/);
    assert.match(tests, /monkeypatch\.setattr\("kestrel\.models\.session\.now"/);
  });

  test("SQLAlchemy: string relationships with back_populates, FK strings, enums, association and imperative tables", () => {
    const all = [...modelText.values()].join("\n");
    assert.ok((all.match(/relationship\(\s*"\w+", back_populates="\w+"/g) ?? []).length >= 10);
    assert.ok((all.match(/ForeignKey\("\w+\.\w+"/g) ?? []).length >= 10);
    assert.ok((all.match(/sa\.Enum\(\w+, name="\w+"\)/g) ?? []).length >= 8);
    assert.match(all, /relationship\(\s*"kestrel\.models\.\w+\.\w+"/, "module-qualified string (pitfall 12)");
    assert.match(all, /primaryjoin="and_\(/);
    assert.match(all, /secondary=association_\w+/);
    const imperative = modelNames.filter(
      (n) => /^\w+ = sa\.Table\(/m.test(modelText.get(n)!) && !/^class \w+\(.*Base\)/m.test(modelText.get(n)!),
    );
    assert.ok(imperative.length >= 1);
  });

  test("pitfalls 8 and 11: init-order read of the parent, side-effect imports in models and env.py", () => {
    assert.ok([...modelText.values()].some((t) => /^from \. import metadata/m.test(t)));
    assert.match(init, /^from \.base import .*metadata.*\n\n# isort: split\n/m);
    assert.match(init, /^from \. import audit_log {2}# noqa: F401/m);
    const env = read(join(DEMO_ROOT, "migrations", "env.py"));
    assert.match(env, /^import kestrel\.models {2}# noqa: F401/m);
    assert.match(env, /^target_metadata = metadata$/m);
  });
});

type ImportContext = "module" | "function" | "TYPE_CHECKING" | "other";

/** `from X import` lines with the block they sit in, found by indentation (enough for this example). */
function importsIn(text: string): { module: string; context: ImportContext }[] {
  const lines = text.split("\n");
  const out: { module: string; context: ImportContext }[] = [];
  lines.forEach((line, i) => {
    const m = /^( *)from (\S+) import /.exec(line);
    if (!m) return;
    const indent = m[1].length;
    let context: ImportContext = "module";
    for (let j = i - 1; indent > 0 && j >= 0; j--) {
      const head = /^( *)(\S.*)$/.exec(lines[j]);
      if (!head || head[1].length >= indent) continue;
      context = /^(async )?def /.test(head[2])
        ? "function"
        : head[2] === "if TYPE_CHECKING:"
          ? "TYPE_CHECKING"
          : "other";
      break;
    }
    out.push({ module: m[2], context });
  });
  return out;
}
