import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { renderMarkdown } from "../../src/docs/markdown/markdown.js";
import type { DocsOptions } from "../../src/docs/context.js";
import { mermaidBlocks, mermaidParse } from "./mermaid-oracle.js";

/**
 * Markdown fixtures: test/fixtures/docs/<case>/{schema.json, options.json?, expected/}. Adding a
 * case is adding a folder. REMODEL_UPDATE_FIXTURES=1 rewrites expected/ (review the diff!).
 * Every diagram in the output is also parsed by Mermaid.
 */
const root = join(process.cwd(), "test/fixtures/docs");

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)],
  );
}

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  test(`docs fixture ${name}`, async () => {
    const schema = JSON.parse(readFileSync(join(dir, "schema.json"), "utf8"));
    const optionsPath = join(dir, "options.json");
    const options: DocsOptions = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, "utf8")) : {};
    const files = renderMarkdown(schema, options);
    const expectedDir = join(dir, "expected");
    if (process.env.REMODEL_UPDATE_FIXTURES) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [p, text] of files) {
        mkdirSync(dirname(join(expectedDir, p)), { recursive: true });
        writeFileSync(join(expectedDir, p), text);
      }
    }
    const expected = listFiles(expectedDir)
      .map((p) => relative(expectedDir, p).split("\\").join("/"))
      .sort();
    assert.deepEqual([...files.keys()].sort(), expected);
    for (const p of expected) assert.equal(files.get(p), readFileSync(join(expectedDir, p), "utf8"), p);
    for (const [p, text] of files) {
      const diagrams = p.endsWith(".mmd") ? [text] : mermaidBlocks(text);
      for (const d of diagrams) await assert.doesNotReject(mermaidParse(d), `${p} has a diagram Mermaid rejects`);
    }
  });
}
