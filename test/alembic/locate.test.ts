import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { test } from "node:test";
import { loadVersionDirs, locateVersions } from "../../src/alembic/index.js";
import { repoRoot } from "./cases.js";

const monorepo = join(repoRoot, "test/fixtures/alembic-locate/monorepo");
const rel = (p: string) => relative(monorepo, p).split("\\").join("/");

test("locate: ini with package-form script_location, ini with version_locations, pyproject [tool.alembic], bare env.py; vendored trees skipped", () => {
  const found = locateVersions(monorepo).map((l) => ({ dirs: l.versionDirs.map(rel), sources: l.sources }));
  assert.deepEqual(found, [
    {
      dirs: ["services/billing/migrations/versions", "services/billing/extra_versions"],
      sources: ["services/billing/alembic.ini", "env.py"],
    },
    { dirs: ["services/search/db/versions"], sources: ["services/search/pyproject.toml"] },
    { dirs: ["src/shop/orders/models/alembic/versions"], sources: ["configs/orders/halfstack.alembic.ini", "env.py"] },
    { dirs: ["tools/legacy/versions"], sources: ["env.py"] },
  ]);
});

test("locate: version_locations are read together into one graph", () => {
  const billing = locateVersions(monorepo, "services/billing/alembic.ini");
  assert.equal(billing.length, 1);
  const graph = loadVersionDirs(billing[0].versionDirs, monorepo);
  assert.deepEqual(graph.heads, ["bi000000002"]);
  assert.deepEqual(graph.bases, ["bi000000001"]);
  assert.deepEqual(graph.problems, []);
});

test("locate: an explicit script directory or versions directory", () => {
  assert.deepEqual(
    locateVersions(monorepo, "tools/legacy").map((l) => l.versionDirs.map(rel)),
    [["tools/legacy/versions"]],
  );
  assert.deepEqual(
    locateVersions(monorepo, "tools/legacy/versions").map((l) => l.versionDirs.map(rel)),
    [["tools/legacy/versions"]],
  );
  assert.throws(() => locateVersions(monorepo, "no/such/dir"), /no such file or directory/);
});
