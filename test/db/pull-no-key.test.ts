import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { PYTHON, scratch, io } from "./helpers.js";

// `db pull` of tables without a primary key (an audit log, a join table without one): SQLAlchemy
// cannot map a class onto them ("could not assemble any primary key columns"), so they are
// plain `Table(...)`s, and the package imports, configures its mappers and reads and writes them.

const SQL = `
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE post_tags (post_id INTEGER NOT NULL REFERENCES posts (id), tag_id INTEGER NOT NULL REFERENCES tags (id));
CREATE TABLE audit_log (at TEXT NOT NULL, tag_id INTEGER REFERENCES tags (id), message TEXT);
CREATE INDEX ix_audit_at ON audit_log (at);
`;

const CHECK = `
import json, sys
import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers
sys.path.insert(0, sys.argv[1])
import app.models as m
configure_mappers()
md = m.SQLModel.metadata if hasattr(m, "SQLModel") else m.Base.metadata
engine = sa.create_engine("sqlite://")
md.create_all(engine)
with engine.begin() as c:
    c.execute(sa.insert(m.Tag.__table__).values(id=1, name="x"))
    c.execute(sa.insert(m.t_audit_log).values(at="now", tag_id=1, message="hi"))
    rows = [list(r) for r in c.execute(sa.select(m.t_audit_log))]
out = {t.name: {"columns": [c.name for c in t.columns], "fks": sorted(f.target_fullname for f in t.foreign_keys), "indexes": sorted(i.name for i in t.indexes)} for t in md.sorted_tables}
print(json.dumps({"tables": out, "rows": rows, "mapped": sorted(k.class_.__name__ for k in sa.inspect(m.Tag).registry.mappers)}))
`;

test("tables without a primary key are pulled as Table()s that SQLAlchemy and SQLModel import, map around and write", async () => {
  const db = await scratch("sqlite", SQL);
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-nokey-"));
  try {
    for (const framework of ["sqlalchemy", "sqlmodel"] as const) {
      const root = join(dir, framework);
      mkdirSync(join(root, "app"), { recursive: true });
      writeFileSync(join(root, "app/__init__.py"), "");
      const o = io();
      assert.equal(
        await main(
          [
            "db",
            "pull",
            "--url",
            db.url,
            "--out",
            join(root, "app/models"),
            "--framework",
            framework,
            "--sqlalchemy",
            "1.4",
          ],
          o,
        ),
        0,
        o.text,
      );
      const got = JSON.parse(execFileSync(PYTHON, ["-c", CHECK, root], { encoding: "utf8" })) as {
        tables: Record<string, { columns: string[]; fks: string[]; indexes: string[] }>;
        rows: unknown[][];
        mapped: string[];
      };
      assert.deepEqual(
        got.tables.audit_log,
        { columns: ["at", "tag_id", "message"], fks: ["tags.id"], indexes: ["ix_audit_at"] },
        framework,
      );
      assert.deepEqual(
        got.tables.post_tags,
        { columns: ["post_id", "tag_id"], fks: ["posts.id", "tags.id"], indexes: [] },
        framework,
      );
      assert.deepEqual(got.rows, [["now", 1, "hi"]], framework);
      // Only the tables with a key are classes.
      assert.deepEqual(got.mapped, ["Post", "Tag"], framework);
    }
    // SQLAlchemy 2.0 is not installed: CPython compiles it and Remodel's reader finds both tables.
    const out = join(dir, "sa20", "models");
    const o = io();
    assert.equal(await main(["db", "pull", "--url", db.url, "--out", out, "--sqlalchemy", "2.0"], o), 0, o.text);
    execFileSync(PYTHON, ["-m", "py_compile", ...readdirSync(out).map((f) => join(out, f))]);
    assert.match(readFileSync(join(out, "__init__.py"), "utf8"), /t_audit_log/);
    const d = io();
    await main(["db", "diff", "--url", db.url, join(dir, "sa20"), "--json", "--no-cache"], d);
    assert.deepEqual(
      (JSON.parse(d.text).drift as { message: string }[]).map((x) => x.message),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
