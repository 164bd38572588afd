/**
 * Differential test: the scanner must agree with a tree-sitter-python reference extractor on
 * imports (kind, level, module, names, ranges, context), top-level bindings, classes and
 * `__getattr__`, for every .py file under test/fixtures (the odd-syntax corpus in
 * test/fixtures/python-syntax and every fixture project). scripts/differential.mjs runs the same
 * comparison on a whole repository.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { scanModule } from "../../src/python/scan.js";
import { compareFacts } from "./compare-facts.js";
import { referenceFacts } from "./reference-facts.js";

const root = new URL("../../..", import.meta.url).pathname;
const fixtures = join(root, "test", "fixtures");

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.isFile() && (e.name.endsWith(".py") || e.name.endsWith(".pyi"))) out.push(p);
  }
  return out.sort();
}

function decode(path: string): string {
  const text = new TextDecoder("utf-8").decode(readFileSync(path));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

describe("scanner vs tree-sitter reference", () => {
  it("the reference reports UTF-16 offsets, the unit of ModuleFacts", () => {
    const text = 'x = "é😀"; import a\n';
    const [imp] = referenceFacts(text).imports;
    assert.equal(text.slice(imp.start, imp.end), "import a");
  });

  it("the comparison notices a disagreement", () => {
    const text = "import a\nif TYPE_CHECKING:\n    import b\nx = 1\n";
    const facts = scanModule(text);
    const wrong = {
      ...facts,
      imports: facts.imports.map((i, k) => (k === 1 ? { ...i, context: { ...i.context, typeChecking: false } } : i)),
    };
    assert.deepEqual(
      compareFacts(wrong, referenceFacts(text)).map((d) => d.kind),
      ["import.context.typeChecking"],
    );
    assert.deepEqual(
      compareFacts({ ...facts, bindings: facts.bindings.slice(1) }, referenceFacts(text)).map((d) => d.kind),
      ["binding missing (import)"],
    );
  });

  const files = pythonFiles(fixtures);
  it("the corpus is there", () => assert.ok(files.filter((f) => f.includes("python-syntax")).length >= 9));

  for (const file of files) {
    it(relative(fixtures, file), () => {
      const text = decode(file);
      const ref = referenceFacts(text);
      let ds = compareFacts(scanModule(text), ref);
      // Where tree-sitter finds a syntax error its tree is only a guess around the error: then the
      // scanner must still find every import tree-sitter found and warn (broken files are unit-tested).
      if (ref.hasError) ds = ds.filter((d) => d.kind === "import missing" || d.kind === "syntax error not warned");
      assert.deepEqual(
        ds.map((d) => `${d.line}: ${d.kind}: ${d.detail}`),
        [],
      );
      assert.ok(ref.imports.length + ref.bindings.length > 0 || text.trim() === "", "the reference read something");
    });
  }
});
