/**
 * Which file a module name stands for when several files give it: the package before a module
 * file beside it (CPython's finder), a `.py` before its `.pyi`, the more specific source root
 * first; whatever order the walk met the files in, and the same after an in-memory update as
 * after a fresh build.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildIndex, type FileEntry, updateIndex } from "../../src/project/build.js";
import type { ProjectIndex } from "../../src/project/types.js";
import { scanModule } from "../../src/python/scan.js";

const CONFIG = { src: [], exclude: [], commitMessage: null, raw: {} };
const ROOTS = ["src", ""];
const entry = (path: string): FileEntry => ({ path, hash: path, bom: false, facts: scanModule("") });
const build = (paths: string[]) => buildIndex("/p", CONFIG, ROOTS, paths.map(entry), [], () => "");
const standsFor = (index: ProjectIndex) =>
  Object.fromEntries([...index.modules].map(([name, m]) => [name, m.file?.path ?? null]).sort());

function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

test("a package beats the module file beside it, a .py beats its .pyi, a src root beats the project root: in any walk order", () => {
  const cases: [string[], string, string][] = [
    [["pkg/__init__.py", "pkg/mod.py", "pkg/mod/__init__.py"], "pkg.mod", "pkg/mod/__init__.py"],
    [["pkg/__init__.py", "pkg/mod.pyi", "pkg/mod.py"], "pkg.mod", "pkg/mod.py"],
    [["pkg/__init__.py", "pkg/mod.py", "pkg/mod/__init__.pyi"], "pkg.mod", "pkg/mod.py"],
    [["app/__init__.py", "src/app/__init__.py"], "app", "src/app/__init__.py"],
    [["top.py", "top/__init__.py"], "top", "top/__init__.py"],
  ];
  for (const [paths, module, file] of cases) {
    for (const order of orders(paths))
      assert.equal(build(order).modules.get(module)?.file?.path, file, order.join(" "));
  }
});

test("removing the package lets the module file beside it stand for the name again; a package without its __init__ is a namespace", () => {
  const before = build([
    "pkg/__init__.py",
    "pkg/mod.py",
    "pkg/mod/__init__.py",
    "pkg/other/__init__.py",
    "pkg/other/x.py",
  ]);
  const after = updateIndex(before, ROOTS, ["pkg/mod/__init__.py", "pkg/other/__init__.py"], [], () => "");
  assert.equal(after.modules.get("pkg.mod")?.file?.path, "pkg/mod.py");
  assert.deepEqual(after.modules.get("pkg.other"), { name: "pkg.other", file: null, isPackage: true });
});

test("an update gives the modules a fresh build of the same files gives", () => {
  const universe = [
    "a/__init__.py",
    "a/m.py",
    "a/m/__init__.py",
    "a/m/k.py",
    "a/m.pyi",
    "src/a/__init__.py",
    "src/a/m.py",
    "b.py",
    "b/__init__.py",
  ];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let round = 0; round < 300; round++) {
    const start = universe.filter(() => rand() < 0.6);
    const removed = start.filter(() => rand() < 0.4);
    const added = universe.filter((p) => !start.includes(p) && rand() < 0.4);
    const final = [...start.filter((p) => !removed.includes(p)), ...added];
    const updated = updateIndex(build(start), ROOTS, removed, added.map(entry), () => "");
    assert.deepEqual(
      standsFor(updated),
      standsFor(build(final)),
      `start ${start.join(" ")}; removed ${removed.join(" ")}; added ${added.join(" ")}`,
    );
  }
});

test("a flat workspace member's files also stand for their outer names, after an update as after a fresh build", () => {
  const roots = ["billing", "shop", ""];
  const members = ["billing", "shop"];
  const make = (paths: string[]) => buildIndex("/p", CONFIG, roots, paths.map(entry), [], () => "", members);
  const all = ["billing/invoices/__init__.py", "billing/invoices/totals.py", "shop/shop/__init__.py"];
  const fresh = make(all);
  assert.equal(fresh.modules.get("billing.invoices.totals")?.file?.path, "billing/invoices/totals.py");
  assert.equal(fresh.modules.get("billing")?.file, null);
  // `shop` is the member's regular package: CPython never reaches the folder as `shop.shop`.
  assert.equal(fresh.modules.has("shop.shop"), false);
  const updated = updateIndex(make(all.slice(0, 1)), roots, [], [entry(all[1]), entry(all[2])], () => "");
  assert.deepEqual(standsFor(updated), standsFor(fresh));
  const removed = updateIndex(fresh, roots, ["billing/invoices/totals.py"], [], () => "");
  assert.equal(removed.modules.has("billing.invoices.totals"), false);
  assert.equal(removed.modules.get("billing.invoices")?.file?.path, "billing/invoices/__init__.py");
});
