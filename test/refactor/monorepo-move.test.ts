/**
 * Monorepos: `packages/<name>/src` and `<name>/src` are source roots, so a move run from the
 * repository's root rewrites importers in every sub-project; run from one sub-project's folder it
 * refuses, naming the importers elsewhere, instead of reporting "no new problems" while they break.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { writeProject } from "../support/write-project.js";

function monorepo(): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-mono-"));
  const files: Record<string, string> = {
    "pyproject.toml": "[tool.pytest.ini_options]\n",
    "packages/billing/pyproject.toml": '[project]\nname = "billing"\n',
    "packages/billing/src/billing/__init__.py": "",
    "packages/billing/src/billing/charges.py": "def charge():\n    return 1\n",
    "packages/billing/src/billing/invoice.py": "from billing.charges import charge\n\nTOTAL = charge()\n",
    "api/pyproject.toml": '[project]\nname = "api"\n',
    "api/src/api/__init__.py": "",
    "api/src/api/app.py":
      "from billing.charges import charge\nimport billing.charges\n\nprint(charge, billing.charges.charge)\n",
  };
  writeProject(files, root);
  const git = (...a: string[]) => execFileSync("git", a, { cwd: root });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
  return root;
}

const importsAll = (root: string) =>
  spawnSync("/usr/bin/python3", ["-c", "import api.app, billing.invoice"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: "packages/billing/src:api/src" },
  });

test("from a sub-project's folder, a move refuses and names the importers elsewhere", async () => {
  const root = monorepo();
  const sub = join(root, "packages/billing");
  const r = await runCli(["move", "src/billing/charges.py", "src/billing/fees.py"], sub);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /billing\.charges is also named outside this project/);
  assert.match(r.err, /\.\.\/\.\.\/api\/src\/api\/app\.py/);
  assert.ok(existsSync(join(sub, "src/billing/charges.py")), "nothing written");
});

test("from the repository's root, the same move rewrites importers in every sub-project", async () => {
  const root = monorepo();
  const r = await runCli(
    ["move", "packages/billing/src/billing/charges.py", "packages/billing/src/billing/fees.py"],
    root,
  );
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(
    readFileSync(join(root, "api/src/api/app.py"), "utf8"),
    "from billing.fees import charge\nimport billing.fees\n\nprint(charge, billing.fees.charge)\n",
  );
  const py = importsAll(root);
  assert.equal(py.status, 0, py.stderr);
});
