import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { generateProject } from "../../bench/generate/project.js";
import { checkImports, snapshot, tempDir } from "./oracle.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function fresh(): string {
  const d = tempDir("synth");
  dirs.push(d);
  return d;
}

describe("generateProject", () => {
  test("1k modules: CPython imports every module and every import anywhere resolves", () => {
    const dir = fresh();
    const stats = generateProject(dir, { modules: 1000, seed: 11 });
    assert.equal(stats.modules, 1000);
    const report = checkImports([join(dir, "src")]);
    assert.equal(report.files, 1000);
    assert.deepEqual(report.failures, [], `${report.failureCount} failures`);
    // Every import form is present in quantity.
    for (const [kind, min] of Object.entries({
      import: 500,
      from: 2000,
      relative: 300,
      star: 5,
      aliased: 300,
      function: 200,
      type_checking: 200,
    })) {
      assert.ok(
        report.counts[kind as keyof typeof report.counts] >= min,
        `${kind}: ${report.counts[kind as keyof typeof report.counts]}`,
      );
    }
  });

  test("shape: nested packages, ~15% __all__, ~120 lines a module, re-export chains", () => {
    const dir = fresh();
    const stats = generateProject(dir, { modules: 600, seed: 5 });
    const files = snapshot(join(dir, "src"));
    assert.equal(files.size, 600);
    assert.equal(stats.files, 601); // + pyproject.toml
    const depth = Math.max(...[...files.keys()].map((p) => p.split("/").length - 1));
    assert.ok(depth >= 3, `depth ${depth}`);
    const withAll = [...files.values()].filter((t) => /^__all__ = \[/m.test(t)).length;
    assert.equal(withAll, stats.withAll);
    assert.ok(withAll / files.size > 0.09 && withAll / files.size < 0.22, `${withAll} with __all__`);
    const avg = stats.lines / files.size;
    assert.ok(avg > 100 && avg < 140, `average ${avg} lines`);
    // A chain: an __init__ re-exports from a sub-package whose own __init__ re-exports.
    const chained = [...files].filter(([path, text]) => {
      if (!path.endsWith("__init__.py")) return false;
      const pkg = path.slice(0, -"__init__.py".length);
      return [...text.matchAll(/^from \.(\w+) import /gm)].some((m) =>
        /^from /m.test(files.get(`${pkg}${m[1]}/__init__.py`) ?? ""),
      );
    });
    assert.ok(chained.length >= 3, `${chained.length} chained __init__ files`);
  });

  test("deterministic: same seed, same bytes; another seed, another tree", () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    generateProject(a, { modules: 150, seed: 3 });
    generateProject(b, { modules: 150, seed: 3 });
    generateProject(c, { modules: 150, seed: 4 });
    const [sa, sb, sc] = [snapshot(a), snapshot(b), snapshot(c)];
    assert.deepEqual([...sa.keys()], [...sb.keys()]);
    for (const [path, text] of sa) assert.equal(sb.get(path), text, path);
    assert.notDeepEqual([...sa.keys()], [...sc.keys()]);
  });
});
