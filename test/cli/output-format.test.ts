/**
 * --output-format on the reporting commands: each format read the way its consumer reads it.
 * SARIF is validated against the official SARIF 2.1.0 JSON Schema (as shipped in an npm package).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ValidateFunction } from "ajv";
import type { Problem } from "../../src/core/diagnostics.js";
import { renderGithub } from "../../src/cli/reporters/formats/github.js";
import { renderSarif, SARIF_MAX_RESULTS } from "../../src/cli/reporters/formats/sarif.js";
import { connect } from "../../src/db/registry.js";
import { runCli } from "../support/run-cli.js";
import { writeProject } from "../support/write-project.js";

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
// The SARIF schema is draft-04, which Ajv 8 reads through ajv-draft-04. Its patterns are not all
// valid in Unicode mode (a stray `]`), as SARIF's own validators read them.
const Ajv = require("ajv-draft-04").default as new (opts: object) => { compile(schema: object): ValidateFunction };
const validateSarif = new Ajv({ strict: false, unicodeRegExp: false }).compile(sarifSchema);

function assertValidSarif(text: string): any {
  const log = JSON.parse(text);
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
  return log;
}

/** A project with two problems, in a folder one below the current directory (CI's checkout). */
function project(): { cwd: string; root: string } {
  const cwd = mkdtempSync(join(tmpdir(), "remodel-fmt-"));
  const root = join(cwd, "backend");
  const files: Record<string, string> = {
    "pyproject.toml": "[project]\nname = 'shop'\n",
    "shop/__init__.py": "",
    "shop/orders.py": "from shop.gone import Order\nfrom shop.users import Usr, name\n",
    "shop/users.py": "name = 'x, y: 100%'\n",
  };
  writeProject(files, root);
  return { cwd, root };
}

test("check --output-format sarif: valid SARIF 2.1.0, one rule per code, paths from the current directory", async () => {
  const { cwd } = project();
  const r = await runCli(["check", "backend", "--no-cache", "--output-format", "sarif"], cwd);
  assert.equal(r.code, 1);
  const log = assertValidSarif(r.out);
  const run = log.runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((x: any) => x.id),
    ["RM001", "RM002"],
  );
  assert.deepEqual(
    run.results.map((x: any) => [
      x.ruleId,
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region.startLine,
    ]),
    [
      ["RM001", "backend/shop/orders.py", 1],
      ["RM002", "backend/shop/orders.py", 2],
    ],
  );
  for (const x of run.results) assert.equal(run.tool.driver.rules[x.ruleIndex].id, x.ruleId);
});

test("sarif: at most 25,000 results, the rest counted in a notification, still valid", () => {
  const problems: Problem[] = Array.from({ length: SARIF_MAX_RESULTS + 7 }, (_, i) => ({
    code: "RM001",
    path: `m${i}.py`,
    line: 1,
    column: 1,
    message: `no module m${i}`,
  }));
  const log = assertValidSarif(
    renderSarif({ command: "check", problems, root: "/p", rules: {}, concise: () => "", json: () => "" }, "/p"),
  );
  assert.equal(log.runs[0].results.length, SARIF_MAX_RESULTS);
  assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^7 of 25007 results left out/);
});

test("check --output-format github: one ::error workflow command per problem, properties escaped", async () => {
  const { cwd } = project();
  const r = await runCli(["check", "backend", "--no-cache", "--output-format", "github"], cwd);
  const lines = r.out.trimEnd().split("\n");
  assert.equal(lines.length, 2);
  assert.match(
    lines[0],
    /^::error title=Remodel \(RM001\),file=backend\/shop\/orders\.py,line=1,col=1::backend\/shop\/orders\.py:1:1: RM001 /,
  );
  assert.match(lines[1], /^::error title=Remodel \(RM002\),file=backend\/shop\/orders\.py,line=2,col=\d+::.*Usr/);
  const odd: Problem = { code: "RM005", path: "a,b:c.py", line: 3, column: 4, message: "100% broken\nsecond line" };
  assert.equal(
    renderGithub({ command: "check", problems: [odd], root: "/p", rules: {}, concise: () => "", json: () => "" }, "/p"),
    "::error title=Remodel (RM005),file=a%2Cb%3Ac.py,line=3,col=4::a,b:c.py:3:4: RM005 100%25 broken%0Asecond line\n",
  );
});

test("check --output-format gitlab: Code Quality issues with unique fingerprints and line-independent identity", async () => {
  const { cwd, root } = project();
  const first = JSON.parse((await runCli(["check", "backend", "--no-cache", "--output-format", "gitlab"], cwd)).out);
  assert.equal(first.length, 2);
  for (const i of first) {
    assert.deepEqual(Object.keys(i).sort(), [
      "categories",
      "check_name",
      "description",
      "fingerprint",
      "location",
      "severity",
      "type",
    ]);
    assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
    assert.equal(i.location.path, "backend/shop/orders.py");
  }
  assert.notEqual(first[0].fingerprint, first[1].fingerprint);
  // A line added above the findings moves them, not their fingerprints.
  writeFileSync(join(root, "shop/orders.py"), "import os\n" + readFileSync(join(root, "shop/orders.py"), "utf8"));
  const moved = JSON.parse((await runCli(["check", "backend", "--no-cache", "--output-format", "gitlab"], cwd)).out);
  assert.deepEqual(
    moved.map((i: any) => i.fingerprint),
    first.map((i: any) => i.fingerprint),
  );
  assert.deepEqual(
    moved.map((i: any) => i.location.lines.begin),
    [2, 3],
  );
});

