/**
 * The walk's .gitignore matching agrees with git itself: the Python files it lists are the ones
 * `git ls-files --others --exclude-standard` lists, for rules a Python file can and cannot match
 * (directory-only lines, negations, globs on the extension, escapes, nested .gitignore files).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pythonFileRules, walkPythonFiles } from "../../src/project/discover.js";

const GITIGNORE = [
  "__pycache__/", "*.py[cod]", "/build/", "*.log", ".coverage.*", "local_settings.py", "logs/",
  "*.py", "!keep*.py", "!keep.py/", "gen_*.pyi", "\\#literal.py", "data/*", "!data/models/",
  "notes", "*.pyi.txt",
].join("\n");

const FILES = [
  "app/models.py", "app/keep_me.py", "app/local_settings.py", "app/stubs.pyi", "app/gen_x.pyi",
  "build/x.pyi", "src/builder/y.pyi", "logs/z.pyi", "keep.py/inner.pyi", "keep.py/keep1.py",
  "#literal.py", "data/a.pyi", "data/models/b.pyi", "notes/c.pyi", "pkg/sub/keep2.py", "pkg/sub/d.pyi",
  "pkg/sub/local_settings.py", "pkg/sub/e.pyi.txt",
];

test("only the lines that can match a Python file are kept for files, negations always", () => {
  assert.deepEqual(pythonFileRules("build/\n*.log\n*.py[cod]\nlocal_settings.py\n!x/\n.coverage\n*\\ \n# c\n\n"), ["*.py[cod]", "local_settings.py", "!x/"]);
});

test("the Python files the walk lists are the ones git does not ignore", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-"));
  writeFileSync(join(root, ".gitignore"), GITIGNORE);
  for (const f of FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "");
  }
  // A nested .gitignore, relative to its own folder.
  writeFileSync(join(root, "pkg/.gitignore"), "sub/d.pyi\n");
  execFileSync("git", ["init", "-q"], { cwd: root });
  const git = execFileSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\n").filter((f) => /\.pyi?$/.test(f)).sort();
  assert.ok(git.length >= 5 && git.length < FILES.length, git.join(" "));
  assert.deepEqual(walkPythonFiles(root, []).files, git);
});
