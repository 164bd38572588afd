import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/command.js";
import { FIXTURES, PYTHON } from "./helpers.js";

/** `db check-migrations` on migrations as real projects write them. */

const run = async (...argv: string[]) => {
  const o = { out: "", err: "" };
  const io: Io = { isTTY: false, cwd: process.cwd(), out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  return { code: await main(["db", ...argv], io), ...o };
};
const EMPTY = join(FIXTURES, "tools/empty-schema.json");

function sqlMigrations(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-migrations-"));
  mkdirSync(join(root, "sql"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "sql", name), text);
  return root;
}

test("check-migrations: PGlite's bundled extensions are loaded when a migration creates them", async () => {
  const root = sqlMigrations({
    "1_extensions.sql": 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n',
    "2_tables.sql":
      "CREATE TABLE tokens (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), secret text DEFAULT encode(gen_random_bytes(8), 'hex'));\n",
  });
  try {
    const r = await run("check-migrations", root, "--migrations", "sql", "--schema", EMPTY, "--json");
    assert.equal(r.code, 1, r.err);
    // The table was built (its defaults call the extensions' functions): it is the one finding.
    assert.deepEqual(
      JSON.parse(r.out).drift.map((d: { code: string; subject: string }) => `${d.code} ${d.subject}`),
      ["DB002 tokens"],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("check-migrations: an extension PGlite does not bundle (vector) is named with the migration's file and line, exit 2", async () => {
  const root = sqlMigrations({
    "1_a.sql": "CREATE TABLE a (id int);\n",
    "2_vectors.sql": "-- embeddings\n\nCREATE EXTENSION IF NOT EXISTS vector;\nCREATE TABLE e (v vector(3));\n",
  });
  try {
    const r = await run("check-migrations", root, "--migrations", "sql", "--schema", EMPTY);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(
      r.err,
      /sql\/2_vectors\.sql:3: the migrations create extension "vector", which PGlite does not bundle \(bundled: .*uuid-ossp/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Seed 002's Alembic project with one more revision. */
function orchestratorWith(revision: string): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-alembic-"));
  cpSync(join(FIXTURES, "orchestrator"), root, { recursive: true });
  writeFileSync(join(root, "migrations/versions/003_extra.py"), revision);
  return root;
}

const HEAD =
  'from alembic import op\n\nrevision = "003"\ndown_revision = "002"\nbranch_labels = None\ndepends_on = None\n\n';

test("check-migrations: a migration that prints to stdout does not corrupt the SQL (read from a file)", async () => {
  const root = orchestratorWith(
    `${HEAD}print("upgrading the chat tables...")\n\n\ndef upgrade():\n    print("SELECT broken FROM nowhere")\n    op.execute("COMMENT ON TABLE projects IS 'what we build'")\n\n\ndef downgrade():\n    pass\n`,
  );
  try {
    const r = await run("check-migrations", root, "--python", PYTHON, "--json", "--no-cache");
    // The printed lines never reach PostgreSQL; the comment the revision adds does (and is not in the models).
    assert.notEqual(r.code, 2, r.err);
    assert.doesNotMatch(r.err, /nowhere|syntax/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("check-migrations: a Python error in a migration names its file and line, one line, exit 2", async () => {
  const root = orchestratorWith(
    `${HEAD}\ndef upgrade():\n    op.add_column("projects", sa.Column("x", sa.Integer()))\n\n\ndef downgrade():\n    pass\n`,
  );
  try {
    const r = await run("check-migrations", root, "--python", PYTHON, "--no-cache");
    assert.equal(r.code, 2, r.out);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err, /migrations\/versions\/003_extra\.py:10: NameError: name 'sa' is not defined/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("check-migrations: a data migration offline mode cannot run is reported as skipped, by file and line; the rest is checked", async () => {
  const root = orchestratorWith(
    `${HEAD}import sqlalchemy as sa\n\n\ndef upgrade():\n    conn = op.get_bind()\n    for row in conn.execute(sa.text("SELECT id FROM projects")):\n        conn.execute(sa.text("UPDATE projects SET name = name"))\n\n\ndef downgrade():\n    pass\n`,
  );
  try {
    const r = await run("check-migrations", root, "--python", PYTHON, "--no-cache");
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.err,
      /^migrations\/versions\/003_extra\.py:13: skipped: a data migration offline mode cannot run \(TypeError: 'NoneType' object is not iterable\)$/m,
    );
    assert.match(r.out, /✔ no drift/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("check-migrations: with `version_locations`, an unbundled extension is named in the revision folder the config names", async () => {
  const root = orchestratorWith(
    `${HEAD}\ndef upgrade():\n    op.execute("CREATE EXTENSION IF NOT EXISTS vector")\n\n\ndef downgrade():\n    pass\n`,
  );
  try {
    // The revisions move out of versions/ into a folder only alembic.ini names.
    renameSync(join(root, "migrations/versions"), join(root, "migrations/revisions"));
    const ini = join(root, "alembic.ini");
    writeFileSync(
      ini,
      readFileSync(ini, "utf8").replace(
        "script_location = migrations\n",
        "script_location = migrations\nversion_locations = %(here)s/migrations/revisions\n",
      ),
    );
    const r = await run("check-migrations", root, "--python", PYTHON, "--no-cache");
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /: migrations\/revisions\/003_extra\.py:10: the migrations create extension "vector"/, r.err);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
