import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/command.js";
import { servePglite } from "../../src/sql/convert/pglite-bridge.js";
import { assertPglitePullsLikeServer, FIXTURES, PYTHON, scratch, type Scratch } from "./helpers.js";

// `db pull --framework django|tortoise` of tables without a primary key. Django 3.2 adds an `id`
// AutoField to a model that declares no primary key, so every query of such a table selects a
// column it does not have; Tortoise does the same. A table with a single NOT NULL unique column
// gets it as the model's primary key; one without is left out, with a warning naming it.

const io = (): Io & { out_: string; err_: string; text: string } => {
  const o = {
    out_: "",
    err_: "",
    isTTY: false,
    cwd: process.cwd(),
    get text() {
      return o.out_ + o.err_;
    },
    out: (t: string) => void (o.out_ += t),
    err: (t: string) => void (o.err_ += t),
  };
  return o;
};

// codes: a UNIQUE constraint and a key to tags; slugs: only a unique index (and no `id`);
// events: a column named id that is not unique (Django's implicit `id` would clash: models.E004);
// labels: a keyed table whose key points at codes' unique column; post_tags: unique only as a
// pair; audit_log: nothing unique.
const SQL = `
CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE);
CREATE TABLE codes (code VARCHAR(40) NOT NULL UNIQUE, tag_id INTEGER, note VARCHAR(100), FOREIGN KEY (tag_id) REFERENCES tags (id));
CREATE TABLE slugs (position INTEGER NOT NULL, slug VARCHAR(40) NOT NULL, label VARCHAR(100));
CREATE UNIQUE INDEX ux_slugs_slug ON slugs (slug);
CREATE TABLE events (id INTEGER, uid VARCHAR(40) NOT NULL, UNIQUE (uid));
CREATE TABLE labels (id INTEGER PRIMARY KEY, code VARCHAR(40), FOREIGN KEY (code) REFERENCES codes (code));
CREATE TABLE post_tags (post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, UNIQUE (post_id, tag_id), FOREIGN KEY (tag_id) REFERENCES tags (id));
CREATE TABLE audit_log (at VARCHAR(30) NOT NULL, tag_id INTEGER, message VARCHAR(200), FOREIGN KEY (tag_id) REFERENCES tags (id));
INSERT INTO tags VALUES (1, 'red');
INSERT INTO codes VALUES ('c1', 1, 'first'), ('c2', NULL, NULL);
INSERT INTO slugs VALUES (2, 'b', 'Bee'), (1, 'a', 'Ay');
INSERT INTO labels VALUES (7, 'c2');
INSERT INTO events VALUES (5, 'e5'), (5, 'e6');
`;

// Django's system checks, then reads through the ORM (a join through the stand-in table's key
// included), and one save() that must change exactly the row it names.
const DJANGO = `
import json, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[3])
from django_setup import configure
configure("app", sys.argv[2])
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
import app.models as m
problems = [f"{p.id}: {p.msg}" for p in checks.run_checks()]
with CaptureQueriesContext(connection) as q:
    codes = [[c.pk, c.tag.name if c.tag else None, c.note] for c in m.Code.objects.select_related("tag").order_by("code")]
    slugs = [[s.pk, s.position, s.label] for s in m.Slug.objects.order_by("position")]
    s = m.Slug.objects.get(pk="a"); s.label = "Aye"; s.save()
    after = list(m.Slug.objects.order_by("slug").values_list("slug", "label"))
    labels = list(m.Label.objects.values_list("id", "code"))
    events = [[e.pk, e.id] for e in m.Event.objects.order_by("uid")]
print(json.dumps({"problems": problems, "codes": codes, "slugs": slugs, "after": after, "labels": labels, "events": events,
                  "models": sorted(x.__name__ for x in m.__dict__.values() if isinstance(x, type) and hasattr(x, "_meta")),
                  "sql": [x["sql"] for x in q.captured_queries]}))
`;

// The tables left out (DB002), the stand-in keys (DB020) and the key to a table without one,
// which is a plain column (DB053): each said once, nothing else.
const DRIFT = [
  "DB002 audit_log",
  "DB002 post_tags",
  "DB020 codes",
  "DB020 events",
  "DB020 slugs",
  "DB053 labels(code)",
];

/**
 * Runs the Django script on the database. psycopg2 speaks only the wire protocol, so PGlite's
 * directory is served on a loopback port for the time of the run; asynchronously, so that this
 * process, which answers for PGlite, is free while Python waits on it.
 */
async function djangoRun(db: Scratch, dir: string): Promise<Record<string, unknown[]>> {
  const run = async (url: string) =>
    JSON.parse(
      (await promisify(execFile)(PYTHON, ["-c", DJANGO, dir, url, join(FIXTURES, "tools")], { encoding: "utf8" }))
        .stdout,
    );
  if (!db.url.startsWith("pglite:")) return run(db.url);
  const served = await servePglite(db.url.slice("pglite:".length));
  try {
    return await run(served.url);
  } finally {
    await served.close();
  }
}

async function drift(url: string, root: string): Promise<string[]> {
  const d = io();
  await main(["db", "diff", "--url", url, root, "--json", "--no-cache"], d);
  return (JSON.parse(d.out_).drift as { code: string; subject: string }[]).map((x) => `${x.code} ${x.subject}`).sort();
}

