import { cachedTree, type CachedTree } from "./generate/cache.js";
import { generateMonolith, type MonolithStats } from "./generate/monolith.js";
import { generateProject, type ProjectStats } from "./generate/project.js";
import type { BenchSuite, Figure } from "./types.js";

export const SYNTHETIC_SIZES = [1_000, 10_000, 50_000] as const;
const SEED = 1;

/** The synthetic project of `modules` files under /tmp/remodel-bench (generated once per seed). */
export function syntheticProject(modules: number, seed = SEED): CachedTree<ProjectStats> {
  return cachedTree(`synthetic-${modules}`, { modules, seed }, (dir) => generateProject(dir, { modules, seed }));
}

/** Issue 4's input: a 300-class, 15,000-line models.py with 500 importers. */
export function syntheticMonolith(seed = SEED): CachedTree<MonolithStats> {
  const opts = { classes: 300, lines: 15_000, importers: 500, seed };
  return cachedTree("monolith-300", opts, (dir) => generateMonolith(dir, opts));
}

function sizeFigures(label: string, tree: CachedTree<{ files: number; bytes: number; lines: number }>): Figure[] {
  const detail = tree.dir;
  const figures: Figure[] = [
    { name: `${label} files`, value: tree.stats.files, unit: "count", detail },
    { name: `${label} size`, value: tree.stats.bytes / 1e6, unit: "MB" },
    { name: `${label} lines`, value: tree.stats.lines, unit: "count" },
  ];
  if (tree.generatedMs !== undefined)
    figures.push({
      name: `${label} generation`,
      value: tree.generatedMs,
      unit: "ms",
      detail: "first run only; cached after",
    });
  return figures;
}

/**
 * Synthetic inputs for the scaling benchmarks: projects of 1k, 10k and 50k modules and the
 * monolith. For now it reports their sizes; the timing of `remodel check` over them goes here.
 */
export const suite: BenchSuite = {
  name: "synthetic",
  async run() {
    const figures: Figure[] = [];
    for (const size of SYNTHETIC_SIZES) figures.push(...sizeFigures(`${size / 1000}k modules`, syntheticProject(size)));
    figures.push(...sizeFigures("monolith models.py", syntheticMonolith()));
    return { figures, notes: [] };
  },
};
