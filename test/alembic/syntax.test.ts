import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { ALEMBIC_CODES, readRevision } from "../../src/alembic/index.js";

/**
 * `check` must flag exactly the revision files CPython cannot compile, on the line CPython names:
 * each body below is placed after valid identifiers, compiled by CPython (the oracle) and read by
 * Remodel with the full syntax check. Valid bodies guard against false alarms.
 */
const BODIES = [
  "def upgrade()\n    pass",
  "def upgrade(:\n    pass",
  'def upgrade():\n    op.execute("x" "y" 1 2)',
  "def upgrade():\n    x = [1, 2\n    y = 3",
  "def upgrade():\n    return return",
  "class A\n    pass",
  "def upgrade():\n    if x\n        pass",
  "def upgrade():\n    x = 1 +\n    y = 2",
  "def upgrade():\n  a = 1\n    b = 2",
  "def upgrade():\n    if x:\n        a = 1\n      b = 2",
  "def upgrade():\n    if x:\n    pass",
  "def upgrade():",
  'def upgrade():\n    print("a" +)',
  'def upgrade():\n    op.drop_column("t", "c"))',
  "def upgrade():\n    for x in:\n        pass",
  'def upgrade():\n    s = "unterminated\n    pass',
  // valid: must not be flagged
  "def upgrade():\n    if x: pass\n    d = {\n  'k': 1,\n        }\n    return lambda: (yield)",
  "def upgrade():\n    op.execute(f\"SELECT {'a'!r:>{10}} -- #\")\n    x = 1 \\\n        + 2",
  "class A:\n    def f(self): return 1\n\n\n\nasync def g():\n    async with x as y:\n        await y",
  "try:\n    import a\nexcept ImportError:  # comment\n    a = None\nelse:\n    pass\nfinally:\n    pass",
];

const header = '"""m"""\nrevision = "r1"\ndown_revision = None\n\n\n';

test("syntax: check's verdict and line equal CPython's on broken and valid revision files", () => {
  const script =
    "import json,sys\nout=[]\nfor src in json.load(sys.stdin):\n    try:\n        compile(src,'f','exec'); out.append(None)\n    except SyntaxError as e:\n        out.append(e.lineno)\nprint(json.dumps(out))";
  const sources = BODIES.map((b) => header + b + "\n");
  const cpython = JSON.parse(
    execFileSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify(sources), encoding: "utf8" }),
  ) as Array<number | null>;
  assert.ok(cpython.filter((l) => l !== null).length >= 15, "the broken bodies must really be broken");
  sources.forEach((src, i) => {
    const r = readRevision({ path: `b${i}.py`, bytes: new TextEncoder().encode(src) }, { syntax: true });
    const ours = r.warnings.find((w) => w.code === ALEMBIC_CODES.unreadable);
    assert.equal(ours?.line ?? null, cpython[i], `body ${i}: ${JSON.stringify(BODIES[i])} -> ${ours?.message}`);
  });
});
