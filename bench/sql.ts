import { existsSync } from "node:fs";
import { medianRun, runRemodel } from "./cli-run.js";
import type { BenchSuite } from "./types.js";

/** `remodel sql inventory` on the Backend.AI checkout (3,161 files; budget: 2 s), as a CLI run. */
const BAI = process.env.REMODEL_BENCH_BAI ?? "/work/bai/2371edeb06";

export const suite: BenchSuite = {
  name: "sql",
  async run() {
    if (!existsSync(BAI))
      return { figures: [], notes: [`Backend.AI checkout not found at ${BAI} (set REMODEL_BENCH_BAI)`] };
    const r = medianRun(5, () => runRemodel(["sql", "inventory", ".", "--json"], BAI));
    if (r.code > 1) throw new Error(`remodel sql inventory exited ${r.code}`);
    // Without the content cache: every model file parsed again, as on a first run.
    const cold = medianRun(3, () => runRemodel(["sql", "inventory", ".", "--json", "--no-cache"], BAI));
    // The reference, in the same run so that the machine's load falls on both: the static schema of the same tree.
    const ref = medianRun(5, () => runRemodel(["schema", ".", "--json"], BAI));
    const sites = (JSON.parse(r.stdout) as { sites: { verdict: string }[] }).sites;
    return {
      figures: [
        {
          name: "sql inventory (CLI, Backend.AI)",
          value: r.ms,
          unit: "ms",
          budget: 2000,
          detail: `${sites.length} sites, ${sites.filter((s) => s.verdict === "convertible").length} convertible`,
        },
        {
          name: "sql inventory --no-cache (CLI, Backend.AI)",
          value: cold.ms,
          unit: "ms",
          budget: 2000,
          detail: `--no-cache / schema = ${(cold.ms / ref.ms).toFixed(2)}`,
        },
        {
          name: "remodel schema --json (reference, same tree)",
          value: ref.ms,
          unit: "ms",
          detail: `sql inventory / schema = ${(r.ms / ref.ms).toFixed(2)}`,
        },
        { name: "sql inventory: peak memory", value: r.maxRssMb, unit: "MB" },
      ],
      notes: [],
    };
  },
};
