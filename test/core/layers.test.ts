/** The folder direction of docs/ARCHITECTURE.md holds for src/, and the rule sees an import that breaks it. */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const { violations } = (await import(join(repoRoot, "scripts/layers.mjs"))) as { violations(src: string): string[] };

test("every import of src/ points down the layers", () => {
  assert.deepEqual(violations(join(repoRoot, "src")), []);
});

test("an import up the layers (core importing the CLI) or sideways (refactor importing verify) is reported", () => {
  const src = join(
    writeProject({
      "src/core/text.ts": 'import { main } from "../cli/main.js";\nexport const x = main;\n',
      "src/cli/main.ts": 'import { x } from "../core/text.js";\nexport const main = () => x;\n',
      "src/refactor/a.ts": 'export { runChecks } from "../verify/check.js";\n',
      "src/verify/check.ts": "export const runChecks = 1;\n",
    }),
    "src",
  );
  mkdirSync(join(src, "orm"), { recursive: true });
  writeFileSync(
    join(src, "orm/x.ts"),
    'import type { Schema } from "../schema/model.js";\nconst lazy = () => import("../run/runner.js");\n',
  );
  const found = violations(src).map((v) => v.replace(/^.*?src\//, "src/"));
  assert.deepEqual(found.sort(), [
    "src/core/text.ts: core/ imports ../cli/main.js (cli/ is above it)",
    "src/orm/x.ts: orm/ imports ../run/runner.js (run/ is above it)",
    "src/refactor/a.ts: refactor/ imports ../verify/check.js (verify/ is beside it)",
  ]);
});
