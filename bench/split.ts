import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadProject } from "../src/project/load.js";
import { Resolver } from "../src/project/resolver.js";
import { executeOverlay, prepareOverlay } from "../src/run/execute.js";
import { proposeSplit } from "../src/refactor/split/propose.js";
import { planSplitEdits } from "../src/refactor/split/split.js";
import { cachedTree } from "./generate/cache.js";
import { generateMonolith } from "./generate/monolith.js";
import { generatePerModel } from "./generate/per-model.js";
import { medianMs, type BenchSuite, type Figure } from "./types.js";
import { isFailure } from "../src/core/outcome.js";

/**
 * Issue 4's budget: `plan split` + `split --dry-run` (verification included) of a generated
 * 300-class, 15,000-line models.py with 500 importers, within 3 s wall on 2 cores.
 */
const OPTIONS = { classes: 300, lines: 15000, importers: 500, seed: 4 };
const FILE = "src/mono/models.py";
const PER_MODEL = { classes: 300, seed: 4 };

export const suite: BenchSuite = {
  name: "split",
  async run() {
    const tree = cachedTree("monolith-split", OPTIONS, (dir) => generateMonolith(dir, OPTIONS));
    const phases: Record<string, number> = {};
    const time = <T>(name: string, fn: () => T): T => {
      const t0 = performance.now();
      const out = fn();
      phases[name] = (phases[name] ?? 0) + performance.now() - t0;
      return out;
    };
    let modules = 0;
    let added = 0;
    const runs = 3;
    const inProcess = await medianMs(runs, async () => {
      const t0 = performance.now();
      const project = await loadProject(tree.dir, { noCache: true, exactRoot: true });
      phases.load = (phases.load ?? 0) + performance.now() - t0;
      const resolver = new Resolver(project);
      const plan = time("plan split", () => proposeSplit(resolver, FILE));
      if (isFailure(plan)) throw new Error(plan.error);
      const planned = time("split edits", () => planSplitEdits(resolver, plan, { exists: () => false }));
      if (planned.kind !== "planned") throw new Error(planned.reason);
      modules = planned.modules.length;
      const overlay = time("sort imports (ruff)", () => prepareOverlay(project, planned.plan));
      const result = await time("verify", () =>
        executeOverlay(project, overlay, planned.plan.renames, { dryRun: true }),
      );
      added = result.added.length;
    });
    const bin = join(new URL("../..", import.meta.url).pathname, "bin/remodel.js");
    const cli = await medianMs(1, () => {
      const r = spawnSync(process.execPath, [bin, "split", FILE, "--root", tree.dir, "--no-cache", "--dry-run"], {
        stdio: ["ignore", "ignore", "inherit"],
      });
      if (r.status !== 0) throw new Error(`remodel split exited ${r.status}`);
    });
    // --modules' worst case: many small proposed modules merged two at a time down to a few.
    const perModel = cachedTree("per-model-split", PER_MODEL, (dir) => generatePerModel(dir, PER_MODEL));
    const perProject = await loadProject(perModel.dir, { noCache: true, exactRoot: true });
    let merged = 0;
    const asked = await medianMs(runs, () => {
      const plan = proposeSplit(new Resolver(perProject), "per/models.py", 5);
      if (isFailure(plan)) throw new Error(plan.error);
      merged = plan.modules.length;
    });
    const figures: Figure[] = [
      {
        name: "plan + split --dry-run, verified (in process)",
        value: inProcess,
        unit: "ms",
        budget: 3000,
        detail: `${tree.stats.modelLines} lines, ${OPTIONS.classes} classes, ${tree.stats.importers} importers -> ${modules} modules, ${added} new problems`,
      },
      { name: "remodel split --dry-run (CLI, one run)", value: cli, unit: "ms", budget: 3000 },
      {
        name: "plan split --modules 5 (in process)",
        value: asked,
        unit: "ms",
        detail: `${PER_MODEL.classes} classes, each named apart -> ${merged} modules`,
      },
      ...Object.entries(phases).map(
        ([name, ms]): Figure => ({ name: `  phase: ${name} (mean)`, value: ms / runs, unit: "ms" }),
      ),
    ];
    return { figures, notes: [] };
  },
};
