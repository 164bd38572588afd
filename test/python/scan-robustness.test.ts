/**
 * The scanner never throws and keeps every range inside the text, whatever it is given: seeded
 * random edits of the odd-syntax corpus (quotes, brackets, backslashes, line breaks, non-ASCII,
 * deleted and duplicated spans). scripts/fuzz-scanner.mjs does the same against CPython.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { scanModule } from "../../src/python/scan.js";

const corpus = join(new URL("../../..", import.meta.url).pathname, "test", "fixtures", "python-syntax");
const PIECES = [
  '"',
  "'",
  '"""',
  "(",
  ")",
  "[",
  "}",
  "\\",
  "\n",
  "\r",
  "\r\n",
  ":",
  "\t",
  "#",
  'f"{',
  "{",
  "import x\n",
  "from . import (",
  "é",
  "😀",
  "\f",
  "\\\n",
  "@",
  ":=",
];

it("never throws and keeps ranges inside the text on 600 mutants of the corpus", () => {
  const sources = readdirSync(corpus)
    .filter((f) => f.endsWith(".py"))
    .map((f) => readFileSync(join(corpus, f), "utf8"));
  let seed = 20240601;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let warned = 0;
  for (let k = 0; k < 600; k++) {
    let t = sources[k % sources.length];
    for (let m = 1 + rnd(3); m > 0; m--) {
      const p = rnd(t.length + 1);
      const op = rnd(3);
      if (op === 0) t = t.slice(0, p) + PIECES[rnd(PIECES.length)] + t.slice(p);
      else if (op === 1) t = t.slice(0, p) + t.slice(p + 1 + rnd(30));
      else t = t.slice(0, p) + t.slice(rnd(t.length), rnd(t.length)) + t.slice(p);
    }
    const facts = scanModule(t);
    const lines = t.split(/\r\n|\r|\n/).length;
    for (const i of facts.imports) {
      assert.ok(0 <= i.start && i.start < i.end && i.end <= t.length, `import range in mutant ${k}`);
      for (const n of i.names) assert.ok(i.start <= n.start && n.end <= i.end, `name range in mutant ${k}`);
    }
    for (const x of [...facts.bindings, ...facts.stringRefs, ...facts.attributeRefs, ...facts.warnings]) {
      assert.ok(x.line >= 1 && x.line <= lines && x.column >= 1, `position in mutant ${k}`);
    }
    if (facts.warnings.length) warned++;
  }
  // Most random edits break the syntax; the scanner notices a good share of them.
  assert.ok(warned > 200, `warned on ${warned} of 600`);
});
