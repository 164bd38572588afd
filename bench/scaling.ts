/** `remodel check` over generated projects of 1k, 10k and 50k modules: time should grow linearly. */
import { medianRun, runRemodel } from "./cli-run.js";
import { SYNTHETIC_SIZES, syntheticProject } from "./synthetic.js";
import type { BenchSuite, Figure } from "./types.js";

export const suite: BenchSuite = {
  name: "scaling",
  async run() {
    const figures: Figure[] = [];
    for (const size of SYNTHETIC_SIZES) {
      const tree = syntheticProject(size);
      const cold = medianRun(size >= 50_000 ? 1 : 3, () =>
        runRemodel(["check", tree.dir, "--no-cache", "--select", "RM001,RM002,RM003,RM004,RM005,RM006"], tree.dir),
      );
      figures.push({
        name: `check ${size / 1000}k modules, cold`,
        value: cold.ms,
        unit: "ms",
        detail: `${((cold.ms / size) * 1000).toFixed(1)} µs/module, peak ${cold.maxRssMb.toFixed(0)} MB`,
      });
      runRemodel(["check", tree.dir], tree.dir);
      const warm = medianRun(3, () => runRemodel(["check", tree.dir], tree.dir));
      figures.push({
        name: `check ${size / 1000}k modules, warm`,
        value: warm.ms,
        unit: "ms",
        detail: `${((warm.ms / size) * 1000).toFixed(1)} µs/module`,
      });
    }
    return { figures, notes: [] };
  },
};
