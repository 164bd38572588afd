/**
 * A problem that existed before a refactoring and only moved to another file with its code is not
 * new: problems match by code, message and the code line they point at, not only by path. Both the
 * split's own verification and `check --baseline` after it say so; a new problem is still new.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { newProblems, unmatchedProblems } from "../../src/verify/check.js";
import { capture } from "./support.js";

const fixture = new URL("../../../test/fixtures/split/moved-problems/before", import.meta.url).pathname;

test("check --baseline written before a split passes after it, though the problems are in new files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-moved-"));
  try {
    cpSync(fixture, dir, { recursive: true });
    const baseline = join(dir, "baseline.json");
    assert.equal(await main(["check", dir, "--write-baseline", baseline, "--no-cache"], capture(dir)), 0);
    const split = capture(dir);
    assert.equal(
      await main(["split", "zoo/models.py", "--root", dir, "--no-cache"], split),
      0,
      split.stdout() + split.stderr(),
    );
    const plain = capture(dir);
    assert.equal(await main(["check", dir, "--no-cache"], plain), 1);
    assert.match(plain.stdout(), /zoo\/models\/keeper\.py:\d+:9: RM001 import "\.\.staff"/);
    const io = capture(dir);
    assert.equal(await main(["check", dir, "--baseline", baseline, "--no-cache"], io), 0, io.stdout());
    assert.equal(io.stdout(), "All checks passed (2 in the baseline).\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a problem in another file matches a baseline entry only with the same code, message and line", () => {
  const p = (path: string, source: string, message = 'import ".staff" could not be resolved') => ({
    code: "RM001",
    path,
    line: 3,
    column: 9,
    message,
    source,
  });
  const baseline = [p("zoo/models.py", "from .staff import rota")];
  assert.deepEqual(
    newProblems(
      [p("zoo/models/keeper.py", "from ..staff import rota", 'import "..staff" could not be resolved')],
      baseline,
    ),
    [],
  );
  assert.equal(
    newProblems([p("zoo/models/keeper.py", "from .staff import shifts")], baseline).length,
    1,
    "another line is another problem",
  );
  assert.equal(
    newProblems(
      [p("zoo/models/keeper.py", "x = rota()"), p("zoo/models/visitor.py", "x = rota()")],
      [p("zoo/models.py", "x = rota()")],
    ).length,
    1,
    "one baseline entry excuses one problem",
  );
  const [left] = newProblems([p("zoo/other.py", "x")], baseline);
  assert.ok(!("source" in left), "reported problems carry no source field");
});

test("a broken import copied into several modules is one problem, before and after", () => {
  const p = (path: string, source: string) => ({
    code: "RM001",
    path,
    line: 5,
    column: 1,
    message: 'import ".signals" could not be resolved',
    source,
  });
  const before = [p("shop/models/__init__.py", "from .signals import *")];
  const copies = [
    p("shop/models/customer.py", "from .signals import *"),
    p("shop/models/invoice.py", "from .signals import *"),
  ];
  assert.deepEqual(newProblems(copies, before), [], "copies of a broken import are not new");
  assert.equal(
    newProblems([p("shop/models/x.py", "from .signal import *")], before).length,
    1,
    "another import is new",
  );
});
