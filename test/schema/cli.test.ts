import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { captureIo, writeProject } from "./helpers.js";
import { validateSchema } from "./validate.js";

const fixture = join(process.cwd(), "test/fixtures/schema/sqlalchemy14/project");

test("remodel schema --json writes the neutral schema, valid against schema/remodel-schema.json", async () => {
  const io = captureIo(process.cwd());
  assert.equal(await main(["schema", fixture, "--json"], io), 0);
  const s = JSON.parse(io.stdout);
  assert.deepEqual(validateSchema(s), []);
  assert.equal(s.tables.length, 9);
  const users = s.tables.find((t: { name: string }) => t.name === "users");
  assert.deepEqual(users.source, { path: "shop/models/user.py", line: 17 });
  assert.deepEqual(users.columns.find((c: { name: string }) => c.name === "email_address").source, {
    path: "shop/models/user.py",
    line: 29,
  });
});

test("remodel schema prints a summary; --out writes to a file", async () => {
  const io = captureIo(process.cwd());
  assert.equal(await main(["schema", fixture], io), 0);
  assert.match(io.stdout, /^9 table\(s\), 3 enum\(s\) \(sqlalchemy 9\)$/m);
  assert.match(
    io.stdout,
    /^ {2}inventory\.stock_levels +StockLevel +4 columns, pk \(sku, warehouse\), 1 fk, 1 rel {2}shop\/models\/catalog\.py:38$/m,
  );
  const dir = writeProject({});
  const out = join(dir, "s.json");
  assert.equal(await main(["schema", fixture, "--json", "--out", out], captureIo(process.cwd())), 0);
  assert.equal(JSON.parse(readFileSync(out, "utf8")).version, 1);
  const bad = captureIo(process.cwd());
  assert.equal(await main(["schema", join(dir, "missing")], bad), 2);
  assert.match(bad.stderr, /^remodel schema: .*missing: no such directory$/m);
  const fmt = captureIo(process.cwd());
  assert.equal(await main(["schema", fixture, "--format", "xml"], fmt), 2);
  assert.match(fmt.stderr, /unknown --format 'xml'/);
});

test("remodel schema --format tbls writes tbls' schema.json shape", async () => {
  const io = captureIo(process.cwd());
  assert.equal(await main(["schema", fixture, "--format", "tbls"], io), 0);
  const s = JSON.parse(io.stdout);
  assert.equal(s.tables.length, 9);
  for (const t of s.tables) {
    assert.equal(typeof t.name, "string");
    assert.equal(t.type, "BASE TABLE");
    for (const c of t.columns)
      assert.deepEqual([typeof c.name, typeof c.type, typeof c.nullable], ["string", "string", "boolean"]);
    for (const c of t.constraints)
      assert.ok(["PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK"].includes(c.type) && c.def && c.table === t.name);
    for (const i of t.indexes) assert.match(i.def, /^CREATE (UNIQUE )?INDEX /);
  }
  const addr = s.relations.find((r: { table: string }) => r.table === "addresses");
  assert.deepEqual(addr, {
    table: "addresses",
    columns: ["user_id"],
    cardinality: "zero_or_more",
    parent_table: "users",
    parent_columns: ["id"],
    parent_cardinality: "exactly_one",
    def: "FOREIGN KEY (user_id) REFERENCES users(id) ON UPDATE CASCADE ON DELETE CASCADE",
    virtual: false,
  });
  const users = s.tables.find((t: { name: string }) => t.name === "users");
  assert.equal(users.columns.find((c: { name: string }) => c.name === "created_at").type, "timestamp with time zone");
  assert.equal(users.columns.find((c: { name: string }) => c.name === "name").type, "varchar(50)");
});

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
  assert.equal(r.status, 0, r.stderr);
}

