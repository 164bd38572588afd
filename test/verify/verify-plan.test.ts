/**
 * Verification before writing: hand-made bad plans must be caught in memory and leave the disk
 * untouched. Each plan below breaks one thing a refactoring must not break.
 */
import { writeProject } from "../support/write-project.js";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { emptyPlan, replacement, type EditPlan } from "../../src/core/edits.js";
import { discoverProject, loadProject } from "../../src/project/load.js";
import { beforeState } from "../../src/verify/before-cache.js";
import { executePlan } from "../../src/run/execute.js";
import { readTree } from "../support/tree.js";

const PROJECT: Record<string, string> = {
  "pyproject.toml": '[project]\nname = "inv"\n',
  "src/inv/__init__.py": "",
  "src/inv/models/__init__.py": "from . import item  # noqa: F401\nfrom . import shelf  # noqa: F401\n",
  "src/inv/models/base.py":
    "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
  "src/inv/models/item.py":
    'import sqlalchemy as sa\n\nfrom .base import Base\n\n\nclass Item(Base):\n    __tablename__ = "items"\n    id = sa.Column(sa.Integer, primary_key=True)\n    name = sa.Column(sa.String(50))\n',
  "src/inv/models/shelf.py":
    'import sqlalchemy as sa\n\nfrom .base import Base\n\n\nclass Shelf(Base):\n    __tablename__ = "shelves"\n    id = sa.Column(sa.Integer, primary_key=True)\n',
  "migrations/env.py":
    "from alembic import context\n\nfrom inv.models.base import Base\nimport inv.models  # noqa: F401  (every model on the metadata)\n\ncontext.configure(target_metadata=Base.metadata)\n",
};

async function project() {
  const root = writeProject(PROJECT);
  return { root, loaded: await loadProject(root, { exactRoot: true, noCache: true }) };
}

function edit(path: string, text: string, from: string, to: string): EditPlan {
  const plan = emptyPlan();
  const at = text.indexOf(from);
  assert.ok(at >= 0, `${from} not in ${path}`);
  plan.edits.set(path, [replacement(at, at + from.length, to)]);
  return plan;
}

test("a plan that stops env.py from importing a model is refused (RM008), disk untouched", async () => {
  const { root, loaded } = await project();
  const before = readTree(root);
  const path = "src/inv/models/__init__.py";
  const r = await executePlan(loaded, edit(path, PROJECT[path], "from . import shelf  # noqa: F401\n", ""), {});
  assert.equal(r.status, "failed");
  assert.ok(
    r.added.some((p) => p.code === "RM008" && p.message.includes("Shelf")),
    JSON.stringify(r.added),
  );
  assert.deepEqual(readTree(root), before);
});

test('with the cached "before" side (a second run), RM008 and RM009 are still found', async () => {
  const { root } = await project();
  for (let run = 0; run < 2; run++) {
    const found = discoverProject(root, { exactRoot: true });
    const loaded = await loadProject(root, { exactRoot: true }, found);
    const before = await beforeState(found, loaded);
    const init = "src/inv/models/__init__.py";
    const lost = await executePlan(loaded, edit(init, PROJECT[init], "from . import shelf  # noqa: F401\n", ""), {
      dryRun: true,
      before,
    });
    assert.deepEqual(
      lost.added.map((p) => p.code),
      ["RM008"],
      `run ${run}`,
    );
    const item = "src/inv/models/item.py";
    const retyped = await executePlan(loaded, edit(item, PROJECT[item], "sa.String(50)", "sa.String(80)"), {
      dryRun: true,
      before,
    });
    assert.ok(
      retyped.added.some((p) => p.code === "RM009" && p.message.includes("items")),
      `run ${run}: ${JSON.stringify(retyped.added)}`,
    );
  }
  assert.ok(existsSync(join(root, ".remodel_cache", "models-before.json")));
  assert.ok(existsSync(join(root, ".remodel_cache", "schema-before.json")));
});

test("a plan that changes a column type is refused (RM009)", async () => {
  const { loaded } = await project();
  const path = "src/inv/models/item.py";
  const r = await executePlan(loaded, edit(path, PROJECT[path], "sa.String(50)", "sa.String(80)"), { dryRun: true });
  assert.ok(
    r.added.some((p) => p.code === "RM009" && p.message.includes("items")),
    JSON.stringify(r.added),
  );
});

