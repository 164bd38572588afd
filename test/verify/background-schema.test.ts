/**
 * The schema thread of a split answers the "before" job and then the "after" one, in order, from
 * one thread: each answer belongs to its job whichever is read first, and the thread ends once it
 * is told no more work will come (or when the command ends), so the CLI never waits on it.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { backgroundSettled } from "../../src/core/background.js";
import { loadProject } from "../../src/project/load.js";
import type { Schema } from "../../src/schema/model.js";
import { schemaThread, type ThreadFile } from "../../src/verify/background-schema.js";
import { writeProject } from "../support/write-project.js";

const ITEM =
  'import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Item(Base):\n    __tablename__ = "items"\n    id = sa.Column(sa.Integer, primary_key=True)\n    name = sa.Column(sa.String(50))\n';

async function project() {
  const root = writeProject({
    "pyproject.toml": '[project]\nname = "inv"\n',
    "inv/__init__.py": "",
    "inv/models.py": ITEM,
  });
  const loaded = await loadProject(root, { exactRoot: true, noCache: true });
  const files: ThreadFile[] = [...loaded.files.values()].map((f) => ({ path: f.path, module: f.module, hash: f.hash }));
  return { root, files };
}

function nameLength(s: Schema | undefined): number | null | undefined {
  return s?.tables.find((t) => t.name === "items")?.columns.find((c) => c.name === "name")?.type.length;
}

test("one thread answers two jobs in order, each with its own files, whichever answer is read first", async () => {
  const { root, files } = await project();
  const thread = schemaThread(root);
  const before = thread.send(files, new Map());
  // The second job hands the thread a new text for the same file (not on disk).
  const after = thread.send(files, new Map([["inv/models.py", ITEM.replace("sa.String(50)", "sa.String(80)")]]));
  thread.done();
  const a = after();
  const b = before();
  assert.equal(a.error, undefined, a.error);
  assert.equal(b.error, undefined, b.error);
  assert.equal(nameLength(b.schema), 50);
  assert.equal(nameLength(a.schema), 80);
  // Read again: the same answer, no second wait.
  assert.equal(after(), a);
});

test("a job sent after done() is not answered by the thread (the caller computes it)", async () => {
  const { root, files } = await project();
  const thread = schemaThread(root);
  thread.done();
  const got = thread.send(files, new Map())();
  assert.equal(got.schema, undefined);
  assert.equal(got.error, "no thread");
});

test("a thread kept for a job that never came ends when the command settles", async () => {
  const { root, files } = await project();
  const thread = schemaThread(root);
  assert.equal(thread.send(files, new Map())().error, undefined);
  // No done(): the thread waits for an "after" job. Settling must end it well before the cap.
  const t0 = Date.now();
  await backgroundSettled(20_000);
  assert.ok(Date.now() - t0 < 10_000, `settled after ${Date.now() - t0} ms`);
});

test("commands one after another share the thread, each session with its own root, until the command settles", async () => {
  const first = await project();
  const second = await project();
  const a = schemaThread(first.root);
  const answerA = a.send(first.files, new Map());
  // An "after" job whose answer nobody reads (a change verified without it): it never reaches another session.
  a.send(first.files, new Map([["inv/models.py", ITEM.replace("sa.String(50)", "sa.String(60)")]]));
  a.done();
  assert.equal(nameLength(answerA().schema), 50);
  // The next command's session: the same thread, reading its files under its own root.
  writeFileSync(join(second.root, "inv/models.py"), ITEM.replace("sa.String(50)", "sa.String(70)"));
  const b = schemaThread(second.root);
  assert.notEqual(b.threadId, null);
  assert.equal(b.threadId, a.threadId);
  const answerB = b.send(second.files, new Map())();
  b.done();
  assert.equal(answerB.error, undefined, answerB.error);
  assert.equal(nameLength(answerB.schema), 70);
  // Settling ends the thread: the next session starts a new one.
  await backgroundSettled(20_000);
  const c = schemaThread(first.root);
  assert.notEqual(c.threadId, a.threadId);
  assert.equal(nameLength(c.send(first.files, new Map())().schema), 50);
  c.done();
  await backgroundSettled(20_000);
});