test("remodel schema diff REV REV: a move is no change (exit 0), a new column is (exit 1)", async () => {
  const dir = writeProject({
    "pkg/__init__.py": "",
    "pkg/models.py":
      "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass Item(Base):\n    __tablename__ = 'items'\n    id = sa.Column(sa.Integer, primary_key=True)\n",
  });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "one");
  // Refactoring: the module becomes a package re-exporting the model.
  const text = readFileSync(join(dir, "pkg/models.py"), "utf8");
  rmSync(join(dir, "pkg/models.py"));
  writeProject({ "pkg/models/__init__.py": "from .item import Base, Item\n", "pkg/models/item.py": text }, dir);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "two");
  let io = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD~1", "HEAD"], io), 0);
  assert.equal(io.stdout, "schemas are equal\n");
  writeFileSync(join(dir, "pkg/models/item.py"), text + "    label = sa.Column(sa.String(20))\n");
  git(dir, "commit", "-qam", "three");
  io = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD~1", "HEAD", "--json"], io), 1);
  assert.deepEqual(JSON.parse(io.stdout), {
    equal: false,
    changes: [{ table: "items", element: "column", name: "label", kind: "added" }],
  });
  // A schema file against the working tree directory.
  const snap = join(dir, "..", `${dir.split("/").pop()}-snap.json`);
  assert.equal(await main(["schema", dir, "--json", "--out", snap], captureIo(dir)), 0);
  renameSync(join(dir, "pkg/models/item.py"), join(dir, "pkg/models/item2.py"));
  writeFileSync(join(dir, "pkg/models/__init__.py"), "from .item2 import Base, Item\n");
  assert.equal(await main(["schema", "diff", snap, "."], captureIo(dir)), 0);
  io = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD", "no-such-rev"], io), 2);
  assert.match(io.stderr, /remodel schema: git rev-parse/);
  io = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD"], io), 2);
  assert.match(io.stderr, /needs two arguments/);
});

test("schema diff --root reads the same subfolder of each revision", async () => {
  const model = (col: string) =>
    `import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass A(Base):\n    __tablename__ = "a"\n    id = sa.Column(sa.Integer, primary_key=True)\n${col}`;
  const dir = writeProject({
    "backend/app/__init__.py": "",
    "backend/app/models.py": model(""),
    "other/app/__init__.py": "",
    "other/app/models.py": model("").replace('"a"', '"zzz"'),
  });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "one");
  writeFileSync(join(dir, "backend/app/models.py"), model("    b = sa.Column(sa.Text)\n"));
  git(dir, "commit", "-qam", "two");
  const io = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD~1", "HEAD", "--root", "backend", "--json"], io), 1);
  assert.deepEqual(JSON.parse(io.stdout).changes, [{ table: "a", element: "column", name: "b", kind: "added" }]);
  const whole = captureIo(dir);
  assert.equal(await main(["schema", "diff", "HEAD~1", "HEAD"], whole), 1);
  assert.doesNotMatch(whole.stdout, /zzz/);
});

