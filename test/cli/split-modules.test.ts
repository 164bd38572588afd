/**
 * `plan split --modules N` and `split --modules N`: the count the plan is merged down to (an upper
 * bound), its one-line errors, and `--json` printing one JSON object on every exit 2 of both
 * commands (a bad count, a plan with unplaced statements, a malformed plan file, a failed import
 * with --python, an option that does not parse, importers outside the project with --no-facade)
 * while stderr keeps the one-line reason.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { capture, project } from "../split/support.js";

const HEAD =
  "from sqlalchemy import Column, ForeignKey, Integer, String\nfrom sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n\n\n";

/** Three domains of two models each, under section comments. */
function domainModel(name: string, table: string): string {
  return (
    `# ---- ${table} ----\n\nclass ${name}(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n\n\n` +
    `class ${name}Line(Base):\n    __tablename__ = "${table}_lines"\n    id = Column(Integer, primary_key=True)\n    ${table}_id = Column(ForeignKey("${table}.id"))\n    ${table} = relationship("${name}")\n\n\n`
  );
}
const MODELS =
  HEAD + domainModel("Order", "orders") + domainModel("Ticket", "tickets") + domainModel("Shelf", "shelves");

async function run(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture(dir);
  const code = await main([...args, "--root", dir, "--no-cache"], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function withProject(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = project({ "app/__init__.py": "", ...files });
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** The one JSON object of an exit 2 with --json: the run's keys, status error and the reason stderr gives. */
function errorObject(r: { code: number; out: string; err: string }, reason: RegExp): void {
  assert.equal(r.code, 2, r.out + r.err);
  const o = JSON.parse(r.out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o).sort(), ["added", "commit", "notes", "reason", "status", "warnings"]);
  assert.equal(o.status, "error");
  assert.match(String(o.reason), reason);
  assert.match(r.err, reason);
}

test("plan split --modules N merges the plan to N modules, and --json and --explain name the same modules", () =>
  withProject({ "app/models.py": MODELS }, async (dir) => {
    const own = JSON.parse((await run(dir, ["plan", "split", "app/models.py", "--json"])).out);
    assert.equal(own.modules.length, 4, JSON.stringify(own));
    const r = await run(dir, ["plan", "split", "app/models.py", "--modules", "3", "--json", "--explain"]);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out);
    assert.equal(plan.modules.length, 3, r.out);
    assert.deepEqual(Object.keys(plan.why).sort(), plan.modules.map((m: { name: string }) => m.name).sort());
    // Two domains became one module, and its why says it was asked for.
    const merged = plan.modules.find((m: { statements: string[] }) => m.statements.length === 4);
    assert.ok(merged, r.out);
    assert.match(plan.why[merged.name][0], /asked for \(--modules\)/);
    // ... then which proposed modules it joined, and what joined them.
    assert.match(plan.why[merged.name][1], /^joined `\w+` and `\w+`: \d+ model link\(s\), \d+ import\(s\)$/);
    assert.deepEqual(plan.notes, []);
    assert.deepEqual(own.notes, []);
    const text = await run(dir, ["plan", "split", "app/models.py", "--modules", "3", "--explain"]);
    for (const m of plan.modules) assert.ok(text.out.includes(`#   ${m.name}: `), text.out);
    assert.ok(text.out.includes(plan.why[merged.name][1]), text.out);
  }));

test("plan split --modules above the plan's count leaves it as it is and says N is an upper bound", () =>
  withProject({ "app/models.py": MODELS }, async (dir) => {
    const r = await run(dir, ["plan", "split", "app/models.py", "--modules", "6", "--json"]);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out);
    assert.equal(plan.modules.length, 4);
    assert.deepEqual(plan.notes, [
      "--modules 6 is an upper bound: the plan has 4 module(s); no domain is cut along links the planner holds together",
    ]);
    const text = await run(dir, ["plan", "split", "app/models.py", "--modules", "6"]);
    assert.match(text.out, /^# --modules 6 is an upper bound/m);
  }));

test("split --modules N writes N modules", () =>
  withProject({ "app/models.py": MODELS }, async (dir) => {
    const r = await run(dir, ["split", "app/models.py", "--modules", "2", "--json"]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(JSON.parse(r.out).notes[0], /^split app\/models\.py into 2 modules of app\/models\/: /);
    assert.match(readFileSync(join(dir, "app/models/__init__.py"), "utf8"), /from \.base import/);
  }));

test("a bad --modules is one line and exit 2, and one JSON object with --json", () =>
  withProject({ "app/models.py": MODELS }, async (dir) => {
    for (const cmd of [["plan", "split"], ["split"]])
      for (const [value, reason] of [
        ["0", /--modules takes a whole number of modules, 1 or more; got '0'/],
        ["-2", /--modules takes a whole number of modules, 1 or more; got '-2'/],
        ["two", /--modules takes a whole number of modules, 1 or more; got 'two'/],
        ["1.5", /--modules takes a whole number of modules, 1 or more; got '1.5'/],
        ["7", /--modules 7: app\/models\.py has 6 class\(es\), so at most --modules 6/],
      ] as const) {
        const text = await run(dir, [...cmd, "app/models.py", `--modules=${value}`]);
        assert.equal(text.code, 2, text.err);
        assert.equal(text.out, "");
        assert.equal(text.err.trim().split("\n").length, 1, text.err);
        assert.match(text.err, reason);
        errorObject(await run(dir, [...cmd, "app/models.py", `--modules=${value}`, "--json"]), reason);
      }
    writeFileSync(join(dir, "split.toml"), '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\n');
    errorObject(
      await run(dir, ["split", "app/models.py", "--modules", "2", "--plan", join(dir, "split.toml"), "--json"]),
      /--modules applies when split plans; a --plan file already says its modules/,
    );
    assert.match(readFileSync(join(dir, "app/models.py"), "utf8"), /class Shelf/);
  }));

test("split --json prints one JSON object on every exit 2: unplaced statements, a malformed plan, a failed import, a bad option", () =>
  withProject(
    {
      "app/models.py": `${MODELS}class Registry(Base):\n    __tablename__ = "registry"\n    id = Column(Integer, primary_key=True)\n\n    @classmethod\n    def lookup(cls, name):\n        return globals()[name]\n`,
      "twice.toml":
        '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\norders = ["Order", "OrderLine", "Order"]\n',
      "ok.toml":
        '[split]\nfile = "app/models.py"\n[modules]\nbase = ["Base"]\nrest = ["Order", "OrderLine", "Ticket", "TicketLine", "Shelf", "ShelfLine", "Registry"]\n',
    },
    async (dir) => {
      errorObject(await run(dir, ["split", "app/models.py", "--json"]), /the plan leaves 1 statement\(s\) unplaced/);
      errorObject(
        await run(dir, ["split", "app/models.py", "--plan", join(dir, "twice.toml"), "--json"]),
        /"Order" is placed twice/,
      );
      // An interpreter that fails every import: the runtime oracle cannot compare.
      writeFileSync(join(dir, "python"), "#!/bin/sh\necho 'ModuleNotFoundError: sqlalchemy' >&2\nexit 1\n", {
        mode: 0o755,
      });
      errorObject(
        await run(dir, [
          "split",
          "app/models.py",
          "--plan",
          join(dir, "ok.toml"),
          "--python",
          join(dir, "python"),
          "--json",
        ]),
        /importing app\.models with .*python failed/,
      );
      errorObject(await run(dir, ["split", "app/models.py", "--json", "--modulez", "2"]), /unknown option '--modulez'/);
      errorObject(await run(dir, ["plan", "split", "app/nothing.py", "--json"]), /nothing\.py/);
      assert.match(readFileSync(join(dir, "app/models.py"), "utf8"), /class Registry/);
    },
  ));

test("split --no-facade --json prints one JSON object when importers outside the project refuse it", async () => {
  const top = project({});
  const git = (...args: string[]) =>
    assert.equal(
      spawnSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: top }).status,
      0,
      args.join(" "),
    );
  try {
    mkdirSync(join(top, "svc/app"), { recursive: true });
    writeFileSync(join(top, "svc/pyproject.toml"), '[project]\nname = "svc"\nversion = "0"\n');
    writeFileSync(join(top, "svc/app/__init__.py"), "");
    writeFileSync(join(top, "svc/app/models.py"), MODELS);
    writeFileSync(join(top, "tool.py"), "from app.models import Order\n");
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "before");
    const dir = join(top, "svc");
    errorObject(
      await run(dir, ["split", "app/models.py", "--no-facade", "--json"]),
      /app\.models is also named outside this project/,
    );
    assert.match(readFileSync(join(dir, "app/models.py"), "utf8"), /class Shelf/);
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});