test("check --output-format junit / json-lines / full", async () => {
  const { cwd } = project();
  const junit = (await runCli(["check", "backend", "--no-cache", "--output-format", "junit"], cwd)).out;
  assert.match(
    junit,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="remodel check" tests="2" failures="2" errors="0">/,
  );
  assert.equal(junit.match(/<testcase /g)?.length, 2);
  assert.equal(junit.match(/<failure message="[^"<]*" type="RM00[12]">/g)?.length, 2);
  const lines = (await runCli(["check", "backend", "--no-cache", "--output-format", "json-lines"], cwd)).out
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  const json = JSON.parse((await runCli(["check", "backend", "--no-cache", "--json"], cwd)).out).problems;
  assert.deepEqual(
    lines.map((p) => p.path),
    ["backend/shop/orders.py", "backend/shop/orders.py"],
  );
  assert.deepEqual(
    lines.map((p) => ({ ...p, path: "shop/orders.py" })),
    json,
  );
  const full = (await runCli(["check", "backend", "--no-cache", "--output-format", "full"], cwd)).out;
  assert.match(
    full,
    /^backend\/shop\/orders\.py:1:1: RM001 .*\n {2}\|\n1 \| from shop\.gone import Order\n {2}\| \^\n/,
  );
  const clean = mkdtempSync(join(tmpdir(), "remodel-fmt-clean-"));
  writeFileSync(join(clean, "a.py"), "import os\n");
  const ok = await runCli(["check", ".", "--no-cache", "--output-format", "junit"], clean);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /tests="1" failures="0"/);
});

test("--output-format: an unknown format is a usage error with a tip; --json with another format contradicts", async () => {
  const { cwd } = project();
  const r = await runCli(["check", "backend", "--output-format", "sarfi"], cwd);
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^remodel check: unknown output format 'sarfi' \(formats: concise, full, json, json-lines, github, gitlab, junit, sarif\)\n {2}tip: a similar output format exists: 'sarif'\n/,
  );
  const both = await runCli(["check", "backend", "--json", "--output-format", "github"], cwd);
  assert.equal(both.code, 2);
  assert.equal(r.out + both.out, "");
});

test("alembic check --output-format sarif and github", async () => {
  const dir = join(process.cwd(), "test/fixtures/alembic/multiple_heads");
  const sarif = await runCli(["alembic", "check", "versions", "--output-format", "sarif"], dir);
  assert.equal(sarif.code, 1);
  const log = assertValidSarif(sarif.out);
  assert.ok(log.runs[0].results.length > 0);
  assert.ok(
    log.runs[0].results.every(
      (x: any) => x.ruleId === "AL001" && x.locations[0].physicalLocation.artifactLocation.uri.startsWith("versions/"),
    ),
  );
  assert.equal(log.runs[0].tool.driver.rules[0].name, "multiple-heads");
  const gh = await runCli(["alembic", "check", "versions", "--output-format", "github"], dir);
  assert.match(gh.out, /^::error title=Remodel \(AL001\),file=versions\/[^,]+\.py,line=\d+,col=\d+::/);
  assert.equal((await runCli(["alembic", "heads", "versions", "--output-format", "sarif"], dir)).code, 2);
});

test("db diff --output-format: drift at the model's line, database-only drift without a location", async () => {
  const { cwd, root } = project();
  writeFileSync(
    join(root, "shop/models.py"),
    [
      "from sqlalchemy import Column, Integer, String",
      "from sqlalchemy.orm import declarative_base",
      "Base = declarative_base()",
      "class User(Base):",
      "    __tablename__ = 'users'",
      "    id = Column(Integer, primary_key=True)",
      "    email = Column(String(100), nullable=False)",
      "",
    ].join("\n"),
  );
  const db = join(cwd, "app.db");
  const c = await connect(`sqlite:///${db}`, { writable: true });
  await c.execute!("CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE TABLE legacy (id INTEGER PRIMARY KEY);");
  await c.close();
  const r = await runCli(["db", "diff", "backend", "--url", `sqlite:///${db}`, "--output-format", "sarif"], cwd);
  assert.equal(r.code, 1, r.err);
  const results = assertValidSarif(r.out).runs[0].results;
  const located = results.filter((x: any) => x.locations);
  assert.ok(
    located.some(
      (x: any) =>
        x.locations[0].physicalLocation.artifactLocation.uri === "backend/shop/models.py" &&
        x.locations[0].physicalLocation.region.startLine === 7,
    ),
    JSON.stringify(results),
  );
  assert.ok(
    results.some((x: any) => !x.locations && /legacy/.test(x.message.text)),
    JSON.stringify(results),
  );
  const gh = (await runCli(["db", "diff", "backend", "--url", `sqlite:///${db}`, "--output-format", "github"], cwd))
    .out;
  assert.match(gh, /^::error title=Remodel \(DB\d+\),file=backend\/shop\/models\.py,line=7,col=1::/m);
  assert.match(gh, /^::error title=Remodel \(DB\d+\)::DB\d+ .*legacy/m);
});

test("schema diff --output-format github cites the changed column's line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-fmt-schema-"));
  for (const [side, len] of [
    ["a", 10],
    ["b", 20],
  ] as const) {
    mkdirSync(join(dir, side, "app"), { recursive: true });
    writeFileSync(join(dir, side, "app/__init__.py"), "");
    writeFileSync(
      join(dir, side, "app/models.py"),
      `from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n\nclass Tag(Base):\n    __tablename__ = "tags"\n    id = Column(Integer, primary_key=True)\n    label = Column(String(${len}))\n`,
    );
  }
  const r = await runCli(["schema", "diff", "a", "b", "--output-format", "github"], dir);
  assert.equal(r.code, 1, r.err);
  assert.match(
    r.out,
    /^::error title=Remodel \(RM009\),file=b\/app\/models\.py,line=8,col=1::b\/app\/models\.py:8:1: RM009 table tags: changed column label: /,
  );
});
