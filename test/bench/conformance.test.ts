import assert from "node:assert/strict";
import { test } from "node:test";

import { median, numstatLines } from "../../bench/conformance/numstat.js";
import { added, byTree, isFirstPartyImport, pyrightConfig } from "../../bench/conformance/pyright.js";
import { type RopeStep, ropeSteps } from "../../bench/conformance/rope.js";
import { probeKind, tally } from "../../bench/conformance/tally.js";
import { allCases, buildCase, type CaseSpec } from "../conformance/cases.js";

test("numstat: added plus removed over every file, a binary row counts 0, rename paths are not read", () => {
  const out =
    "3\t1\tapp/services/users.py\n0\t0\t{before => after}/app/models/{user.py => user/row.py}\n-\t-\tlogo.png\n12\t0\tafter/app/models/user/__init__.py\n";
  assert.equal(numstatLines(out), 16);
  assert.equal(numstatLines(""), 0);
});

test("median: the middle one, the mean of the two middle ones for an even count", () => {
  assert.equal(median([37, 5, 10]), 10);
  assert.equal(median([40, 10, 20, 30]), 25);
  assert.ok(Number.isNaN(median([])));
});

/** Where the file app/models/user.py (as `path`) ends after rope's steps, by path arithmetic. */
function finalPath(steps: RopeStep[], start: string): string {
  let at = start;
  for (const s of steps) {
    if (s.kind === "rename" && (at === s.path || at.startsWith(`${s.path.replace(/\.py$/, "")}/`))) {
      const dir = s.path.split("/").slice(0, -1).join("/");
      const old = s.path.replace(/\.py$/, "");
      const renamed = `${dir}/${s.name}`;
      at = at === s.path ? `${renamed}.py` : `${renamed}${at.slice(old.length)}`;
    } else if (s.kind === "move" && at === s.path) at = `${s.dest}/${at.split("/").pop()}`;
  }
  return at;
}

test("rope's steps put the moved module where Remodel's move puts it, in every layout", () => {
  for (const spec of allCases().filter(
    (s) => s.ns === "regular" && s.style === "from-name" && s.framework === "sqlalchemy",
  )) {
    const c = buildCase(spec);
    const steps = ropeSteps(c);
    assert.ok(steps, spec.name);
    const p = (rel: string) => (c.srcRoot === "" ? rel : `${c.srcRoot}/${rel}`);
    assert.equal(finalPath(steps, p("app/models/user.py")), p(`${c.newModule.split(".").join("/")}.py`), spec.name);
    // A package rope moves into exists first (created by hand, as a rope user does).
    for (const s of steps.filter((x) => x.kind === "move"))
      assert.ok(
        steps.some((x) => x.kind === "mkpkg" && x.path === s.dest) || c.files.has(`${s.dest}/__init__.py`),
        `${spec.name}: ${s.dest}`,
      );
  }
});

test("a batch case moves both modules of its plan into packages", () => {
  const c = buildCase(allCases().find((s) => s.op === "batch" && s.layout === "src") as CaseSpec);
  const steps = ropeSteps(c) ?? [];
  assert.equal(finalPath(steps, "src/app/models/order.py"), "src/app/models/order/row.py");
});

test("a judge error is named by the string kind or import context its probe proves", () => {
  assert.equal(probeKind("tests.test_users.test_mock_patch: AssertionError: "), "mock.patch string");
  assert.equal(
    probeKind("app.models.order.probe_mappers: InvalidRequestError: When initializing mapper"),
    'SQLAlchemy "app.models.user.User" path',
  );
  assert.equal(
    probeKind("import app.services.lazy_users: ModuleNotFoundError: No module named 'app.models.user'"),
    "lazy import",
  );
  assert.equal(probeKind("import app.services.users: ModuleNotFoundError: x"), "import of app.services.users");
  assert.equal(
    probeKind("import app.db.user: ImportError: attempted relative import"),
    "import of the moved modules or their package",
  );
  assert.equal(
    probeKind("app.services.users: commented-out 'from app.models.user import User': ModuleNotFoundError: x"),
    "commented-out import",
  );
});

test("the tally counts a kind once per case, and a failed move as its own kind", () => {
  const t = tally([
    {
      failed: null,
      cpython: ["tests.test_users.test_mock_patch: A", "tests.test_users.test_mock_patch: B"],
      pyright: ["tests/test_users.py: x"],
    },
    { failed: null, cpython: ["tests.test_users.test_mock_patch: A"], pyright: [] },
    { failed: "RefactoringError: no", cpython: ["tests.test_users.test_mock_patch: A"], pyright: [] },
  ]);
  assert.deepEqual(t, [
    ["mock.patch string", 2],
    ["move failed: RefactoringError: no", 1],
    ["pyright in tests/test_users.py", 1],
  ]);
});

test("pyright: one execution environment per tree, its source root a search path; diagnostics counted per tree", () => {
  const trees = [
    { root: "/b/c1/before", srcRoot: "src" },
    { root: "/b/c1/rope", srcRoot: "src" },
  ];
  const config = pyrightConfig("/b", trees) as { executionEnvironments: { root: string; extraPaths: string[] }[] };
  assert.deepEqual(config.executionEnvironments, [
    { root: "c1/before", extraPaths: ["c1/before/src"] },
    { root: "c1/rope", extraPaths: ["c1/rope/src"] },
  ]);
  const found = byTree(
    {
      generalDiagnostics: [
        {
          file: "/b/c1/rope/tests/t.py",
          rule: "reportMissingImports",
          message: 'Import "app.models.user" could not be resolved',
        },
        { file: "/b/c1/rope/tests/t.py", rule: "reportMissingImports", message: 'Import "yaml" could not be resolved' },
        {
          file: "/b/c1/before/src/app/x.py",
          rule: "reportAttributeAccessIssue",
          message: '"User" is unknown import symbol',
        },
        {
          file: "/b/c1/rope/src/app/x.py",
          rule: "reportAttributeAccessIssue",
          message: '"User" is unknown import symbol',
        },
      ],
    },
    trees,
    "app",
  );
  assert.deepEqual(
    added(found.get("/b/c1/before") as Map<string, number>, found.get("/b/c1/rope") as Map<string, number>),
    ['tests/t.py: Import "app.models.user" could not be resolved'],
  );
  assert.equal(isFirstPartyImport("reportMissingImports", 'Import ".models.user" could not be resolved', "app"), true);
});
