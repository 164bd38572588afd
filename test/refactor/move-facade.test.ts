/** The facade a move leaves at the old path: what it re-exports, written by the one import writer. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { planMoveModule } from "../../src/refactor/move/move-module.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { writeProject } from "../support/write-project.js";

async function facadeOf(files: Record<string, string>, src: string, dest: string): Promise<string | undefined> {
  const root = writeProject({ "pyproject.toml": '[project]\nname = "pkg"\n', "pkg/__init__.py": "", ...files });
  const project = await loadProject(root, { exactRoot: true, noCache: true });
  const r = planMoveModule(new Resolver(project), src, dest, {
    keepFacade: true,
    exists: (p) => existsSync(join(root, p)),
  });
  assert.equal(r.kind, "planned");
  const op = r.kind === "planned" ? r.plan.ops.find((o) => o.kind === "create" && o.path === src) : undefined;
  return op && op.kind === "create" ? op.text : undefined;
}

test("a facade re-exports the names other modules use, with __all__", async () => {
  const text = await facadeOf(
    { "pkg/util.py": "X = 1\nY = 2\n", "pkg/api.py": "from pkg.util import X\n" },
    "pkg/util.py",
    "pkg/tools/util.py",
  );
  assert.equal(
    text,
    '"""Moved to pkg.tools.util; this module re-exports it for existing importers."""\nfrom pkg.tools.util import (\n    X,\n)\n\n__all__ = (\n    "X",\n)\n',
  );
});

test("a facade of a module no one imports names from re-exports everything with a star import", async () => {
  const text = await facadeOf({ "pkg/util.py": "X = 1\n" }, "pkg/util.py", "pkg/tools/util.py");
  assert.equal(
    text,
    '"""Moved to pkg.tools.util; this module re-exports it for existing importers."""\nfrom pkg.tools.util import *  # noqa: F401,F403\n',
  );
});
