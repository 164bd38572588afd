import { setFlagsFromString } from "node:v8";
import type { BenchSuite } from "./types.js";

// As bin/remodel.js does: baseline WebAssembly code for Ruff (the library sets no V8 flag itself).
setFlagsFromString("--liftoff-only");

/**
 * `npm run bench [NAME...]`: runs the benchmark suites and prints a Markdown table to paste into
 * BENCHMARKS.md. Add a suite: a file in bench/ exporting `suite`, one line here.
 */
const suites: Record<string, () => Promise<{ suite: BenchSuite }>> = {
  "backend.ai": () => import("./backend-ai.js"),
  scaling: () => import("./scaling.js"),
  alembic: () => import("./alembic.js"),
  synthetic: () => import("./synthetic.js"),
  schema: () => import("./schema.js"),
  docs: () => import("./docs.js"),
  db: () => import("./db.js"),
  "db-scale": () => import("./db-scale.js"),
  split: () => import("./split.js"),
  "split-corpus": () => import("./split-corpus.js"),
  sql: () => import("./sql.js"),
  "check-precision": () => import("./check-precision.js"),
  "check-speed": () => import("./check-speed.js"),
  conformance: () => import("./conformance.js"),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const names = Object.keys(suites).filter((n) => only.length === 0 || only.includes(n));
  console.log(`| suite | figure | value | budget | detail |\n|---|---|---|---|---|`);
  for (const name of names) {
    const { suite } = await suites[name]();
    const { figures, notes } = await suite.run();
    for (const f of figures) {
      const budget = f.budget === undefined ? "" : `${f.budget} ${f.unit}`;
      const mark = f.budget === undefined ? "" : f.value <= f.budget ? " ✔" : " ✖";
      console.log(
        `| ${suite.name} | ${f.name} | ${f.value.toFixed(f.unit === "count" ? 0 : f.unit === "ratio" ? 2 : 1)}${f.unit === "ratio" ? "" : ` ${f.unit}`}${mark} | ${budget} | ${f.detail ?? ""} |`,
      );
    }
    for (const n of notes) console.log(`| ${suite.name} | note | | | ${n} |`);
  }
}

await main();
