/**
 * Ruff runs where it is cheap: in a process that is not baseline-only (a library caller), a
 * baseline-only child sorts the batch and this process never loads Ruff's module; the answer is
 * the one Ruff gives in-process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ENGINE = fileURLToPath(new URL("../../src/refactor/shared/ruff-engine.js", import.meta.url));

/** Runs `body` in a fresh Node process without `--liftoff-only`; returns what it prints as JSON. */
function inLibraryProcess(body: string): unknown {
  const script = `const e = await import(${JSON.stringify(ENGINE)});\n${body}`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const OPTIONS = { lint: { select: ["I001"] } };
const TEXTS = ["import sys\nimport os\n\nx = 1\n", "from b import y\nfrom a import x\n", "def (:\n"];

test("a library process sorts through a child and gets Ruff's own answer", () => {
  const out = inLibraryProcess(`
    const { createRequire } = await import("node:module");
    const cache = createRequire(import.meta.url).cache;
    const loaded = () => Object.keys(cache).some((k) => k.includes("ruff-wasm-nodejs"));
    const viaChild = e.ruffCheck(${JSON.stringify(OPTIONS)}, ${JSON.stringify(TEXTS)});
    const loadedAfterChild = loaded();
    const here = e.ruffCheckHere(${JSON.stringify(OPTIONS)}, ${JSON.stringify(TEXTS)});
    console.log(JSON.stringify({ viaChild, here, loadedAfterChild, loadedAfterHere: loaded() }));
  `) as { viaChild: unknown[]; here: unknown[]; loadedAfterChild: boolean; loadedAfterHere: boolean };
  assert.equal(out.loadedAfterChild, false, "the library process loaded Ruff itself");
  assert.equal(out.loadedAfterHere, true, "the probe for Ruff's module does not see it");
  assert.deepEqual(out.viaChild, out.here);
  // Two unsorted blocks get a fix each; a text Ruff cannot parse gets syntax errors, no fix.
  const codes = (out.here as { code: string | null }[][]).map((d) => d.map((x) => x.code));
  assert.deepEqual(codes.slice(0, 2), [["I001"], ["I001"]]);
  assert.ok(!codes[2].includes("I001") && codes[2].length > 0);
});

test("a process the executable started baseline-only sorts in-process", () => {
  const out = inLibraryProcess(`
    globalThis[e.BASELINE_WASM] = true;
    const { createRequire } = await import("node:module");
    const cache = createRequire(import.meta.url).cache;
    e.ruffCheck(${JSON.stringify(OPTIONS)}, ${JSON.stringify(TEXTS.slice(0, 1))});
    console.log(JSON.stringify(Object.keys(cache).some((k) => k.includes("ruff-wasm-nodejs"))));
  `);
  assert.equal(out, true);
});
