import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import { cachedTree } from "../../bench/generate/cache.js";

const name = `cache-test-${process.pid}`;
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("cachedTree generates once per options, reuses the tree after, and drops stale versions", () => {
  let calls = 0;
  const generate = (dir: string) => {
    calls++;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "x.txt"), `call ${calls}`);
    return { calls };
  };
  const first = cachedTree(name, { seed: 1 }, generate);
  made.push(first.dir);
  assert.ok(first.generatedMs !== undefined);
  const again = cachedTree(name, { seed: 1 }, generate);
  assert.equal(again.generatedMs, undefined);
  assert.deepEqual(again.stats, { calls: 1 });
  assert.equal(readFileSync(join(again.dir, "x.txt"), "utf8"), "call 1");
  const other = cachedTree(name, { seed: 2 }, generate);
  made.push(other.dir);
  assert.notEqual(other.dir, first.dir);
  assert.equal(calls, 2);
  assert.equal(existsSync(first.dir), false, "the tree for other options was dropped");
});
