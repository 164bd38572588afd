import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractSchema, schemaFromProject, type SourceInput } from "../../src/orm/index.js";
import { loadProject } from "../../src/project/load.js";
import { backgroundSchema } from "../../src/verify/background-schema.js";
import { SummaryMemo } from "../../src/orm/summary-memo.js";

const MODELS = (extra: string) => `from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Memo${process.pid}(Base):
    __tablename__ = "memo_things"
    id = Column(Integer, primary_key=True)
${extra}`;
const OTHER = "def helper():\n    return 1\n";

function inputs(texts: Record<string, string>, reads: string[]): SourceInput[] {
  return Object.entries(texts).map(([path, text]) => ({
    path,
    module: path.replace(/\.py$/, "").replaceAll("/", "."),
    hash: createHash("sha1").update(text).digest("hex"),
    read: () => (reads.push(path), text),
  }));
}

test("an unchanged file is neither read nor parsed again; a changed one is", () => {
  const reads: string[] = [];
  const first = extractSchema(inputs({ "memo/models.py": MODELS(""), "memo/util.py": OTHER }, reads));
  assert.deepEqual(
    first.tables.map((t) => t.columns.map((c) => c.name)),
    [["id"]],
  );
  assert.deepEqual(reads.sort(), ["memo/models.py", "memo/util.py"]);
  reads.length = 0;
  extractSchema(inputs({ "memo/models.py": MODELS(""), "memo/util.py": OTHER }, reads));
  assert.deepEqual(reads, []);
  const changed = extractSchema(
    inputs({ "memo/models.py": MODELS("    name = Column(String(20))\n"), "memo/util.py": OTHER }, reads),
  );
  assert.deepEqual(reads, ["memo/models.py"]);
  assert.deepEqual(
    changed.tables[0].columns.map((c) => c.name),
    ["id", "name"],
  );
});

test("the memo is saved to the cache folder and a damaged file is only a miss", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-memo-"));
  try {
    const memo = new SummaryMemo();
    memo.attach(root);
    extractSchema(inputs({ "memo2/models.py": MODELS("    other = Column(Integer)\n") }, []), { memo });
    memo.save();
    assert.ok(readdirSync(join(root, ".remodel_cache")).includes("orm-summaries-v2.bin"));
    writeFileSync(join(root, ".remodel_cache", "orm-summaries-v2.bin"), "not v8 data");
    const other = mkdtempSync(join(tmpdir(), "remodel-memo-"));
    memo.attach(other);
    memo.attach(root);
    const schema = extractSchema(inputs({ "memo2/models.py": MODELS("    other = Column(Integer)\n") }, []), { memo });
    assert.deepEqual(
      schema.tables[0].columns.map((c) => c.name),
      ["id", "other"],
    );
    rmSync(other, { recursive: true, force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the schema computed on a second thread is the one computed here", async () => {
  const project = await loadProject(join(process.cwd(), "test/fixtures/schema/sqlalchemy14/project"), {
    exactRoot: true,
    noCache: true,
  });
  const here = schemaFromProject(project);
  assert.ok(here.tables.length > 3);
  const fallbacks: string[] = [];
  assert.deepStrictEqual(backgroundSchema(project, (why) => fallbacks.push(why))(), here);
  assert.deepEqual(fallbacks, []);
});
