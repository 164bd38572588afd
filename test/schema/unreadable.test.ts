/**
 * `schema` and `docs` on a models file they cannot read cleanly never say "0 tables" with exit 0:
 * a file that cannot be opened (permission denied) is an I/O error (one line naming it, exit 2,
 * nothing written); a syntax error or bytes that are not valid UTF-8 are findings (RM100 lines
 * naming the file, as `check` says them, exit 1), with the schema of what could be read.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { bin } from "../core/transaction/project.js";
import { writeProject } from "../support/write-project.js";

const MODELS =
  'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass User(Base):\n    __tablename__ = "users"\n    id: Mapped[int] = mapped_column(primary_key=True)\n';

function project(models: string | Buffer): string {
  return writeProject({
    "pyproject.toml": '[project]\nname = "app"\n',
    "app/__init__.py": "",
    "app/models.py": models,
  });
}

test("a models file that cannot be opened: one line naming it, exit 2, no docs written", () => {
  const dir = project(MODELS);
  chmodSync(join(dir, "app/models.py"), 0);
  // As root every file can be opened: the commands run as an unprivileged user, who cannot.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  spawnSync("chmod", ["-R", "a+rX", dir]);
  chmodSync(join(dir, "app/models.py"), 0);
  for (const args of [["schema"], ["schema", "--json"], ["docs", "--out", "out"]]) {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", ...asUser });
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr, `remodel ${args[0]}: app/models.py: cannot read file (EACCES); nothing was read\n`);
    assert.equal(r.stdout, "");
  }
  assert.ok(!existsSync(join(dir, "out")));
});

for (const [what, models, line] of [
  [
    "a syntax error",
    MODELS.replace("primary_key=True)", "primary_key=True"),
    /^app\/models\.py:10:36: RM100 '\(' was never closed/m,
  ],
  [
    "bytes that are not valid UTF-8",
    Buffer.concat([Buffer.from("# caf\xe9\n", "latin1"), Buffer.from(MODELS)]),
    /^app\/models\.py:1:1: RM100 not valid UTF-8 \(byte offset 5\)/m,
  ],
] as const) {
  test(`a models file with ${what}: an RM100 line naming it, exit 1, and the schema of what was read`, async () => {
    const dir = project(models);
    const schema = await runCli(["schema"], dir);
    assert.equal(schema.code, 1, schema.out + schema.err);
    assert.match(schema.err, line);
    assert.match(schema.out, /^1 table\(s\)/);
    const docs = await runCli(["docs", "--out", "out"], dir);
    assert.equal(docs.code, 1, docs.out + docs.err);
    assert.match(docs.err, line);
    assert.ok(existsSync(join(dir, "out/README.md")));
  });
}

test("a clean models file: no RM100 line, exit 0", async () => {
  const r = await runCli(["schema"], project(MODELS));
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(r.err, "");
});
