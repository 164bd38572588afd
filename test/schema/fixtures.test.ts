import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { dumpRuntimeSchema } from "../../src/orm/runtime.js";
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
/** Debian's python3, where SQLAlchemy 1.4, Django 3.2, SQLModel and Flask-SQLAlchemy are installed. */
const PYTHON = "/usr/bin/python3";
const fixtures = join(root, "test/fixtures/schema");

interface Case {
  oracle: "sqlalchemy" | "django" | "expected";
  modules: string[];
  settings?: string;
  /** The project to read, relative to the repository root (default: the case's project/ folder). */
  project?: string;
  /** Where Python imports the project from, relative to the project (default: the project itself). */
  pythonPath?: string;
  normalize?: NormalizeOptions;
}

for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  if (!existsSync(join(dir, "case.json"))) continue;
  test(`schema fixture ${name}`, () => {
    const c = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as Case;
    const project = c.project ? join(root, c.project) : join(dir, "project");
    const pythonPath = join(project, c.pythonPath ?? ".");
    const schema = extractSchema(loadPythonFiles(project));
    assert.deepEqual(validateSchema(schema), [], "static output validates against schema/remodel-schema.json");
    assert.ok(schema.tables.length > 0);
    let oracle: Schema;
    if (c.oracle === "expected") oracle = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Schema;
    else if (c.oracle === "django")
      oracle = dumpRuntimeSchema(PYTHON, "django", pythonPath, [c.settings ?? "settings"]);
    else oracle = dumpRuntimeSchema(PYTHON, "sqlalchemy", pythonPath, c.modules);
    if (c.oracle !== "expected") assert.deepEqual(validateSchema(oracle), [], "runtime dump validates too");
    assert.deepEqual(normalizeSchema(schema, c.normalize), normalizeSchema(oracle, c.normalize));
  });
}
