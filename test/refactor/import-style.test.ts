/** The project's own import-sorting settings, wherever it keeps them, as Ruff options. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { iniSection } from "../../src/project/config.js";
import { ruffOptions } from "../../src/refactor/shared/sort-imports.js";

const lintIsort = (o: Record<string, unknown>) => (o.lint as { isort: Record<string, unknown> }).isort;

test("setup.cfg [isort] becomes Ruff's isort options; Black's line length is the fallback", () => {
  const cfg = iniSection(
    "[metadata]\nname = x\n[isort]\nforce_single_line = True\nknown_first_party =\n    shop,\n    billing\nno_lines_before = LOCALFOLDER\n",
    "isort",
  )!;
  const o = ruffOptions({ ruff: null, isort: cfg, blackLineLength: 100 }, ["app"]);
  assert.deepEqual(lintIsort(o), {
    "force-single-line": true,
    "known-first-party": ["app", "billing", "shop"],
    "no-lines-before": ["local-folder"],
  });
  assert.equal(o["line-length"], 100);
});

test("[tool.ruff] wins over isort's settings, and its line length over Black's", () => {
  const o = ruffOptions(
    {
      ruff: { "line-length": 120, lint: { isort: { "combine-as-imports": true } } },
      isort: { force_single_line: true, line_length: 79 },
      blackLineLength: 88,
    },
    [],
  );
  assert.deepEqual(lintIsort(o), { "combine-as-imports": true, "known-first-party": [] });
  assert.equal(o["line-length"], 120);
});

test("isort's line_length and profile apply when Ruff says nothing", () => {
  const o = ruffOptions({ ruff: null, isort: { profile: "google", line_length: 90 }, blackLineLength: 88 }, []);
  assert.equal(lintIsort(o)["force-single-line"], true);
  assert.equal(o["line-length"], 90);
});
