/** The folder direction of docs/ARCHITECTURE.md holds for src/, and the rule sees an import that breaks it. */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const { violations } = (await import(join(repoRoot, "scripts/layers.mjs"))) as { violations(src: string): string[] };

/** The rule's findings for the tree at `src`, paths from its `src/`, sorted. */
const found = (src: string) =>
  violations(src)
    .map((v) => v.replace(/^.*?src\//, "src/"))
    .sort();

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
  assert.deepEqual(found(src), [
    "src/core/text.ts: core/ imports ../cli/main.js (cli/ is above it)",
    "src/orm/x.ts: orm/ imports ../run/runner.js (run/ is above it)",
    "src/refactor/a.ts: refactor/ imports ../verify/check.js (verify/ is beside it)",
  ]);
});

test("sql/ takes values from db/ only through the dialect registry and its contract; its other imports of db/ are type-only", () => {
  const tree = writeProject({
    "src/sql/registry-user.ts":
      'import { dialectSpec } from "../db/dialect.js";\nimport { knownType } from "../db/sql-dialect.js";\n',
    "src/sql/types-only.ts":
      'import type { DbConnection } from "../db/connection.js";\nimport {\n  type DiffResult,\n  type DiffKind,\n} from "../db/diff.js";\nexport type { DbUrl } from "../db/url.js";\n',
    "src/sql/values.ts":
      'import { type DiffResult, diffSchemas } from "../db/diff.js";\nconst lazy = () => import("../db/ddl.js");\n',
    "src/db/dialect.ts": 'import { x } from "../sql/values.js";\n',
  });
  assert.deepEqual(found(join(tree, "src")), [
    "src/db/dialect.ts: db/ imports ../sql/values.js (sql/ is beside it)",
    "src/sql/values.ts: sql/ takes values from ../db/ddl.js (only db/dialect.js, db/sql-dialect.js may give sql/ values: import type)",
    "src/sql/values.ts: sql/ takes values from ../db/diff.js (only db/dialect.js, db/sql-dialect.js may give sql/ values: import type)",
  ]);
});
