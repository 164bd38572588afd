import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/command.js";

const fixture = join(process.cwd(), "test/fixtures/docs/small/schema.json");

function capture(cwd: string): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTTY: false,
    cwd,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

test("remodel docs --schema writes the Markdown folder and lists the files with --json", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-docs-"));
  const io = capture(dir);
  assert.equal(await main(["docs", "--schema", fixture, "--out", "out", "--json"], io), 0, io.stderr);
  const report = JSON.parse(io.stdout);
  assert.equal(report.tables, 4);
  assert.ok(report.files.includes("out/README.md"));
  assert.ok(report.files.includes("out/tables/library_book.md"));
  assert.ok(!report.files.includes("out/index.html"));
  for (const f of report.files) assert.ok(existsSync(join(dir, f)), f);
  assert.match(readFileSync(join(dir, "out/README.md"), "utf8"), /^# Database schema/);
});

test("a second run replaces the folder as a whole; --html adds the page", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-docs-"));
  const io = capture(dir);
  assert.equal(await main(["docs", "--schema", fixture, "--out", "out", "--title", "Library"], io), 0, io.stderr);
  writeFileSync(join(dir, "out/tables/stale.md"), "from an older run");
  assert.equal(await main(["docs", "--schema", fixture, "--out", "out", "--html"], io), 0, io.stderr);
  assert.ok(!existsSync(join(dir, "out/tables/stale.md")));
  assert.match(readFileSync(join(dir, "out/index.html"), "utf8"), /^<!doctype html>/);
  assert.match(io.stdout, /wrote out\/ \(4 tables, \d+ files\)\n {2}out\/README\.md\n/);
  assert.deepEqual(readdirSync(dir).sort(), ["out"], "no temporary folder is left behind");
});

test("bad input exits 2 with one line and writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-docs-"));
  writeFileSync(join(dir, "bad.json"), "{ not json");
  writeFileSync(join(dir, "other.json"), JSON.stringify({ tables: [] }));
  mkdirSync(join(dir, "mine"));
  writeFileSync(join(dir, "mine/notes.md"), "keep me");
  const cases: [string[], RegExp][] = [
    [["--schema", "bad.json"], /bad\.json: not a schema JSON file/],
    [["--schema", "other.json"], /other\.json: not a Remodel schema/],
    [["--schema", "missing.json"], /missing\.json: not a schema JSON file/],
    [["--schema", fixture, "--out", "mine"], /was not written by remodel docs/],
    [["a", "b"], /expected at most one ROOT/],
  ];
  for (const [args, message] of cases) {
    const io = capture(dir);
    assert.equal(await main(["docs", ...args], io), 2, args.join(" "));
    assert.match(io.stderr, message);
  }
  assert.equal(readFileSync(join(dir, "mine/notes.md"), "utf8"), "keep me");
  assert.deepEqual(readdirSync(dir).sort(), ["bad.json", "mine", "other.json"]);
});

