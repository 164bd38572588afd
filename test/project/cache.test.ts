/**
 * The facts cache: its binary form round-trips every fact exactly, a damaged cache is only a miss,
 * and a project loaded from the cache has the same facts as one scanned afresh.
 */
import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { decodeFacts, encodeFacts } from "../../src/project/facts-codec.js";
import { CACHE_VERSION, readCache } from "../../src/project/cache.js";
import { loadProject } from "../../src/project/load.js";
import { scanModule } from "../../src/python/scan.js";
import { writeProject } from "../support/write-project.js";

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pythonFiles(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

test("every fixture file's facts survive the binary form unchanged", () => {
  const facts = new Map(
    pythonFiles("test/fixtures").map((p) => [
      p,
      {
        size: 1,
        mtimeMs: 1732000000123.4567,
        hash: "ab",
        bom: false,
        decodeWarning: null,
        facts: scanModule(readFileSync(p, "utf8")),
      },
    ]),
  );
  assert.ok(facts.size > 200, `only ${facts.size} fixture files`);
  assert.deepStrictEqual(decodeFacts(encodeFacts(facts)), facts);
});

test("odd values round-trip: negatives, floats, large integers, undefined, nested maps, lone surrogates", () => {
  const value = {
    a: -1,
    b: 0.5,
    c: 2 ** 40,
    d: undefined,
    e: null,
    f: [true, false, "\ud800x", "é"],
    g: new Map([["k", new Map([[1, { x: 1 }]])]]),
    h: "",
  };
  assert.deepStrictEqual(decodeFacts(encodeFacts(value)), value);
  assert.throws(() => encodeFacts({ x: NaN }), /non-finite/);
  assert.throws(() => encodeFacts({ x: new Set() }), /cannot encode/);
});

test("a damaged or truncated cache is a miss, never an error", () => {
  const good = encodeFacts(new Map([["a.py", { facts: { imports: [1, 2, 3] } }]]));
  assert.throws(() => decodeFacts(good.subarray(0, good.length - 4)), /damaged|not an encoded/);
  assert.throws(() => decodeFacts(Buffer.from("garbage!")), /not an encoded value/);
  const root = mkdtempSync(join(tmpdir(), "remodel-cache-"));
  try {
    mkdirSync(join(root, ".remodel_cache"));
    writeFileSync(join(root, ".remodel_cache", `facts-v${CACHE_VERSION}.bin`), good.subarray(0, 20));
    assert.equal(readCache(root).size, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a project read from the cache has the facts of a fresh scan; a changed file is scanned again", async () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-cache-"));
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "c"\n',
    "c/__init__.py": 'from .a import A\n__all__ = ["A"]\n',
    "c/a.py": "import os\n\nclass A:\n    pass\n",
  };
  try {
    writeProject(files, root);
    const fresh = await loadProject(root, { exactRoot: true, noCache: true });
    await loadProject(root, { exactRoot: true });
    const cached = await loadProject(root, { exactRoot: true });
    assert.equal(cached.stats.scanned, 0);
    for (const [p, f] of fresh.files) assert.deepStrictEqual(cached.files.get(p)?.facts, f.facts, p);
    writeFileSync(join(root, "c/a.py"), "import os\n\nclass B:\n    pass\n");
    utimesSync(join(root, "c/a.py"), new Date(), new Date(Date.now() + 5000));
    const changed = await loadProject(root, { exactRoot: true });
    assert.equal(changed.stats.scanned, 1);
    assert.deepEqual(
      changed.files.get("c/a.py")?.facts.classes.map((c) => c.name),
      ["B"],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