test("schema and docs find the project root as check does: a subfolder's tables with names resolved across the project; no Python files is exit 2; docs stay out of packages", async () => {
  const root = writeProject({
    "pyproject.toml": '[project]\nname = "app"\n',
    "app/__init__.py": "",
    "app/kinds.py": "import enum\nclass Kind(enum.Enum):\n    A = 'a'\n    B = 'b'\n",
    "app/db.py": "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n",
    "app/models/__init__.py": "",
    "app/models/item.py":
      "import sqlalchemy as sa\nfrom app.db import Base\nfrom app.kinds import Kind\nclass Item(Base):\n    __tablename__ = 'items'\n    id = sa.Column(sa.Integer, primary_key=True)\n    kind = sa.Column(sa.Enum(Kind))\n",
    "other/__init__.py": "",
    "other/models.py":
      "import sqlalchemy as sa\nfrom app.db import Base\nclass Other(Base):\n    __tablename__ = 'others'\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    "empty/readme.txt": "no python here",
  });
  for (const args of [
    ["schema", join(root, "app/models"), "--json"],
    ["schema", root, "--only", join(root, "app/models"), "--json"],
  ]) {
    const io = captureIo(join(root, "app"));
    assert.equal(await main(args, io), 0, io.stderr);
    const s = JSON.parse(io.stdout);
    assert.deepEqual(
      s.tables.map((t: { name: string }) => t.name),
      ["items"],
    );
    assert.deepEqual(s.tables[0].source, { path: "app/models/item.py", line: 4 });
    assert.deepEqual(
      s.enums.map((e: { name: string; values: string[] }) => [e.name, e.values]),
      [["Kind", ["a", "b"]]],
      "the enum outside the folder is read",
    );
  }
  const empty = captureIo(root);
  assert.equal(await main(["schema", join(root, "empty")], empty), 2);
  assert.match(empty.stderr, /^remodel schema: warning: no Python files found under empty$/m);
  const docs = captureIo(join(root, "app/models"));
  assert.equal(await main(["docs", ".", "--json"], docs), 0, docs.stderr);
  assert.equal(
    JSON.parse(docs.stdout).out,
    join(root, "docs/schema"),
    "written at the project root, not inside the package",
  );
  const inside = captureIo(root);
  assert.equal(await main(["docs", ".", "--out", "app/models/docs"], inside), 2);
  assert.match(inside.stderr, /inside the Python package app; write the docs outside it/);
  const none = captureIo(root);
  assert.equal(await main(["docs", join(root, "empty"), "--out", join(root, "d")], none), 2);
  assert.match(none.stderr, /^remodel docs: warning: no Python files found under empty$/m);
});

test("remodel schema keeps what it learnt of each file in .remodel_cache: a second run says the same, a changed file is read again, --no-cache writes nothing", async () => {
  const model = (col: string) =>
    `import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass User(Base):\n    __tablename__ = "users"\n    id = sa.Column(sa.Integer, primary_key=True)\n    ${col} = sa.Column(sa.String(20))\n`;
  const dir = writeProject({
    "pyproject.toml": "",
    "app/__init__.py": "",
    "app/models.py": model("name"),
    "app/broken.py": "from sqlalchemy import Column\nx = Column(1)\nclass X(:\n",
  });
  const run = async (...extra: string[]) => {
    const io = captureIo(dir);
    const code = await main(["schema", dir, "--json", ...extra], io);
    return { code, schema: JSON.parse(io.stdout), stderr: io.stderr };
  };
  const first = await run();
  assert.ok(existsSync(join(dir, ".remodel_cache", "orm-summaries-v2.bin")));
  const second = await run();
  assert.deepEqual(second, first, "same schema, same RM100 warning, same exit code from the cache");
  assert.equal(first.code, 1);
  assert.match(first.stderr, /^app\/broken\.py:3:\d+: RM100 /m);
  writeFileSync(join(dir, "app/models.py"), model("full_name"));
  const changed = await run();
  assert.deepEqual(
    changed.schema.tables[0].columns.map((c: { name: string }) => c.name),
    ["id", "full_name"],
  );
  // Files older than the racy window are known by size and mtime, as git's index knows them: one
  // that kept both is not read again, one whose mtime moved is.
  const models = join(dir, "app/models.py");
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(models, old, old);
  await run();
  writeFileSync(models, model("nick_name"));
  utimesSync(models, old, old);
  assert.deepEqual(
    (await run()).schema.tables[0].columns.map((c: { name: string }) => c.name),
    ["id", "full_name"],
    "same size and mtime: not read",
  );
  const later = new Date(Date.now() - 1_800_000);
  utimesSync(models, later, later);
  assert.deepEqual(
    (await run()).schema.tables[0].columns.map((c: { name: string }) => c.name),
    ["id", "nick_name"],
  );
  const fresh = writeProject({ "pyproject.toml": "", "app/__init__.py": "", "app/models.py": model("name") });
  assert.equal(await main(["schema", fresh, "--json", "--no-cache"], captureIo(fresh)), 0);
  assert.ok(!existsSync(join(fresh, ".remodel_cache")));
});
