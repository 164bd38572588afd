import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { generateMonolith, type MonolithStats } from "../../bench/generate/monolith.js";
import { checkImports, snapshot, tempDir } from "./oracle.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function python(cwd: string, args: string[], input?: string) {
  return spawnSync("/usr/bin/python3", ["-B", ...args], {
    cwd,
    input,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, PYTHONPATH: join(cwd, "src") },
  });
}

describe("generateMonolith (issue 4's input: 300 classes, 15,000 lines, 500 importers)", () => {
  let dir = "";
  let stats: MonolithStats;
  let models = "";
  before(() => {
    dir = tempDir("mono");
    dirs.push(dir);
    stats = generateMonolith(dir, { classes: 300, lines: 15000, importers: 500, seed: 2 });
    models = readFileSync(join(dir, "src/mono/models.py"), "utf8");
  });

  test("SQLAlchemy 1.4 maps all 300 classes, creates every table in SQLite, and the generated tests pass", () => {
    // One interpreter for both checks: importing and configuring 300 mappers is the slow part.
    const r = python(
      dir,
      ["-"],
      `
import io, json, unittest, warnings
import sqlalchemy as sa
warnings.simplefilter("error", sa.exc.SAWarning)  # relationship conflicts would only warn
from sqlalchemy.orm import configure_mappers
import mono.models as m
configure_mappers()
engine = sa.create_engine("sqlite://")
m.Base.metadata.create_all(engine)
mappers = list(m.Base.registry.mappers)
suite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")
result = unittest.TextTestRunner(stream=io.StringIO()).run(suite)
print(json.dumps({
    "mappers": len(mappers),
    "relationships": sum(len(mp.relationships) for mp in mappers),
    "tables": len(sa.inspect(engine).get_table_names()),
    "declared": len(m.Base.metadata.tables),
    "testsRun": result.testsRun,
    "testProblems": [str(t) + ": " + tb.splitlines()[-1] for t, tb in result.failures + result.errors][:5],
}))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    assert.equal(got.mappers, 300);
    assert.equal(got.tables, got.declared);
    const links = (models.match(/^\w+ = sa\.Table\(/gm) ?? []).length;
    assert.equal(got.tables, 300 + links);
    assert.ok(got.relationships >= 500, `${got.relationships} relationships`);
    // The generated tests patch by string and by object and check the patch reached the code.
    assert.deepEqual(got.testProblems, []);
    assert.ok(got.testsRun >= 300, `${got.testsRun} tests`);
    const listenerTests = [...snapshot(join(dir, "tests")).values()].filter((t) =>
      t.includes("def test_listener_reads_slugify_from_models"),
    ).length;
    assert.ok(listenerTests >= 50, `${listenerTests} listener tests`);
  });

  test("models.py has the size asked for and every construct split must handle", () => {
    assert.ok(Math.abs(stats.modelLines - 15000) <= 750, `${stats.modelLines} lines`);
    assert.equal((models.match(/^class \w+\((?:\w+Mixin, )*Base\):/gm) ?? []).length, 300);
    const count = (re: RegExp) => (models.match(re) ?? []).length;
    assert.ok(count(/relationship\([A-Z]\w*, /g) >= 50, "relationships by class");
    assert.ok(count(/relationship\("[A-Z]\w*"/g) >= 200, "relationships by string");
    assert.ok(count(/secondary="\w+"/g) >= 1 && count(/secondary=[a-z]\w*,/g) >= 1, "secondary by name and by Table");
    assert.ok(count(/^class \w+Mixin:/gm) >= 4 && count(/@declared_attr/g) >= 2, "mixins");
    assert.ok(count(/^class \w+\(enum\.Enum\):/gm) >= 10 && count(/sa\.Enum\(\w+\)/g) >= 50, "enums");
    assert.ok(count(/__table_args__ = \(/g) >= 20, "__table_args__");
    assert.ok(count(/^@event\.listens_for\(\w+, "before_insert"\)/gm) >= 10, "listeners");
    assert.ok(count(/^\w+\.\w+ = relationship\(/gm) >= 3, "attributes attached after the classes");
    assert.ok(count(/remote_side=/g) >= 1, "self-referential relationship");
    assert.match(models, /^from mono\.types import Money$/m);
  });

  test("500 importers use models.py in every style, and every import resolves under CPython", () => {
    assert.equal(stats.importers, 500);
    const files = snapshot(dir);
    const importers = [...files].filter(
      ([p, t]) =>
        p.endsWith(".py") &&
        p !== "src/mono/models.py" &&
        /mono\.models|from \.+models import|from mono import models/.test(t),
    );
    assert.equal(importers.length, 500);
    const texts = importers.map(([, t]) => t).join("\n");
    for (const re of [
      /^from mono\.models import \w+/m,
      /^from \.\.+models import /m,
      /^from mono import models$/m,
      /^import mono\.models$/m,
      /^import mono\.models as m$/m,
      /^from mono\.models import \*/m,
      / as \w+Model$/m,
      /^ {4}from mono\.models import /m,
      /^if TYPE_CHECKING:\n {4}from mono\.models import /m,
      /^from mono\.models import Base, Money, /m,
      /importlib\.import_module\("mono\.models"\)/,
      /mock\.patch\("mono\.models\.\w+\.to_dict"/,
      /mock\.patch\.object\(models\.\w+, /,
      /\.setattr\("mono\.models\.utcnow"/,
    ]) {
      assert.match(texts, re);
    }
    const report = checkImports([join(dir, "src"), `${dir}:tests`]);
    assert.deepEqual(report.failures, [], `${report.failureCount} failures`);
    assert.equal(report.files, stats.files - 1); // every .py file but pyproject.toml
  });
});
