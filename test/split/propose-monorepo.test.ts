/**
 * `plan split` in a monorepo whose sub-projects each have a `common/models.py`: what importers use
 * together is read from the files that import the split file as their own source root sees it.
 * Another sub-project's importers of its own `common.models` (orders' billing code importing its
 * Bin and Supplier together, six times) say nothing about stock's file, so stock's plan is the
 * one stock alone gets.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { test } from "node:test";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { project } from "./support.js";

// stock's models of the split fixture of the same layout.
const MODELS = readFileSync(
  new URL(
    "../../../test/fixtures/split/same-package-name-in-two-sub-projects/before/stock/src/common/models.py",
    import.meta.url,
  ),
  "utf8",
);

const stock = {
  "stock/pyproject.toml": '[project]\nname = "stock"\n',
  "stock/src/common/__init__.py": "",
  "stock/src/common/models.py": MODELS,
};

async function planOf(files: Record<string, string>, path: string): Promise<[string, string[]][]> {
  const dir = project(files);
  try {
    const plan = proposeSplit(new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })), path);
    assert.ok(!("error" in plan), JSON.stringify(plan));
    return plan.modules.map((m) => [m.name, m.statements]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("plan split reads the importers of the split file's own sub-project, not another's module of that name", async () => {
  const orders: Record<string, string> = {
    "orders/pyproject.toml": '[project]\nname = "orders"\n',
    "orders/src/common/__init__.py": "",
    "orders/src/common/models.py": MODELS,
    "orders/src/common/billing/__init__.py": "",
  };
  for (let i = 1; i <= 6; i++)
    orders[`orders/src/common/billing/invoice${i}.py`] =
      `from common.models import Bin, Supplier\n\n\ndef total${i}(b: Bin, s: Supplier):\n    return b, s\n`;
  const alone = await planOf(stock, "stock/src/common/models.py");
  assert.deepEqual(alone, [
    ["base", ["Base"]],
    ["shelf", ["Shelf", "Bin"]],
    ["supplier", ["Supplier", "Delivery"]],
  ]);
  assert.deepEqual(await planOf({ ...stock, ...orders }, "stock/src/common/models.py"), alone);
});
