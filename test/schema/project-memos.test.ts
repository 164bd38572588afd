import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { deserialize, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { schemaFromProject } from "../../src/orm/index.js";
import { summaryMemoOf } from "../../src/orm/summary-memo.js";
import { readCacheBytes } from "../../src/project/cache.js";
import { loadProject, type LoadedProject } from "../../src/project/load.js";
import { writeProject } from "../support/write-project.js";

// The test (never the library) asks V8 for `gc`, to see that a dropped project's memo goes with it.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const MODEL = (cls: string, table: string) => `from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class ${cls}(Base):
    __tablename__ = "${table}"
    id = Column(Integer, primary_key=True)
`;

/** Two projects with the same file path and module name (`app.models`) but different models. */
function twoProjects(): [string, string] {
  return [
    writeProject({ "pyproject.toml": "", "app/__init__.py": "", "app/models.py": MODEL("Alpha", "alphas") }),
    writeProject({ "pyproject.toml": "", "app/__init__.py": "", "app/models.py": MODEL("Beta", "betas") }),
  ];
}

const load = (dir: string) => loadProject(dir, { exactRoot: true, noCache: true });
const tables = (p: LoadedProject) => schemaFromProject(p).tables.map((t) => t.name);

test("two projects read in one process each get their own schema and their own memo; files handed in as a list leave both alone", async () => {
  const [a, b] = twoProjects();
  try {
    const pa = await load(a);
    const pb = await load(b);
    const unowned = summaryMemoOf(undefined).size;
    assert.deepEqual(tables(pa), ["alphas"]);
    assert.deepEqual(tables(pb), ["betas"]);
    assert.deepEqual(tables(pa), ["alphas"]);
    const [ma, mb] = [summaryMemoOf(pa.memos), summaryMemoOf(pb.memos)];
    assert.notEqual(ma, mb);
    assert.ok(ma.size > 0 && mb.size > 0);
    assert.equal(summaryMemoOf(undefined).size, unowned);
  } finally {
    for (const d of [a, b]) rmSync(d, { recursive: true, force: true });
  }
});

test("each project's cache file holds only its own summaries, however the two runs interleave", async () => {
  const [a, b] = twoProjects();
  try {
    const pa = await load(a);
    const pb = await load(b);
    summaryMemoOf(pa.memos).attach(a);
    summaryMemoOf(pb.memos).attach(b);
    tables(pa);
    tables(pb);
    summaryMemoOf(pa.memos).save();
    summaryMemoOf(pb.memos).save();
    for (const [dir, p] of [
      [a, pa],
      [b, pb],
    ] as const) {
      const saved = deserialize(readCacheBytes(dir, "orm-summaries-v2.bin")!) as { summaries: Map<string, unknown> };
      const hashes = new Set([...saved.summaries.keys()].map((k) => k.split("\0")[2]));
      assert.deepEqual(hashes, new Set([p.files.get("app/models.py")!.hash]));
    }
  } finally {
    for (const d of [a, b]) rmSync(d, { recursive: true, force: true });
  }
});

test("a project's memo is released with the project", async () => {
  const [a, b] = twoProjects();
  try {
    let pa: LoadedProject | null = await load(a);
    const pb = await load(b);
    tables(pa);
    tables(pb);
    const memoA = new WeakRef(summaryMemoOf(pa.memos));
    const memoB = new WeakRef(summaryMemoOf(pb.memos));
    pa = null;
    // A WeakRef's target is kept until the current job ends: collect after yielding.
    for (let i = 0; i < 3 && memoA.deref(); i++) {
      await new Promise((done) => setImmediate(done));
      gc();
    }
    assert.equal(memoA.deref(), undefined);
    assert.equal(memoB.deref(), summaryMemoOf(pb.memos));
    assert.deepEqual(tables(pb), ["betas"]);
  } finally {
    for (const d of [a, b]) rmSync(d, { recursive: true, force: true });
  }
});