test("an option of the other plan is one line and exit 2, not read and ignored", () =>
  withProject({ "app/models.py": MODELS }, async (dir) => {
    const pkg = await run(dir, ["plan", "package", "app", "--modules", "3"]);
    assert.equal(pkg.code, 2, pkg.out + pkg.err);
    assert.match(pkg.err, /--modules applies to plan split, not plan package/);
    const split = await run(dir, ["plan", "split", "app/models.py", "--submodule", "row"]);
    assert.equal(split.code, 2, split.out + split.err);
    assert.match(split.err, /--submodule applies to plan package, not plan split/);
  }));

test("--modules on a file with no class is planned as without it, and split --modules 1 says it is no split", () =>
  withProject({ "app/models.py": MODELS, "app/empty.py": "X = 1\n" }, async (dir) => {
    const plain = await run(dir, ["plan", "split", "app/empty.py"]);
    const asked = await run(dir, ["plan", "split", "app/empty.py", "--modules", "2"]);
    assert.equal(asked.code, plain.code, asked.out + asked.err);
    assert.doesNotMatch(asked.err, /at most --modules/);
    const one = await run(dir, ["split", "app/models.py", "--modules", "1", "--dry-run"]);
    assert.equal(one.code, 2, one.out + one.err);
    assert.match(one.err, /--modules 1 leaves the file in one module, which is no split/);
  }));
