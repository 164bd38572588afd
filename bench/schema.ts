import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { extractSchema } from "../src/orm/index.js";
import { loadPythonFiles } from "../src/orm/loader.js";
import { medianMs, type BenchSuite } from "./types.js";

/** `remodel schema` on the Backend.AI checkout (budget: 2 s wall on 2 cores), in process and as a CLI run. */
const BAI = process.env.REMODEL_BENCH_BAI ?? "/work/bai/2371edeb06";

export const suite: BenchSuite = {
  name: "schema",
  async run() {
    if (!existsSync(BAI))
      return { figures: [], notes: [`Backend.AI checkout not found at ${BAI} (set REMODEL_BENCH_BAI)`] };
    let stats = { files: 0, candidates: 0, parsed: 0 };
    let tables = 0;
    const inProcess = await medianMs(5, () => {
      const s = extractSchema(loadPythonFiles(BAI), { onStats: (x) => (stats = x) });
      tables = s.tables.length;
    });
    // CPU time is steadier than wall time on a shared machine: report both.
    const cpu0 = process.cpuUsage();
    extractSchema(loadPythonFiles(BAI));
    const cpu = process.cpuUsage(cpu0);
    const bin = join(new URL("../..", import.meta.url).pathname, "bin/remodel.js");
    const schema = (...extra: string[]) => {
      const r = spawnSync(process.execPath, [bin, "schema", BAI, "--json", ...extra], {
        stdio: ["ignore", "ignore", "inherit"],
      });
      if (r.status !== 0) throw new Error(`remodel schema exited ${r.status}`);
    };
    // Nothing kept from an earlier run (every file parsed), then with the project's .remodel_cache
    // written by a first run (only changed files parsed; here none).
    const cold = await medianMs(3, () => schema("--no-cache"));
    schema();
    const cli = await medianMs(3, () => schema());
    return {
      figures: [
        {
          name: "remodel schema (CLI, Backend.AI)",
          value: cli,
          unit: "ms",
          budget: 2000,
          detail: `${stats.files} files, ${stats.candidates} candidates, ${stats.parsed} parsed, ${tables} tables; .remodel_cache from a first run`,
        },
        {
          name: "remodel schema --no-cache (CLI, Backend.AI)",
          value: cold,
          unit: "ms",
          budget: 2000,
          detail: "every candidate parsed",
        },
        { name: "load + extract (in process)", value: inProcess, unit: "ms", budget: 2000 },
        {
          name: "load + extract CPU time (user+sys, one run)",
          value: (cpu.user + cpu.system) / 1000,
          unit: "ms",
          budget: 2000,
        },
        { name: "files parsed", value: stats.parsed, unit: "count" },
      ],
      notes: [],
    };
  },
};
