/**
 * The config reader gives the value git gives (`git config --includes -f FILE --get KEY`): quoting,
 * escapes, comments, continuation lines, section and key case, subsections, the last value
 * winning, boolean keys and include.path.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readConfig } from "../../src/project/git-config.js";

const CASES: string[] = [
  "[core]\n\texcludesFile = /a/b\n",
  '[core]\n  excludesfile = "/with space/x" ; comment\n',
  "[CORE]\nExcludesFile=~/ignore # trailing\n",
  "[core]\nexcludesFile = a\\\n  b\n",
  '[core]\nexcludesFile = "q\\"uote\\\\back\\tslash"\n',
  "[core]\nexcludesFile = first\n[core]\nexcludesFile = second\n",
  "[core] excludesFile = same-line\n",
  '[core "sub"]\nexcludesFile = not-core\n',
  "[core.sub]\nexcludesFile = not-core-either\n",
  "[user]\nexcludesFile = other-section\n",
  "[core]\nexcludesFile\n",
  "[core]\nexcludesFile =   inner   spaces   kept  \n",
  "# [core]\n; excludesFile = x\n[core]\n\tbare = true\n",
  "\uFEFF[core]\nexcludesFile = after-bom\n",
  "[core]\r\nexcludesFile = crlf\r\n",
  "[core]\nexcludesFile = a#b\n",
  '[core]\nexcludesFile = "a#b" c\n',
  '[core]\nexcludesFile = "in \\\n quotes"\n',
  "[core]\nexcludesFile = tab\there\n",
  '[core "a\\"b"]\nexcludesFile = sub-with-quote\n[core]\nexcludesFile = plain\n',
  "[core]\n\texcludesFile = /x\n[core]\n\texcludesFile =\n",
];

function gitValue(file: string): string | undefined {
  const r = spawnSync("git", ["config", "--includes", "-f", file, "--get", "core.excludesfile"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.replace(/\n$/, "") : undefined;
}

test("core.excludesFile is read as git reads it", () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-gitconfig-"));
  const h = { home: dir, xdg: join(dir, "xdg") };
  try {
    let set = 0;
    CASES.forEach((text, i) => {
      const file = join(dir, `c${i}`);
      writeFileSync(file, text);
      const expected = gitValue(file);
      if (expected !== undefined) set++;
      assert.equal(
        readConfig([file], ["core.excludesfile"], h).values.get("core.excludesfile"),
        expected,
        JSON.stringify(text),
      );
    });
    // The cases exercise both: values git reads and lines it reads as something else.
    assert.ok(set >= 10 && set < CASES.length, `${set}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("include.path is followed, relative to the including file, and a later value wins", () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-gitconfig-"));
  const h = { home: dir, xdg: join(dir, "xdg") };
  try {
    writeFileSync(join(dir, "inc"), "[core]\nexcludesFile = from-include\n");
    writeFileSync(join(dir, "main"), "[core]\nexcludesFile = before\n[include]\npath = inc\n");
    writeFileSync(join(dir, "main2"), "[include]\npath = inc\n[core]\nexcludesFile = after\n");
    for (const f of ["main", "main2"]) {
      const r = readConfig([join(dir, f)], ["core.excludesfile"], h);
      assert.equal(r.values.get("core.excludesfile"), gitValue(join(dir, f)), f);
      assert.ok(r.consulted.includes(join(dir, "inc")));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
