/** Where `db diff --migrations` and `schema --from-migrations` find a project's migrations. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { findMigrations } from "../../src/db/migrations.js";
import { writeProject } from "../support/write-project.js";

const ENV = "from alembic import context\n";
const REVISION = 'revision = "1"\ndown_revision = None\n';

test("an Alembic environment deep in the tree is found as `remodel alembic` finds it", () => {
  const root = writeProject({
    "services/billing/db/env.py": ENV,
    "services/billing/db/versions/0001_init.py": REVISION,
    "services/billing/app.py": "",
  });
  assert.deepEqual(findMigrations(root), {
    kind: "alembic",
    ini: null,
    scriptLocation: join(root, "services/billing/db"),
  });
});

test("an environment declared by a config file elsewhere keeps that file as its ini", () => {
  const root = writeProject({
    "configs/manager/alembic.ini": "[alembic]\nscript_location = ../../src/manager/models/alembic\n",
    "src/manager/models/alembic/env.py": ENV,
    "src/manager/models/alembic/versions/0001_init.py": REVISION,
  });
  assert.deepEqual(findMigrations(root), {
    kind: "alembic",
    ini: join(root, "configs/manager/alembic.ini"),
    scriptLocation: join(root, "src/manager/models/alembic"),
  });
});

test("several environments are named, not guessed between", () => {
  const root = writeProject({
    "a/db/env.py": ENV,
    "a/db/versions/0001.py": REVISION,
    "b/db/env.py": ENV,
    "b/db/versions/0001.py": REVISION,
  });
  assert.throws(
    () => findMigrations(root),
    /several Alembic environments in .* \(a\/db, b\/db\); pass --migrations DIR/,
  );
});

test("the usual places still come first: alembic.ini at the root, migrations/ of .sql files", () => {
  const ini = writeProject({ "alembic.ini": "[alembic]\nscript_location = db\n", "db/env.py": ENV });
  assert.deepEqual(findMigrations(ini), { kind: "alembic", ini: join(ini, "alembic.ini"), scriptLocation: "" });
  const sql = writeProject({ "migrations/002_b.sql": "", "migrations/001_a.sql": "" });
  assert.deepEqual(findMigrations(sql), {
    kind: "sql",
    dir: join(sql, "migrations"),
    files: ["001_a.sql", "002_b.sql"],
  });
  assert.throws(() => findMigrations(writeProject({ "app.py": "" })), /no migrations found/);
});
