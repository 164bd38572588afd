/**
 * Monorepos: `packages/<name>/src` and `<name>/src` are source roots, so a move run from the
 * repository's root rewrites importers in every sub-project; run from one sub-project's folder it
 * refuses, naming the importers elsewhere, instead of reporting "no new problems" while they break.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { writeProject } from "../support/write-project.js";

function monorepo(files: Record<string, string> = billingAndApi): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-mono-"));
  writeProject(files, root);
  const git = (...a: string[]) => execFileSync("git", a, { cwd: root });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
  return root;
}

const billingAndApi: Record<string, string> = {
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

/**
 * Two sub-projects each have a top-level `common` (test/fixtures/move/same-package-name-in-two-sub-projects):
 * stock's `from common.units import GRAM` reads stock's own package, so it is no importer of the
 * orders module that moves; a third sub-project without a `common` of its own reads the moved one.
 */
const twoCommons: Record<string, string> = {
  "pyproject.toml": '[project]\nname = "warehouse"\n',
  "orders/pyproject.toml": '[project]\nname = "orders"\n',
  "orders/src/common/__init__.py": "",
  "orders/src/common/units.py": "TAX = 1\n",
  "orders/src/common/rates.py": "from common.units import TAX\n\nRATE = TAX\n",
  "stock/pyproject.toml": '[project]\nname = "stock"\n',
  "stock/src/common/__init__.py": "",
  "stock/src/common/units.py": "GRAM = 1\n",
  "stock/src/common/rates.py": "from common.units import GRAM\n\nRATE = GRAM\n",
};

test("from a sub-project's folder, another sub-project's package of the same name is left alone", async () => {
  const root = monorepo(twoCommons);
  const r = await runCli(["move", "src/common/units.py", "src/common/totals.py"], join(root, "orders"));
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /rewrote 1 import in other modules/);
  assert.equal(
    readFileSync(join(root, "orders/src/common/rates.py"), "utf8"),
    "from common.totals import TAX\n\nRATE = TAX\n",
  );
  assert.equal(readFileSync(join(root, "stock/src/common/rates.py"), "utf8"), twoCommons["stock/src/common/rates.py"]);
});

test("from a sub-project's folder, a third sub-project that imports the moved module is named, the same-named one is not", async () => {
  const root = monorepo({
    ...twoCommons,
    "api/pyproject.toml": '[project]\nname = "api"\n',
    "api/src/api/__init__.py": "",
    "api/src/api/app.py": "from common.units import TAX\n",
  });
  const r = await runCli(["move", "src/common/units.py", "src/common/totals.py"], join(root, "orders"));
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /common\.units is also named outside this project/);
  assert.match(r.err, /\.\.\/api\/src\/api\/app\.py/);
  assert.doesNotMatch(r.err, /stock/);
  assert.ok(existsSync(join(root, "orders/src/common/units.py")), "nothing written");
});

test("from a sub-project's folder, --force writes but names the importers elsewhere it leaves broken", async () => {
  const root = monorepo();
  const r = await runCli(
    ["move", "src/billing/charges.py", "src/billing/fees.py", "--force"],
    join(root, "packages/billing"),
  );
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(
    r.err,
    /warning: billing\.charges is also named outside this project, where this move does not rewrite it/,
  );
  assert.match(r.err, /\.\.\/\.\.\/api\/src\/api\/app\.py/);
});
