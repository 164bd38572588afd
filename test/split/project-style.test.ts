/**
 * The project's own layout of models as the split planner reads it (project-style.ts): another
 * models package of one model per module named after it makes the plan one module per model; a
 * package too small to be a habit, one of another kind of class, and the file's own package
 * (modules moved out of it one at a time) do not.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { project } from "./support.js";

const head = "from django.db import models\n\n\n";
const model = (name: string, fk = "") =>
  `class ${name}(models.Model):\n    name = models.CharField(max_length=40)\n${fk ? `    of = models.ForeignKey("${fk}", on_delete=models.CASCADE)\n` : ""}\n\n`;
/** Four linked pairs: the links alone make four modules of two. */
const linked =
  head +
  [["Pool"], ["Disk", "Pool"], ["Share"], ["Snapshot", "Share"], ["Host"], ["Port", "Host"], ["Job"], ["Run", "Job"]]
    .map(([n, fk]) => model(n, fk))
    .join("");

/** `count` modules of the package `dir`, each holding one class named after it, built on `base`. */
function perModelPackage(dir: string, count: number, base = "models.Model"): Record<string, string> {
  const files: Record<string, string> = { [`${dir}/__init__.py`]: "" };
  for (let k = 0; k < count; k++) files[`${dir}/metric_${k}.py`] = `${head}class Metric${k}(${base}):\n    pass\n`;
  return files;
}

async function modules(files: Record<string, string>, file: string): Promise<number> {
  const dir = project(files);
  const p = proposeSplit(new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })), file);
  assert.ok(!("error" in p));
  return p.modules.filter((m) => m.statements.some((s) => /^[A-Z]/.test(s))).length;
}

const app = { "nas/__init__.py": "", "nas/models.py": linked, "stats/__init__.py": "" };

test("another models package of one model per module makes one module per model", async () => {
  assert.equal(await modules({ ...app, ...perModelPackage("stats/models", 4) }, "nas/models.py"), 8);
});

test("a package of three modules, or of another kind of class, is no convention", async () => {
  assert.equal(await modules({ ...app, ...perModelPackage("stats/models", 3) }, "nas/models.py"), 4);
  assert.equal(await modules({ ...app, ...perModelPackage("stats/models", 6, "Exception") }, "nas/models.py"), 4);
});

test("the file's own package is what was moved out of it, not the team's layout", async () => {
  const own = { ...perModelPackage("nas/models", 5), "nas/__init__.py": "", "nas/models/core.py": linked };
  assert.equal(await modules(own, "nas/models/core.py"), 4);
});

test("models kept in the package's __init__ beside a few named modules are no convention", async () => {
  const init = `${head}${Array.from({ length: 30 }, (_, k) => `class Kept${k}(models.Model):\n    pass\n\n\n`).join("")}`;
  const files = { ...app, ...perModelPackage("stats/models", 4), "stats/models/__init__.py": init };
  assert.equal(await modules(files, "nas/models.py"), 4);
});

test("a column type or a manager goes with the model using it, not into a module of its own", async () => {
  const file =
    head +
    "class PoolManager(models.Manager):\n    pass\n\n\n" +
    "class Pool(models.Model):\n    objects = PoolManager()\n\n\n" +
    model("Disk", "Pool") +
    model("Share");
  const dir = project({
    "nas/__init__.py": "",
    "nas/models.py": file,
    "stats/__init__.py": "",
    ...perModelPackage("stats/models", 4),
  });
  const p = proposeSplit(new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })), "nas/models.py");
  assert.ok(!("error" in p));
  const pool = p.modules.find((m) => m.statements.includes("Pool"));
  assert.ok(pool?.statements.includes("PoolManager"), JSON.stringify(p.modules));
  assert.equal(
    p.modules.filter((m) => m.statements.some((s) => /^[A-Z]/.test(s))).length,
    3,
    JSON.stringify(p.modules),
  );
});
