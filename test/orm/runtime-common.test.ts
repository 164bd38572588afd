/**
 * The ORM dumpers load their shared module (_remodel_common.py) by its path: from any working
 * directory, leaving sys.path as the project's, and never a module of the same name that the
 * project (or another copy of Remodel) has put in sys.modules first.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { runtimeScript } from "../../src/orm/runtime.js";
import { writeProject } from "../support/write-project.js";

const PYTHON = "/usr/bin/python3";

test("each dumper, loaded by its path from another folder after a decoy _remodel_common, uses its own and leaves sys.path alone", () => {
  const cwd = writeProject({
    "_remodel_common.py": "raise ImportError(\"the working directory's, not the dumper's\")\n",
  });
  const probe = `
import importlib.util, json, sys, types
decoy = types.ModuleType("_remodel_common")
decoy.stable_repr = lambda v: "decoy"
sys.modules["_remodel_common"] = decoy
out = {}
for kind, path in json.loads(sys.argv[1]).items():
    before = list(sys.path)
    spec = importlib.util.spec_from_file_location("_remodel_%s_dump" % kind, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out[kind] = {"repr": mod.stable_repr(object()), "sys_path_kept": sys.path == before}
print(json.dumps(out))
`;
  const paths = { sqlalchemy: runtimeScript("sqlalchemy"), django: runtimeScript("django") };
  const r = spawnSync(PYTHON, ["-c", probe, JSON.stringify(paths)], { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const kept = { repr: "<object object>", sys_path_kept: true };
  assert.deepEqual(JSON.parse(r.stdout), { sqlalchemy: kept, django: kept });
});

test("the SQLAlchemy dumper run as a script from another folder dumps the project", () => {
  const root = writeProject({
    "shop/__init__.py": "",
    "shop/models.py":
      "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Item(Base):\n    __tablename__ = 'item'\n    id = sa.Column(sa.Integer, primary_key=True)\n    label = sa.Column(sa.String(20), default=object)\n",
  });
  const cwd = writeProject({
    "_remodel_common.py": "raise ImportError(\"the working directory's, not the dumper's\")\n",
  });
  const r = spawnSync(PYTHON, [runtimeScript("sqlalchemy"), root, "shop.models"], { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { tables: { name: string; columns: { name: string }[] }[] };
  assert.deepEqual(
    schema.tables.map((t) => [t.name, t.columns.map((c) => c.name)]),
    [["item", ["id", "label"]]],
  );
});
