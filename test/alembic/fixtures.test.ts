import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { checkGraph, historyOrder, loadVersionDirs } from "../../src/alembic/index.js";
import { fixtureCases } from "./cases.js";

for (const c of fixtureCases()) {
  test(`alembic fixture ${c.name}`, () => {
    // syntax: true is what `check` reads with; heads/graph differ only in not reporting AL008 syntax errors.
    const graph = loadVersionDirs([join(c.dir, "versions")], c.dir, { syntax: true });
    const e = c.expected;
    assert.equal(graph.revisions.length, e.revisions, "revision count");
    assert.deepEqual([...graph.heads].sort(), [...e.heads].sort(), "heads");
    assert.deepEqual([...graph.bases].sort(), [...e.bases].sort(), "bases");
    assert.deepEqual([...graph.branchPoints].sort(), [...e.branchPoints].sort(), "branch points");
    assert.deepEqual([...graph.mergePoints].sort(), [...e.mergePoints].sort(), "merge points");
    const check = checkGraph(graph).map((p) => `${p.path}:${p.line}:${p.column}: ${p.code}`);
    assert.deepEqual(check, e.check, "check findings");
    for (const [label, heads] of Object.entries(e.labelHeads ?? {})) {
      assert.deepEqual(graph.labelHeads.get(label), heads, `heads of label ${label}`);
    }
    for (const [id, message] of Object.entries(e.messages ?? {})) {
      assert.equal(graph.byId.get(id)?.message, message, `message of ${id}`);
    }
    // History is a topological order: every revision is listed before its parents.
    const order = historyOrder(graph);
    assert.equal(new Set(order).size, graph.revisions.length);
    if (!check.some((l) => l.endsWith("AL004"))) {
      const pos = new Map(order.map((id, i) => [id, i]));
      for (const rev of graph.revisions) {
        for (const down of rev.downRevisions)
          if (pos.has(down)) assert.ok(pos.get(rev.id)! < pos.get(down)!, `${rev.id} before ${down}`);
      }
    }
  });
}
