/**
 * PostgreSQL 18's VIRTUAL generated columns, on PGlite (PostgreSQL 18; the server here is older and
 * refuses VIRTUAL): introspection reads attgenerated 'v' as computed on read (persisted=false),
 * `GENERATED ALWAYS AS (...)` without a keyword too (VIRTUAL is PostgreSQL 18's default); pull
 * writes `Computed(..., persisted=False)` and warns that SQLAlchemy 1.4 cannot create it, the DDL of the pulled schema writes VIRTUAL and builds the
 * same columns again, and `db diff` holds a stored model column to a virtual one (DB016).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { renderDdl } from "../../src/db/ddl.js";
import { diffSchemas } from "../../src/db/diff.js";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import type { Schema } from "../../src/schema/model.js";
import { io, scratch } from "./helpers.js";

const DDL = `CREATE TABLE boxes (
  id integer PRIMARY KEY,
  width integer NOT NULL,
  height integer NOT NULL,
  area integer GENERATED ALWAYS AS (width * height) VIRTUAL,
  perimeter integer GENERATED ALWAYS AS (2 * (width + height)),
  label text GENERATED ALWAYS AS ('box ' || id) STORED
)`;

/** Each generated column: name, expression, stored or not. */
const generated = (s: Schema) =>
  s.tables.flatMap((t) =>
    t.columns.filter((c) => c.computed).map((c) => [c.name, c.computed!.expression, c.computed!.persisted]),
  );

test("PGlite (PostgreSQL 18): VIRTUAL generated columns read as persisted=false, pull writes them, the DDL builds them again", async () => {
  const source = await scratch("pglite", DDL);
  const target = await scratch("pglite");
  const dir = mkdtempSync(join(tmpdir(), "remodel-virtual-"));
  const other = mkdtempSync(join(tmpdir(), "remodel-virtual-json-"));
  try {
    const intro = await source.introspect();
    assert.deepEqual(generated(intro.schema), [
      ["area", "(width * height)", false],
      ["perimeter", "(2 * (width + height))", false],
      ["label", "('box '::text || id)", true],
    ]);
    for (const c of intro.schema.tables[0].columns) if (c.computed) assert.equal(c.serverDefault, null, c.name);

    const ddl = renderDdl(intro.schema, "postgresql");
    assert.match(ddl, /area INTEGER GENERATED ALWAYS AS \(\(width \* height\)\) VIRTUAL/);
    assert.match(ddl, /label TEXT GENERATED ALWAYS AS \(\('box '::text \|\| id\)\) STORED/);
    await target.exec(ddl);
    assert.deepEqual(generated((await target.introspect()).schema), generated(intro.schema));

    await source.detach();
    const o = io();
    const out = join(dir, "pulled");
    assert.equal(await main(["db", "pull", "--url", source.url, "--out", out, "--sqlalchemy", "2.0"], o), 0, o.text);
    const text = readFileSync(join(out, "boxes.py"), "utf8");
    assert.match(
      text,
      /area: Mapped\[.*\] = mapped_column\(Integer, Computed\("\(width \* height\)", persisted=False\)/,
    );
    assert.match(text, /label: Mapped\[.*\] = mapped_column\(Text, Computed\(".*", persisted=True\)/);
    // SQLAlchemy 1.4 refuses persisted=False on PostgreSQL: each virtual column is named, the stored one not.
    const warned = o.text.split("\n").filter((l) => l.startsWith("remodel db pull: warning: "));
    assert.deepEqual(
      warned.map((l) => /warning: (\S+) is a VIRTUAL generated column/.exec(l)?.[1]),
      ["boxes.area", "boxes.perimeter"],
      o.text,
    );
    for (const l of warned) assert.match(l, /SQLAlchemy >= 2\.0 is needed/);
    const j = io();
    // Another folder: the one above is read back as the model package.
    const json = join(other, "json");
    assert.equal(await main(["db", "pull", "--url", source.url, "--out", json, "--sqlalchemy", "1.4", "--json"], j), 0);
    const report = JSON.parse(j.text.slice(j.text.indexOf("{")));
    assert.deepEqual(
      report.warnings.map((w: { message: string }) => w.message.split(" ")[0]),
      ["boxes.area", "boxes.perimeter"],
    );
    // The pulled package, read back statically, is the database: no drift.
    const pulled = extractSchema(loadPythonFiles(dir));
    assert.deepEqual(generated(pulled), generated(intro.schema));
    assert.deepEqual(
      diffSchemas(pulled, intro).drift.map((d) => d.message),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
    await source.drop();
    await target.drop();
  }
});

const MODELS = `from sqlalchemy import Column, Computed, Integer, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Box(Base):
    __tablename__ = "boxes"
    id = Column(Integer, primary_key=True)
    width = Column(Integer, nullable=False)
    height = Column(Integer, nullable=False)
    area = Column(Integer, Computed("width * height", persisted=False))
    # No persisted=: SQLAlchemy creates it STORED on PostgreSQL, which the database's VIRTUAL is not.
    perimeter = Column(Integer, Computed("2 * (width + height)"))
    label = Column(Text, Computed("'box ' || id", persisted=False))
`;

test("db diff on PGlite (PostgreSQL 18): stored against virtual is DB016, virtual against virtual is none", async () => {
  const db = await scratch("pglite", DDL);
  const dir = mkdtempSync(join(tmpdir(), "remodel-virtual-diff-"));
  try {
    writeFileSync(join(dir, "models.py"), MODELS);
    const drift = diffSchemas(extractSchema(loadPythonFiles(dir)), await db.introspect()).drift;
    assert.deepEqual(
      drift.map((d) => `${d.code} ${d.message}`),
      [
        "DB016 generated column boxes.perimeter is stored in the model but virtual in the database",
        "DB016 generated column boxes.label is virtual in the model but stored in the database",
      ],
    );
    assert.equal(drift[0].model, "GENERATED ALWAYS AS (2 * (width + height)) STORED");
    assert.equal(drift[0].database, "GENERATED ALWAYS AS ((2 * (width + height))) VIRTUAL");
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
