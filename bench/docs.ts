import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docsContext } from "../src/docs/context.js";
import { htmlPage } from "../src/docs/html.js";
import { markdownFiles } from "../src/docs/markdown.js";
import { generatedSchema } from "../test/docs/generated-schema.js";
import { medianMs, type BenchSuite } from "./types.js";

/**
 * `remodel docs --html` on the generated 250-table schema: the whole command in a fresh process
 * (what a user waits for), and the pure renderers in-process. Budget from issue 5: 5 s for
 * Backend.AI (100+ tables) with `--html`.
 */
export const suite: BenchSuite = {
  name: "docs",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "remodel-bench-docs-"));
    const schema = generatedSchema();
    const file = join(dir, "schema.json");
    writeFileSync(file, JSON.stringify(schema));
    const cli = await medianMs(5, () => {
      const r = spawnSync(process.execPath, ["bin/remodel.js", "docs", "--schema", file, "--out", join(dir, "out"), "--html"], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`remodel docs failed: ${r.stderr}`);
    });
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
      ],
      notes: [],
    };
  },
};