// PGlite, the default database, is one directory one process opens at a time: the scratch's own
// connection is closed before each command opens it.
for (const engine of ["pglite", "postgresql", "mysql", "sqlite"] as const) {
  test(`db pull on ${engine}: a table without a primary key gets its NOT NULL unique column as the key in Django (checks pass, rows read and save), or is left out with a warning`, async () => {
    const db = await scratch(engine, SQL);
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-standin-"));
    try {
      await db.detach();
      mkdirSync(join(dir, "app"), { recursive: true });
      writeFileSync(join(dir, "app/__init__.py"), "");
      const o = io();
      assert.equal(
        await main(
          [
            "db",
            "pull",
            "--url",
            db.url,
            "--out",
            join(dir, "app/models"),
            "--framework",
            "django",
            "--split-by",
            "none",
            "--json",
          ],
          o,
        ),
        0,
        o.text,
      );
      const warnings = (
        JSON.parse(o.out_).warnings as { table: string; standInKey: string | null; leftOut: boolean }[]
      ).map((w) => [w.table, w.standInKey, w.leftOut]);
      assert.deepEqual(warnings.sort(), [
        ["audit_log", null, true],
        ["codes", "code", false],
        ["events", "uid", false],
        ["post_tags", null, true],
        ["slugs", "slug", false],
      ]);
      assert.match(
        o.err_,
        /warning: table audit_log left out: it has no primary key and no single NOT NULL unique column/,
      );
      assert.match(o.err_, /warning: table post_tags left out/);
      const got = await djangoRun(db, dir);
      assert.deepEqual(got.problems, []);
      assert.deepEqual(got.models, ["Code", "Event", "Label", "Slug", "Tag"]);
      assert.deepEqual(got.events, [
        ["e5", 5],
        ["e6", 5],
      ]);
      assert.deepEqual(got.codes, [
        ["c1", "red", "first"],
        ["c2", null, null],
      ]);
      assert.deepEqual(got.slugs, [
        ["a", 1, "Ay"],
        ["b", 2, "Bee"],
      ]);
      assert.deepEqual(got.after, [
        ["a", "Aye"],
        ["b", "Bee"],
      ]);
      // The key to codes' unique column is a plain column: no relationship points to a table without a primary key.
      assert.deepEqual(got.labels, [[7, "c2"]]);
      // No query names an `id` of a table that has none (Django's implicit AutoField would).
      const sql = (got.sql as string[]).join("\n");
      assert.match(sql, /["`]?codes["`]?\.["`]?code["`]?/);
      assert.doesNotMatch(sql, /["`]?(codes|slugs)["`]?\.["`]?id["`]?/);
      const text =
        readFileSync(join(dir, "app/models/models.py"), "utf8") +
        readFileSync(join(dir, "app/models/__init__.py"), "utf8");
      assert.match(
        text,
        /slug = models\.CharField\(max_length=40, primary_key=True\) {2}# database: the table has no primary key: .*unique (constraint|index) ux_slugs_slug/,
      );
      assert.match(text, /# Not pulled: audit_log: /);
      // What the model says differently is what `db diff` reports: the stand-in keys and the tables left out.
      assert.deepEqual(await drift(db.url, dir), DRIFT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
}

// Tortoise is not installable here: CPython compiles the package, the static extractor reads it
// back, and `db diff` reports exactly what its comments say (the stand-in keys) and the tables left out.
for (const engine of ["pglite", "postgresql", "mysql", "sqlite"] as const) {
  test(`db pull --framework tortoise on ${engine}: the stand-in key is pk=True, a table without one is left out`, async () => {
    const db = await scratch(engine, SQL);
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-standin-"));
    try {
      await db.detach();
      const o = io();
      assert.equal(
        await main(
          [
            "db",
            "pull",
            "--url",
            db.url,
            "--out",
            join(dir, "models"),
            "--framework",
            "tortoise",
            "--split-by",
            "none",
          ],
          o,
        ),
        0,
        o.text,
      );
      execFileSync(PYTHON, ["-m", "py_compile", join(dir, "models/models.py"), join(dir, "models/__init__.py")]);
      const text = readFileSync(join(dir, "models/models.py"), "utf8");
      assert.match(
        text,
        /code = fields\.CharField\(max_length=40, pk=True\) {2}# database: the table has no primary key/,
      );
      assert.match(text, /slug = fields\.CharField\(max_length=40, pk=True\)/);
      assert.doesNotMatch(text, /class (AuditLog|PostTag)\b/);
      assert.match(o.err_, /warning: table audit_log left out/);
      assert.deepEqual(await drift(db.url, dir), DRIFT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
}

// The same DDL on PGlite and on the PostgreSQL server: the same files, the same warnings.
test("db pull of tables without a primary key: PGlite writes and says what the PostgreSQL server does", () =>
  assertPglitePullsLikeServer(SQL, [
    ["--framework", "django", "--json"],
    ["--framework", "tortoise"],
    ["--framework", "sqlmodel"],
    ["--sqlalchemy", "2.0", "--split-by", "none"],
  ]));
