import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import type { Schema } from "../../src/schema/model.js";
import { validateSchema } from "./validate.js";
import { normalizeSchema, type NormalizeOptions } from "./normalize.js";

/**
 * One generic test per fixture folder under test/fixtures/schema/<case>/: `project/` is a Python
 * project, `case.json` names the oracle. "sqlalchemy"/"django": the real library dumps the schema
 * at runtime (src/orm/runtime/*.py under /usr/bin/python3); "expected": expected.json, written by
 * hand for libraries not installed here (SQLAlchemy 2.0, Tortoise).
 */
const root = process.cwd();
const fixtures = join(root, "test/fixtures/schema");

interface Case {
  oracle: "sqlalchemy" | "django" | "expected";
  modules: string[];
  settings?: string;
  normalize?: NormalizeOptions;
}

function runtimeDump(script: string, args: string[]): Schema {
  const r = spawnSync("/usr/bin/python3", [join(root, "src/orm/runtime", script), ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, `${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Schema;
}

for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  if (!existsSync(join(dir, "case.json"))) continue;
  test(`schema fixture ${name}`, () => {
    const c = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as Case;
    const project = join(dir, "project");
    const schema = extractSchema(loadPythonFiles(project));
    assert.deepEqual(validateSchema(schema), [], "static output validates against schema/remodel-schema.json");
    assert.ok(schema.tables.length > 0);
    let oracle: Schema;
    if (c.oracle === "expected") oracle = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Schema;
    else if (c.oracle === "django") oracle = runtimeDump("django_dump.py", [project, c.settings ?? "settings"]);
    else oracle = runtimeDump("sqlalchemy_dump.py", [project, ...c.modules]);
    if (c.oracle !== "expected") assert.deepEqual(validateSchema(oracle), [], "runtime dump validates too");
    assert.deepEqual(normalizeSchema(schema, c.normalize), normalizeSchema(oracle, c.normalize));
  });
}
