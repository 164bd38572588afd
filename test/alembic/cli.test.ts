import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { fixturesDir, repoRoot } from "./cases.js";

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd });
  return { code, out, err };
}

test("cli: alembic heads prints heads like `alembic heads`", async () => {
  const r = await run(join(fixturesDir, "labels"), "alembic", "heads", "versions");
  assert.equal(r.code, 0);
  assert.equal(r.out, "b2bbbbbbbbbb (billing) (head)\nu3aaaaaaaaaa (users) (head)\nu4aaaaaaaaaa (users) (head)\n");
});

test("cli: --json carries heads, bases, revisions, topology and problems", async () => {
  const r = await run(join(fixturesDir, "merge"), "alembic", "heads", "versions", "--json");
  const doc = JSON.parse(r.out);
  assert.deepEqual(doc.heads, ["d4000000000d"]);
  assert.deepEqual(doc.bases, ["a000000000a0"]);
  assert.equal(doc.revisions, 5);
  assert.deepEqual(doc.mergePoints, ["c3000000000c"]);
  assert.deepEqual(doc.branchPoints, ["a000000000a0"]);
  assert.deepEqual(doc.problems, []);
});

test("cli: check exits 1 with path:line:col: CODE lines, 0 when clean", async () => {
  const bad = await run(join(fixturesDir, "dangling"), "alembic", "check", "versions");
  assert.equal(bad.code, 1);
  assert.match(
    bad.out,
    /^versions\/d3_orphan\.py:13:17: AL002 down_revision 'ffffffffffff' of revision 'dd0000000003' does not exist$/m,
  );
  assert.match(bad.out, /^Found 4 problems \(4 revisions in 1 location\)\.$/m);
  const good = await run(join(fixturesDir, "linear"), "alembic", "check", "versions");
  assert.equal(good.code, 0);
  assert.equal(good.out, "All checks passed: 4 revisions in 1 location, one head each.\n");
  const json = JSON.parse((await run(join(fixturesDir, "cycle"), "alembic", "check", "versions", "--json")).out);
  assert.equal(json.ok, false);
  assert.deepEqual(
    json.problems.map((p: { code: string }) => p.code),
    ["AL004", "AL004"],
  );
});

test("cli: graph --mermaid draws one arrow per down_revision edge", async () => {
  const r = await run(join(fixturesDir, "merge"), "alembic", "graph", "versions", "--mermaid");
  assert.equal(r.code, 0);
  assert.match(r.out, /^flowchart TD\n/);
  assert.equal(r.out.match(/ --> /g)?.length, 5);
  assert.match(r.out, /class r4 head/);
});

test("cli: searching a project root reports every location; usage and missing paths exit 2", async () => {
  const root = join(repoRoot, "test/fixtures/alembic-locate/monorepo");
  const all = JSON.parse((await run(root, "alembic", "heads", "--json")).out);
  assert.deepEqual(
    all.locations.map((l: { heads: string[] }) => l.heads),
    [["bi000000002"], ["se000000001"], ["or000000002"], ["le000000002", "le000000003"]],
  );
  const check = await run(root, "alembic", "check");
  assert.equal(check.code, 1);
  assert.equal(check.out.split("\n").filter((l) => l.includes(" AL001 ")).length, 2);
  assert.equal((await run(root, "alembic", "nonsense")).code, 2);
  assert.equal((await run(root, "alembic", "heads", "missing-dir")).code, 2);
  assert.equal((await run(root, "alembic", "heads", "--mermaid")).code, 2);
});

test("cli: graph --json lists the history as data, newest first", async () => {
  const doc = JSON.parse((await run(join(fixturesDir, "labels"), "alembic", "graph", "versions", "--json")).out);
  assert.equal(doc.history.length, 6);
  const first = doc.history[0];
  assert.deepEqual(
    {
      revision: first.revision,
      dependsOn: first.dependsOn,
      branchLabels: first.branchLabels,
      head: first.head,
      path: first.path,
      line: first.line,
    },
    {
      revision: "b2bbbbbbbbbb",
      dependsOn: ["users"],
      branchLabels: ["billing"],
      head: true,
      path: "versions/b2_billing_more.py",
      line: 12,
    },
  );
  assert.deepEqual(
    doc.history.filter((h: { branchPoint: boolean }) => h.branchPoint).map((h: { revision: string }) => h.revision),
    ["u2aaaaaaaaaa"],
  );
});
