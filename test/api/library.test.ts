/**
 * The library as users call it: `import ... from "remodel"` (the package's own exports, resolved
 * by Node's self-reference to what `npm pack` ships), one test per kind of unit.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

type Library = typeof import("../../src/index.js");
const PACKAGE = "remodel";
const lib = (await import(PACKAGE)) as Library;

const MODELS = {
  "pyproject.toml": '[project]\nname = "shop"\n',
  "shop/__init__.py": "",
  "shop/models/__init__.py": "",
  "shop/models/base.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
  "shop/models/user.py":
    'import sqlalchemy as sa\n\nfrom .base import Base\n\n\nclass User(Base):\n    __tablename__ = "users"\n    id = sa.Column(sa.Integer, primary_key=True)\n    name = sa.Column(sa.String(50), nullable=False)\n',
  "shop/api.py": "from shop.models.user import User\n\n\ndef names():\n    return [User.name]\n",
};

test("a refactoring runs through the one runner: move a module into a package, verified and written", async () => {
  const root = writeProject(MODELS);
  const project = await lib.loadProject(root, { exactRoot: true, noCache: true });
  const result = await lib.runRefactoring(project, lib.move, {
    src: "shop/models/user.py",
    dest: "shop/models/user/row.py",
    exports: "used",
    keepFacade: false,
    exists: (p: string) => existsSync(join(root, p)),
  });
  assert.equal(result.kind, "executed");
  assert.equal(lib.exitCodeOf(result), 0);
  assert.ok(result.kind === "executed" && result.execution.status === "written" && result.execution.added.length === 0);
  assert.match(readFileSync(join(root, "shop/models/user/__init__.py"), "utf8"), /from \.row import \(\n {4}User,\n\)/);
  assert.match(readFileSync(join(root, "shop/models/user/row.py"), "utf8"), /from \.\.base import Base/);
  // Done once, the same move is "skipped", exit code 0.
  const again = await lib.runRefactoring(await lib.loadProject(root, { exactRoot: true, noCache: true }), lib.move, {
    src: "shop/models/user.py",
    dest: "shop/models/user/row.py",
    exports: "used",
    keepFacade: false,
    exists: (p: string) => existsSync(join(root, p)),
  });
  assert.equal(again.kind, "skipped");
  assert.equal(lib.exitCodeOf(again), 0);
  // Every refactoring is in the registry under its id.
  for (const [id, r] of Object.entries(lib.refactorings)) assert.equal(r.id, id);
});

test("a refactoring that cannot be planned fails with a reason and exit code 2; split plans and dry-runs", async () => {
  const root = writeProject({ ...MODELS, "shop/models/user/__keep__.txt": "" });
  const project = await lib.loadProject(root, { exactRoot: true, noCache: true });
  const failed = await lib.runRefactoring(project, lib.moveToPackage, {
    src: "shop/models/user.py",
    submodule: "row",
    exports: "used",
    exists: (p: string) => existsSync(join(root, p)),
  });
  assert.equal(failed.kind, "failed");
  assert.match(failed.kind === "failed" ? failed.reason : "", /already exists beside/);
  assert.equal(lib.exitCodeOf(failed), 2);
  const proposed = lib.proposeSplit(new lib.Resolver(project), "shop/models/user.py");
  assert.ok(!("error" in proposed));
  // shop/api.py is one function: the planner's plan of it is one module, no split ("skipped"); a
  // plan the caller gives is carried out.
  const oneDomain = await lib.runRefactoring(
    project,
    lib.split,
    { file: "shop/api.py", exists: () => false },
    { dryRun: true },
  );
  assert.equal(oneDomain.kind, "skipped");
  assert.equal(lib.exitCodeOf(oneDomain), 0);
  const plan = { file: "shop/api.py", modules: [{ name: "listing", statements: ["names"] }], unplaced: [] };
  const dry = await lib.runRefactoring(
    project,
    lib.split,
    { file: "shop/api.py", plan, exists: () => false },
    { dryRun: true },
  );
  assert.equal(dry.kind, "executed");
  assert.ok(
    dry.kind === "executed" &&
      dry.execution.status === "dry-run" &&
      dry.execution.diff.includes("shop/api/__init__.py"),
  );
  assert.equal(lib.exitCodeOf(dry), 0);
  // A dry run that finds the change would add a problem exits 1, as the real run would.
  assert.ok(dry.kind === "executed");
  const problem = { path: "shop/api.py", line: 1, column: 1, code: "RM001", message: "cannot resolve shop.gone" };
  assert.equal(lib.exitCodeOf({ ...dry, execution: { ...dry.execution, added: [problem] } }), 1);
});

test("checks come from the registry and run over an index", async () => {
  const root = writeProject({ ...MODELS, "shop/broken.py": "from shop.models.usr import User\n" });
  const problems = lib.runChecks(await lib.loadProject(root, { exactRoot: true, noCache: true }));
  assert.deepEqual(
    problems.map((p) => `${p.path}:${p.code}`),
    ["shop/broken.py:RM001"],
  );
  assert.ok(lib.checks.some((c) => c.code === "RM001" && c.name === "unresolved-import"));
});

test("the schema is extracted statically, documented by every renderer and rendered as DDL by every dialect", async () => {
  const project = await lib.loadProject(writeProject(MODELS), { exactRoot: true, noCache: true });
  const schema = lib.schemaFromProject(project);
  assert.deepEqual(
    schema.tables.map((t) => t.name),
    ["users"],
  );
  assert.ok(lib.canDefineModels(MODELS["shop/models/user.py"]) && !lib.canDefineModels(MODELS["shop/api.py"]));
  assert.deepEqual(lib.extractors.map((e) => e.id).sort(), ["django", "sqlalchemy", "sqlmodel", "tortoise"]);
  const ctx = lib.docsContext(schema, { title: "shop" });
  assert.ok(lib.renderers.markdown.render(ctx).get("README.md")?.includes("users"));
  assert.ok(lib.renderers.html.render(ctx).get("index.html")?.startsWith("<!doctype html>"));
  for (const dialect of Object.keys(lib.dialects) as (keyof typeof lib.dialects)[]) {
    const ddl = lib.renderDdl(schema, dialect);
    assert.match(ddl, /CREATE TABLE users \(/, dialect);
    assert.match(ddl, /name VARCHAR\(50\) NOT NULL/, dialect);
  }
  assert.match(lib.renderDdl(schema, "postgresql"), /id SERIAL NOT NULL/);
  assert.match(lib.renderDdl(schema, "sqlite"), /id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT/);
  assert.deepEqual(lib.diffSchemas(schema, schema).changes, []);
});

test("a live database is compared with the models, models are pulled from it, and an interrupted write is recovered", async () => {
  const project = await lib.loadProject(writeProject(MODELS), { exactRoot: true, noCache: true });
  const schema = lib.schemaFromProject(project);
  // SQLite in memory (sql.js): nothing to install, nothing to start.
  const conn = await lib.connect("sqlite://", { writable: true });
  let db: Awaited<ReturnType<typeof conn.introspect>>;
  try {
    await conn.execute!(
      "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR(50) NOT NULL, email TEXT)",
    );
    db = await conn.introspect();
  } finally {
    await conn.close();
  }
  assert.equal(db.dialect, "sqlite");
  assert.ok(
    lib.DIALECTS.includes(db.dialect) && Object.keys(lib.dialects).sort().join() === [...lib.DIALECTS].sort().join(),
  );
  const drift = lib.diffDatabase(schema, db).drift;
  assert.deepEqual(
    drift.map((d) => `${d.code} ${d.subject}`),
    ["DB013 users.email"],
  );
  const pulled = lib.pullModels(db);
  assert.ok(
    [...pulled.values()].some((text) => /class User\b[\s\S]*__tablename__ = "users"[\s\S]*email/.test(text)),
    [...pulled.keys()].join(", "),
  );
  // Nothing was interrupted here: recovery has nothing to do.
  assert.equal(lib.recoverInterrupted(project.root), "none");
});

test("raw SQL: the execute() sites of a project's files are found and judged", async () => {
  const root = writeProject({
    ...MODELS,
    "shop/store.py":
      'import sqlite3\n\n\ndef user(conn: sqlite3.Connection, uid):\n    return conn.execute("SELECT id, name FROM users WHERE id = ?", (uid,)).fetchone()\n',
  });
  const files = lib
    .loadPythonFiles(root, { projectRoot: root })
    .map((f) => ({ path: f.path, module: f.module, text: "text" in f ? f.text : f.read() }));
  const { sites } = await lib.sqlInventory(files);
  assert.deepEqual(
    sites.map((s) => [s.path, s.line]),
    [["shop/store.py", 5]],
  );
});

test("Alembic environments are found and read statically", () => {
  const root = writeProject({
    "alembic.ini": "[alembic]\nscript_location = migrations\n",
    "migrations/env.py": "from alembic import context\n",
    "migrations/versions/a1.py": 'revision = "a1"\ndown_revision = None\n',
    "migrations/versions/b2.py": 'revision = "b2"\ndown_revision = "a1"\n',
  });
  const [location] = lib.locateVersions(root);
  assert.deepEqual(location.sources, ["alembic.ini", "env.py"]);
  const graph = lib.loadVersionDirs(location.versionDirs, root);
  assert.deepEqual(graph.heads, ["b2"]);
});

test("the library sets no process-wide V8 flag, even when it sorts imports with Ruff", () => {
  const root = writeProject(MODELS);
  const script = `
    import v8 from "node:v8";
    import { syncBuiltinESMExports } from "node:module";
    const flags = [];
    v8.setFlagsFromString = (f) => flags.push(f);
    syncBuiltinESMExports();
    const lib = await import("remodel");
    const project = await lib.loadProject(${JSON.stringify(root)}, { exactRoot: true, noCache: true });
    const r = await lib.runRefactoring(project, lib.move, { src: "shop/models/user.py", dest: "shop/models/user/row.py", exports: "used", keepFacade: false, exists: () => false }, { dryRun: true });
    console.log(JSON.stringify({ kind: r.kind, status: r.execution?.status, flags }));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), { kind: "executed", status: "dry-run", flags: [] });
});
