/**
 * The process never aborts after writing: `remodel split` of a generated real-sized monolith, run
 * ten times as its own process (a fresh copy each time), exits 0 with its result every time. An
 * abort while worker threads are torn down (exit 134 once) shows only across repeated runs.
 */
// REMODEL_TIER_FAULTS: minutes of real processes killed and re-run; `npm test` and CI run it, `test:unit` does not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generateMonolith } from "../../bench/generate/monolith.js";

const cli = new URL("../../../bin/remodel.js", import.meta.url).pathname;

test("split of a 150-class monolith exits 0 in ten runs out of ten", () => {
  const source = mkdtempSync(join(tmpdir(), "remodel-split-repeat-"));
  try {
    generateMonolith(source, { classes: 150, lines: 7500, importers: 60, seed: 5 });
    for (let run = 1; run <= 10; run++) {
      const dir = `${source}-${run}`;
      cpSync(source, dir, { recursive: true });
      try {
        const r = spawnSync(process.execPath, [cli, "split", "src/mono/models.py", "--root", dir, "--no-cache"], {
          encoding: "utf8",
          timeout: 120_000,
        });
        assert.equal(
          r.status,
          0,
          `run ${run}: exit ${r.status} (signal ${r.signal})\n${r.stdout}${r.stderr.slice(-2000)}`,
        );
        assert.match(r.stdout, /verified: no new problems; wrote \d+ file\(s\)/, `run ${run}`);
        assert.ok(existsSync(join(dir, "src/mono/models/__init__.py")), `run ${run} wrote the package`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
});