test('with the "after" schema on a second thread (as split verifies), a changed column of a new file is still refused (RM009)', async () => {
  const { root } = await project();
  for (const noCache of [true, false]) {
    const found = discoverProject(root, { exactRoot: true });
    const loaded = await loadProject(root, { exactRoot: true, noCache }, found);
    const before = await beforeState(found, loaded, { noCache, background: true });
    assert.ok(before.afterSchemaThread, "split's before side starts the after schema on a thread");
    const item = "src/inv/models/item.py";
    // The model moves into a new file: the thread reads it from the plan's texts, not from disk.
    const moved = (type: string): EditPlan => {
      const plan = emptyPlan();
      plan.ops.push({ kind: "move", from: item, to: "src/inv/models/item/row.py" });
      plan.ops.push({
        kind: "create",
        path: "src/inv/models/item/__init__.py",
        text: "from .row import Item  # noqa: F401\n",
      });
      plan.edits.set(item, [
        replacement(PROJECT[item].indexOf("from .base"), PROJECT[item].indexOf("from .base") + 6, "from .."),
      ]);
      const at = PROJECT[item].indexOf("sa.String(50)");
      if (type !== "sa.String(50)") plan.edits.get(item)!.push(replacement(at, at + 13, type));
      plan.renames.set("inv.models.item.row", "inv.models.item");
      return plan;
    };
    const same = await executePlan(loaded, moved("sa.String(50)"), { dryRun: true, before });
    assert.deepEqual(same.added, [], `noCache ${noCache}`);
    const retyped = await executePlan(loaded, moved("sa.String(80)"), { dryRun: true, before });
    assert.ok(
      retyped.added.some((p) => p.code === "RM009" && p.message.includes("items")),
      `noCache ${noCache}: ${JSON.stringify(retyped.added)}`,
    );
  }
});

test("a move that does not re-base relative imports is refused (RM001) unless forced", async () => {
  const { root, loaded } = await project();
  const plan = emptyPlan();
  plan.ops.push({ kind: "move", from: "src/inv/models/item.py", to: "src/inv/models/item/row.py" });
  plan.ops.push({ kind: "create", path: "src/inv/models/item/__init__.py", text: "from .row import Item\n" });
  plan.renames.set("inv.models.item.row", "inv.models.item");
  const before = readTree(root);
  const refused = await executePlan(loaded, plan, {});
  assert.equal(refused.status, "failed");
  assert.ok(
    refused.added.some((p) => p.code === "RM001" && p.path === "src/inv/models/item/row.py"),
    JSON.stringify(refused.added),
  );
  assert.deepEqual(readTree(root), before);
  const forced = await executePlan(loaded, plan, { force: true });
  assert.equal(forced.status, "written");
  assert.ok(readTree(root).has("src/inv/models/item/row.py"));
});

test("a fork in a `version_locations` folder is found like one under versions/ (one environment discovery)", async () => {
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "inv"\n',
    "alembic.ini": "[alembic]\nscript_location = db\nversion_locations = db/revisions\n",
    "inv/__init__.py": "",
    "db/env.py": "from alembic import context\n\ncontext.configure()\n",
    "db/revisions/a1.py": 'revision = "a1"\ndown_revision = None\n',
    "db/revisions/b2.py": 'revision = "b2"\ndown_revision = "a1"\n',
  };
  const loaded = await loadProject(writeProject(files), { exactRoot: true, noCache: true });
  const fork = emptyPlan();
  fork.ops.push({ kind: "create", path: "db/revisions/c3.py", text: 'revision = "c3"\ndown_revision = "a1"\n' });
  const forked = await executePlan(loaded, fork, { dryRun: true });
  const grew = forked.added.find((p) => p.code === "RM007" && /heads went from 1 to 2/.test(p.message));
  assert.ok(grew, JSON.stringify(forked.added));
  assert.equal(grew.path, "db/revisions/c3.py");
});

test("a plan that forks the Alembic history is refused (RM007); an existing fork is not the plan's fault", async () => {
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "inv"\n',
    "inv/__init__.py": "",
    "inv/models.py": "X = 1\n",
    "migrations/env.py": "from alembic import context\n\ncontext.configure()\n",
    "migrations/versions/a1.py": 'revision = "a1"\ndown_revision = None\n',
    "migrations/versions/b2.py": 'revision = "b2"\ndown_revision = "a1"\n',
  };
  const root = writeProject(files);
  const loaded = await loadProject(root, { exactRoot: true, noCache: true });
  const fork = emptyPlan();
  fork.ops.push({ kind: "create", path: "migrations/versions/c3.py", text: 'revision = "c3"\ndown_revision = "a1"\n' });
  const forked = await executePlan(loaded, fork, { dryRun: true });
  assert.ok(
    forked.added.some((p) => p.code === "RM007"),
    JSON.stringify(forked.added),
  );
  writeFileSync(join(root, "migrations/versions/c3.py"), 'revision = "c3"\ndown_revision = "a1"\n');
  const twoHeads = await loadProject(root, { exactRoot: true, noCache: true });
  const unrelated = await executePlan(twoHeads, edit("inv/models.py", files["inv/models.py"], "X = 1", "X = 2"), {
    dryRun: true,
  });
  assert.deepEqual(unrelated.added, []);
});
