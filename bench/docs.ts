import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docsContext } from "../src/docs/context.js";
import { htmlPage } from "../src/docs/html/html.js";
import { markdownFiles } from "../src/docs/markdown/markdown.js";
import { generatedSchema } from "../test/docs/generated-schema.js";
import { medianMs, type BenchSuite } from "./types.js";

/**
 * `remodel docs --html` on the generated 250-table schema: the whole command in a fresh process
 * (what a user waits for), and the pure renderers in-process. Budget from issue 5: 5 s for
 * Backend.AI (100+ tables) with `--html`.
 */
const BAI = process.env.REMODEL_BENCH_BAI ?? "/work/bai/2371edeb06";
const BIN = join(new URL("../..", import.meta.url).pathname, "bin/remodel.js");

function docs(args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, "docs", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`remodel docs failed: ${r.stderr}`);
}

export const suite: BenchSuite = {
  name: "docs",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "remodel-bench-docs-"));
    const schema = generatedSchema();
    const file = join(dir, "schema.json");
    writeFileSync(file, JSON.stringify(schema));
    const cli = await medianMs(5, () => docs(["--schema", file, "--out", join(dir, "out"), "--html"]));
    const baiArgs = [BAI, "--out", join(dir, "bai"), "--html"];
    const baiCold = existsSync(BAI) ? await medianMs(3, () => docs([...baiArgs, "--no-cache"])) : null;
    if (baiCold !== null) docs(baiArgs); // writes the project's .remodel_cache
    const bai = baiCold !== null ? await medianMs(3, () => docs(baiArgs)) : null;
    const render = await medianMs(5, () => {
      const ctx = docsContext(schema);
      markdownFiles(ctx);
      htmlPage(ctx);
    });
    rmSync(dir, { recursive: true, force: true });
    const detail = `${schema.tables.length} tables, generated schema (test/docs/generated-schema.ts)`;
    return {
      figures: [
        { name: "remodel docs --html (process)", value: cli, unit: "ms", budget: 5000, detail },
        { name: "render Markdown + HTML (in-process)", value: render, unit: "ms", detail },
        ...(bai === null || baiCold === null
          ? []
          : [
              {
                name: "remodel docs --html (process, Backend.AI)",
                value: bai,
                unit: "ms" as const,
                budget: 5000,
                detail: `${BAI}; .remodel_cache from a first run`,
              },
              {
                name: "remodel docs --html --no-cache (process, Backend.AI)",
                value: baiCold,
                unit: "ms" as const,
                budget: 5000,
                detail: BAI,
              },
            ]),
      ],
      notes: bai === null ? [`Backend.AI checkout not found at ${BAI} (set REMODEL_BENCH_BAI)`] : [],
    };
  },
};
