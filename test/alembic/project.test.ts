import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Overlay } from "../../src/core/overlay.js";
import { alembicHeadsCheck, alembicSeveralHeads, projectGraphs } from "../../src/alembic/index.js";
import { repoRoot } from "./cases.js";

const monorepo = join(repoRoot, "test/fixtures/alembic-locate/monorepo");
const orders = "src/shop/orders/models/alembic/versions";
const emptyOverlay = (): Overlay => ({ texts: new Map(), removed: new Set(), moves: new Map() });

test("project: a planned revision that forks the history is RM007; a merge is not", () => {
  const fork = emptyOverlay();
  fork.texts.set(
    `${orders}/or000000003_fork.py`,
    '"""fork"""\nrevision = "or000000003"\ndown_revision = "or000000001"\n',
  );
  const problems = alembicHeadsCheck(monorepo, fork);
  assert.deepEqual(
    problems.map((p) => `${p.path}:${p.line}: ${p.code}`),
    [`${orders}/or000000003_fork.py:2: RM007`],
  );

  const merge = emptyOverlay();
  merge.texts.set(
    `${orders}/or000000003_fork.py`,
    '"""fork"""\nrevision = "or000000003"\ndown_revision = "or000000001"\n',
  );
  merge.texts.set(
    `${orders}/or000000004_merge.py`,
    '"""merge"""\nrevision = "or000000004"\ndown_revision = ("or000000002", "or000000003")\n',
  );
  assert.deepEqual(alembicHeadsCheck(monorepo, merge), []);
});

test("project: the overlay's removed and edited files are what the graph sees", () => {
  const edit = emptyOverlay();
  edit.removed.add(`${orders}/or000000002_add_total.py`);
  const graphs = projectGraphs(monorepo, edit);
  const ordersGraph = graphs.find((g) => g.location.scriptDir.endsWith("alembic"))!.graph;
  assert.deepEqual(ordersGraph.heads, ["or000000001"]);
  assert.equal(ordersGraph.revisions.length, 1);
});

test("project: several heads on disk are reported once per location", () => {
  const problems = alembicSeveralHeads(monorepo);
  assert.equal(problems.length, 1);
  assert.match(problems[0].path, /^tools\/legacy\/versions\//);
  assert.match(problems[0].message, /2 heads: le000000002, le000000003/);
});
