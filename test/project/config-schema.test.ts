/**
 * [tool.remodel] and the plan files are validated at run time against the JSON Schemas shipped in
 * schema/: an unknown key or a wrong type is one line naming the key, exit 2, nothing written.
 * Ajv (a full JSON Schema implementation) must agree with the run-time validator on every case.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "smol-toml";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { schemaError, shippedSchema } from "../../src/core/json-schema.js";
import { runCli } from "../support/run-cli.js";

// Ajv is CommonJS: its class is the `default` export.
const Ajv = createRequire(import.meta.url)("ajv").default as new (
  opts: object,
) => { compile(schema: object): ValidateFunction };
const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });

const CONFIGS: [toml: string, error: RegExp | null][] = [
  ['src = ["src", "libs/*"]\nexclude = ["generated/"]\ncommit-message = "refactor: {name}"\nsort-imports = true', null],
  ['src = "src"', null],
  ["", null],
  [
    'exlude = ["a"]',
    /^tool\.remodel\.exlude: unknown key \(did you mean 'exclude'\?\); known keys: src, exclude, commit-message, sort-imports$/,
  ],
  ["src = 3", /^tool\.remodel\.src: expected an array or a string, got an integer$/],
  ['src = ["a", 3]', /^tool\.remodel\.src\[1\]: expected a string, got an integer$/],
  ["commit-message = false", /^tool\.remodel\.commit-message: expected a string, got a boolean$/],
  ['sort-imports = "yes"', /^tool\.remodel\.sort-imports: expected a boolean, got a string$/],
  ["[tool.remodel.nested]\nx = 1", /^tool\.remodel\.nested: unknown key; known keys/],
];

test("the shipped schemas are strict JSON Schema (Ajv compiles them) and the npm package ships them", () => {
  for (const name of ["remodel-config.schema.json", "remodel-plan.schema.json", "remodel-split-plan.schema.json"])
    ajv.compile(shippedSchema(name));
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  assert.ok(pkg.files.includes("schema"));
});

test("[tool.remodel]: the run-time validator and Ajv agree; errors name the key", () => {
  const validate = ajv.compile(shippedSchema("remodel-config.schema.json"));
  for (const [body, error] of CONFIGS) {
    const doc = parse(body.startsWith("[") ? body.replace("[tool.remodel.nested]", "[nested]") : body);
    const mine = schemaError(doc, shippedSchema("remodel-config.schema.json"), "tool.remodel");
    assert.equal(validate(doc), error === null, `Ajv on ${JSON.stringify(body)}`);
    if (error === null) assert.equal(mine, undefined, body);
    else assert.match(mine ?? "", error, body);
  }
});

test("remodel check on a project with a bad [tool.remodel]: one line naming the key, exit 2, nothing written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-config-"));
  writeFileSync(join(dir, "a.py"), "import os\n");
  writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "x"\n\n[tool.remodel]\nexlude = ["a"]\n');
  const r = await runCli(["check", ".", "--write-baseline", "base.json"], dir);
  assert.equal(r.code, 2);
  assert.equal(r.out, "");
  assert.equal(
    r.err,
    `remodel check: ${join(dir, "pyproject.toml")}: tool.remodel.exlude: unknown key (did you mean 'exclude'?); known keys: src, exclude, commit-message, sort-imports\n`,
  );
  assert.equal(existsSync(join(dir, "base.json")), false);
  assert.equal(existsSync(join(dir, ".remodel_cache")), false);
});

test("plan files: a misspelt step key or a wrong type is refused before anything runs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-plan-schema-"));
  mkdirSync(join(dir, "app/models"), { recursive: true });
  writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "app"\n');
  writeFileSync(join(dir, "app/__init__.py"), "");
  writeFileSync(join(dir, "app/models/__init__.py"), "");
  writeFileSync(join(dir, "app/models/user.py"), "class User: pass\n");
  const plan = (step: string) =>
    `[plan]\nkind = "package"\npackage = "app.models"\nsubmodule = "row"\n\n[[step]]\n${step}\n`;
  writeFileSync(
    join(dir, "bad.toml"),
    plan('modul = "app.models.user"\nsrc = "app/models/user.py"\ndest = "app/models/user/row.py"'),
  );
  const bad = await runCli(["apply", "bad.toml", "--dry-run"], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.toml: step\[0\]\.module: missing\n$/);
  writeFileSync(
    join(dir, "typed.toml"),
    plan('module = "app.models.user"\nsrc = "app/models/user.py"\ndest = "app/models/user/row.py"\nimporters = "many"'),
  );
  assert.match(
    (await runCli(["apply", "typed.toml", "--dry-run"], dir)).err,
    /typed\.toml: step\[0\]\.importers: expected an integer, got a string\n$/,
  );
  writeFileSync(join(dir, "split.toml"), '[split]\nfile = "app/models/user.py"\n\n[modules]\nusers = "User"\n');
  const split = await runCli(["split", "app/models/user.py", "--plan", "split.toml", "--dry-run"], dir);
  assert.equal(split.code, 2);
  assert.match(split.err, /split\.toml: modules\.users: expected an array, got a string\n$/);
  assert.equal(existsSync(join(dir, "app/models/user/row.py")), false);
});