test("remodel docs ROOT documents the models read from source, linking every table to its file and line", async () => {
  const project = join(process.cwd(), "test/fixtures/schema/sqlalchemy14/project");
  const out = join(mkdtempSync(join(tmpdir(), "remodel-docs-")), "schema");
  const io = capture(process.cwd());
  assert.equal(await main(["docs", project, "--out", out, "--json"], io), 0, io.stderr);
  const pages = readdirSync(join(out, "tables"));
  assert.ok(pages.includes("users.md") && pages.includes("user_groups.md"), pages.join(" "));
  let links = 0;
  for (const page of pages) {
    const text = readFileSync(join(out, "tables", page), "utf8");
    for (const [, href, line] of text.matchAll(/\]\(([^)#]+\.py)#L(\d+)\)/g)) {
      const file = join(out, "tables", decodeURI(href));
      assert.ok(existsSync(file), `${page} links to missing ${href}`);
      assert.ok(Number(line) <= readFileSync(file, "utf8").split("\n").length, `${page}: ${href}#L${line}`);
      links++;
    }
  }
  assert.ok(links >= pages.length, `${links} source links`);
  assert.match(
    readFileSync(join(out, "tables/users.md"), "utf8"),
    /Many-to-many with \[groups\]\(groups\.md\) via \[user_groups\]/,
  );
});

test("Tortoise defaults are documented as Tortoise stores them: enum fields hold the member's value, an IntEnumField a number", async () => {
  // A copy: the fixture has no project marker of its own, and inside this repository the root found would be the repository's.
  const project = mkdtempSync(join(tmpdir(), "remodel-tortoise-"));
  cpSync(join(process.cwd(), "test/fixtures/schema/tortoise/project"), project, { recursive: true });
  const out = join(mkdtempSync(join(tmpdir(), "remodel-docs-")), "schema");
  const io = capture(project);
  assert.equal(await main(["docs", ".", "--out", out], io), 0, io.stderr);
  const row = (text: string, col: string) => text.split("\n").find((l) => l.startsWith(`| \`${col}\``)) ?? "";
  const page = readFileSync(join(out, "tables/deployment.md"), "utf8");
  assert.match(row(page, "kind"), /\| `'retired'` \*\(DeploymentStatus\.RETIRED\)\* \|/);
  assert.match(row(page, "stage"), /\| `2` \*\(Stage\.PROD\)\* \|/);
  assert.match(row(page, "id"), /\| `uuid\.uuid4` \| \*\*PK\*\*/, "UUIDField(pk=True) makes a uuid4 per row");
  assert.match(row(page, "region"), /\| yes \| {2}\|/, "default=None is no default");
  const enums = readFileSync(join(out, "enums.md"), "utf8");
  assert.match(
    enums,
    /\| \[build_jobs\]\(tables\/build_jobs\.md\) \| `state` \| no \| `'QUEUED'` \*\(JobState\.QUEUED\)\* \|/,
  );
  assert.match(enums, /\| \[release\]\(tables\/release\.md\) \| `stage` \| no \| `1` \*\(Stage\.DEV\)\* \|/);
});

test("a minimal schema JSON (as a database dump might give) is documented, optional lists defaulted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-docs-"));
  const column = (name: string, pk = false) => ({
    name,
    type: { written: "integer", normalized: "integer" },
    nullable: !pk,
    primaryKey: pk,
    unique: false,
    index: false,
  });
  writeFileSync(
    join(dir, "db.json"),
    JSON.stringify({
      version: 1,
      tables: [
        { name: "parents", columns: [column("id", true)] },
        {
          name: "children",
          columns: [column("id", true), column("parent_id")],
          foreignKeys: [{ columns: ["parent_id"], refTable: "parents", refColumns: ["id"] }],
        },
      ],
    }),
  );
  const io = capture(dir);
  assert.equal(await main(["docs", "--schema", "db.json", "--out", "out", "--html"], io), 0, io.stderr);
  const page = readFileSync(join(dir, "out/tables/children.md"), "utf8");
  assert.match(page, /\*\*Framework:\*\* database/);
  assert.match(page, /parents \|o\.\.o\{ children : "parent_id"/);
  assert.match(readFileSync(join(dir, "out/README.md"), "utf8"), /^# db schema\n/);
});

test("a clean-up that fails once the new folder is in place is a warning on stderr, and the docs stand", () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-docs-"));
  const bin = join(process.cwd(), "bin/remodel.js");
  const run = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, "docs", "--schema", fixture, "--out", "out"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
  assert.equal(run().status, 0);
  const traced = run({ REMODEL_TEST_FAULT: "trace" });
  const removeOld = traced.stderr
    .split("\n")
    .map((l) => /^remodel-op (\d+) remove the old /.exec(l)?.[1])
    .find(Boolean);
  assert.ok(removeOld, traced.stderr);
  const failed = run({ REMODEL_TEST_FAULT: `fail:${removeOld}` });
  assert.equal(failed.status, 0, failed.stderr);
  assert.match(failed.stderr, /^remodel docs: warning: the old folder could not be removed \(injected fault/m);
  assert.match(readFileSync(join(dir, "out/README.md"), "utf8"), /^# Database schema/);
  // The next run removes what the failed clean-up left beside the folder.
  assert.equal(run().status, 0);
  assert.deepEqual(
    readdirSync(dir).filter((e) => e !== "out"),
    [],
  );
});
