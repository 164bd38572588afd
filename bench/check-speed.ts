/**
 * Issue 13's speed budget: cold `check` on a ~7,000-file real project at most half of one CPython
 * `ast.parse` pass over the same files, warm at most a tenth. The project is several checkouts of
 * bench/check-precision/projects.json copied side by side into one folder (no single public project
 * of that size is kept here); the reference is one `/usr/bin/python3` process that reads and parses
 * every file Remodel indexes, timed from its start to its end, in the same run. Each figure is the
 * median of 3 runs.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProject } from "../src/project/load.js";
import { loadProjects } from "./check-precision.js";
import { medianRun, runRemodel } from "./cli-run.js";
import type { BenchSuite, Figure } from "./types.js";

// REMODEL_SPEED_PROJECTS=id,id picks the checkouts (default: about 7,500 files).
const DEFAULT = "saleor,polar,netbox";

const PARSE_ALL = `
import ast, sys, time
paths = open(sys.argv[1], encoding="utf-8").read().split("\\n")
t0 = time.perf_counter()
for p in paths:
    with open(p, "rb") as f:
        src = f.read()
    try:
        ast.parse(src, p)
    except (SyntaxError, ValueError):
        pass
print((time.perf_counter() - t0) * 1000)
`;

export const suite: BenchSuite = {
  name: "check-speed",
  async run() {
    const base = process.env.REMODEL_PRECISION_ROOT ?? "/tmp/real";
    const python = process.env.REMODEL_PRECISION_PYTHON ?? "/usr/bin/python3";
    const ids = (process.env.REMODEL_SPEED_PROJECTS ?? DEFAULT).split(",");
    const chosen = loadProjects().filter((p) => ids.includes(p.id));
    const work = mkdtempSync(join(tmpdir(), "remodel-bench-speed-"));
    const notes: string[] = [];
    try {
      for (const p of chosen) {
        const dir = join(base, `${p.repo.replace("/", "+")}@${p.commit.slice(0, 8)}`, p.root);
        if (!existsSync(dir)) {
          notes.push(`${p.id}: no checkout at ${dir}, skipped`);
          continue;
        }
        cpSync(dir, join(work, p.id), { recursive: true, filter: (x) => !x.includes(".remodel_cache") });
      }
      const index = await loadProject(work, { noCache: true, exactRoot: true });
      const list = join(tmpdir(), `remodel-speed-files-${process.pid}.txt`);
      writeFileSync(list, [...index.files.keys()].map((f) => join(work, f)).join("\n"));
      const parseMs = () => {
        const r = spawnSync(python, ["-c", PARSE_ALL, list], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`ast.parse pass failed: ${r.stderr}`);
        return Number(r.stdout.trim());
      };
      const parse: number[] = [];
      const cold = medianRun(3, () => {
        parse.push(parseMs());
        return runRemodel(["check", ".", "--no-cache"], work);
      });
      runRemodel(["check", "."], work);
      const warm = medianRun(3, () => {
        parse.push(parseMs());
        return runRemodel(["check", "."], work);
      });
      rmSync(list, { force: true });
      parse.sort((a, b) => a - b);
      const ref = parse[Math.floor(parse.length / 2)];
      const what = `${index.files.size} files (${chosen.map((p) => p.id).join(" + ")})`;
      const figures: Figure[] = [
        {
          name: "ast.parse pass (reference)",
          value: ref,
          unit: "ms",
          detail: `${python}, read + ast.parse of ${what}, median of ${parse.length}`,
        },
        {
          name: "check, cold (--no-cache)",
          value: cold.ms,
          unit: "ms",
          detail: `whole command, peak ${cold.maxRssMb.toFixed(0)} MB`,
        },
        { name: "check, warm (cached facts)", value: warm.ms, unit: "ms", detail: "whole command" },
        { name: "cold / ast.parse", value: cold.ms / ref, unit: "ratio", budget: 0.5 },
        { name: "warm / ast.parse", value: warm.ms / ref, unit: "ratio", budget: 0.1 },
      ];
      return { figures, notes };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
