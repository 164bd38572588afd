import assert from "node:assert/strict";
import { test } from "node:test";
import { ALEMBIC_CODES, graphFromSources, headsChanged, type RevisionSource } from "../../src/alembic/index.js";

const file = (name: string, id: string, down: string): RevisionSource => ({
  path: `versions/${name}.py`,
  bytes: new TextEncoder().encode(
    `"""${name}"""\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n`,
  ),
});
const base = file("a", "aaa", "None");
const next = file("b", "bbb", '"aaa"');

test("headsChanged: a second head is reported at the new head's revision line", () => {
  const before = graphFromSources([base, next]);
  const after = graphFromSources([base, next, file("c", "ccc", '"aaa"')]);
  const problems = headsChanged(before, after);
  assert.equal(problems.length, 1);
  const [p] = problems;
  assert.equal(p.code, ALEMBIC_CODES.headsGrew);
  assert.equal(`${p.path}:${p.line}:${p.column}`, "versions/c.py:4:12");
  assert.deepEqual(p.data?.added, ["ccc"]);
  assert.match(p.message, /from 1 to 2/);
});

test("headsChanged: same head count, or fewer after a merge, is fine", () => {
  const two = graphFromSources([base, next, file("c", "ccc", '"aaa"')]);
  const merged = graphFromSources([base, next, file("c", "ccc", '"aaa"'), file("m", "mmm", '("bbb", "ccc")')]);
  assert.deepEqual(headsChanged(two, merged), []);
  assert.deepEqual(headsChanged(merged, merged), []);
  const moved = graphFromSources([{ ...base, path: "elsewhere/a.py" }, next]);
  assert.deepEqual(headsChanged(graphFromSources([base, next]), moved), []);
});
