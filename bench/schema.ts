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
    if (!existsSync(BAI)) return { figures: [], notes: [`Backend.AI checkout not found at ${BAI} (set REMODEL_BENCH_BAI)`] };
    let stats = { files: 0, candidates: 0, parsed: 0 };
    let tables = 0;
    const inProcess = await medianMs(5, () => {
      const s = extractSchema(loadPythonFiles(BAI), { onStats: (x) => (stats = x) });
      tables = s.tables.length;
    });
    const bin = join(new URL("../..", import.meta.url).pathname, "bin/remodel.js");
    const cli = await medianMs(3, () => {
      const r = spawnSync(process.execPath, [bin, "schema", BAI, "--json"], { stdio: ["ignore", "ignore", "inherit"] });
      if (r.status !== 0) throw new Error(`remodel schema exited ${r.status}`);
    });
    return {
      figures: [
        { name: "remodel schema (CLI, Backend.AI)", value: cli, unit: "ms", budget: 2000, detail: `${stats.files} files, ${stats.candidates} candidates, ${stats.parsed} parsed, ${tables} tables` },
        { name: "load + extract (in process)", value: inProcess, unit: "ms", budget: 2000 },
        { name: "files parsed", value: stats.parsed, unit: "count" },
      ],
      notes: [],
    };
  },
};
