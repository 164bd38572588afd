/**
 * A Django project whose `manage.py` sits in a folder below the packaging root
 * (`src/django/manage.py` beside `src/django/shop/`, `setup.cfg` at the top): `manage.py` runs
 * from that folder, so its apps are `shop.models`, as CPython names them there, and not
 * `django.shop.models` from `src/` (a name that shadows Django itself). Imports between the
 * apps then resolve, and a cycle through them is seen from the top as from the folder.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadProject } from "../../src/project/load.js";
import { runCli } from "../support/run-cli.js";
import { writeProject } from "../support/write-project.js";

const FILES = {
  "setup.cfg": "[metadata]\nname = shopsite\n",
  "src/django/manage.py": "import sys\n",
  "src/django/shop/__init__.py": "",
  "src/django/shop/models.py": "from shop.permissions import can_edit\n\n\nclass Item:\n    pass\n",
  "src/django/shop/permissions.py":
    "from shop.models import Item\n\n\ndef can_edit(item: Item) -> bool:\n    return True\n",
  "src/vue/README.md": "the front end\n",
};

test("apps beside a manage.py below the packaging root are named from manage.py's folder", async () => {
  const dir = writeProject(FILES);
  try {
    const p = await loadProject(dir, { noCache: true, exactRoot: true });
    assert.equal(p.files.get("src/django/shop/models.py")?.module, "shop.models");
    assert.ok(p.sourceRoots.includes("src/django"), p.sourceRoots.join(", "));
    // CPython, run where manage.py runs, names the module so.
    const find = "import importlib.util; print(importlib.util.find_spec('shop.models').name)";
    const r = spawnSync("python3", ["-c", find], {
      cwd: join(dir, "src/django"),
      encoding: "utf8",
    });
    assert.equal(r.stdout.trim(), "shop.models", r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check from the packaging root sees the import cycle between the apps, as check from manage.py's folder does", async () => {
  const dir = writeProject(FILES);
  try {
    const top = await runCli(["check", "--no-cache"], dir);
    const inner = await runCli(["check", "--no-cache"], join(dir, "src/django"));
    assert.match(inner.out, /RM006 import cycle: shop\.models -> shop\.permissions -> shop\.models/);
    assert.match(
      top.out,
      /src\/django\/shop\/models\.py:1:1: RM006 import cycle: shop\.models -> shop\.permissions -> shop\.models/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
