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

/** A tree where nested .gitignore files re-include what the root's excludes, and where they cannot. */
const NESTED: Record<string, string> = {
  ".gitignore": [
    "*.py", "!/top.py", "gen/*", "!gen/models/", "out/", "!out/models/", "vendor/", "generated",
    // Globs, on .pyi files (no nested file re-includes those): anchors, `**`, classes, escapes, spaces.
    "/anchored/*.pyi", "**/deep/**/x.pyi", "lib/**/skip_*.pyi", "[abc]_*.pyi", "!b_*.pyi", "tmp[[:digit:]].pyi",
    "sp\\ ace.pyi", "trail.pyi   ", "\\!bang.pyi", "**/only-dir.pyi/", "w/[!x]?.pyi",
  ].join("\n"),
  // Re-includes every .py under app/ but one; app/sub/ re-includes that one again.
  "app/.gitignore": "!*.py\nsecret.py\n",
  "app/sub/.gitignore": "!secret.py\n",
  // A folder the root excludes, re-included one level down; the root's `*.py` still applies to its files.
  "pkg/.gitignore": "!vendor/\n!vendor/keep.py\n",
  // Never read by git: out/ is excluded, so nothing under it can be re-included.
  "out/.gitignore": "!*\n",
};

const NESTED_FILES = [
  "top.py", "top2.py", "gen/a.pyi", "gen/models/m.pyi", "gen/models/m.py", "out/models/m.pyi", "out/x.pyi",
  "vendor/v.pyi", "pkg/vendor/keep.py", "pkg/vendor/drop.py", "pkg/vendor/lib/deep.pyi", "generated/g.pyi",
  "pkg/generated", "app/models.py", "app/secret.py", "app/sub/secret.py", "app/sub/other.py",
  "anchored/a.pyi", "w/anchored/keep.pyi", "w/deep/x.pyi", "w/deep/a/b/x.pyi", "w/x.pyi", "lib/q/skip_1.pyi",
  "lib/skip_2.pyi", "w/lib/skip_3.pyi", "w/a_1.pyi", "w/b_1.pyi", "w/d_1.pyi", "w/tmp1.pyi", "w/tmpx.pyi",
  "w/sp ace.pyi", "w/trail.pyi", "w/!bang.pyi", "w/only-dir.pyi/inner.pyi", "w/x/only-dir.pyi", "w/ab.pyi",
  "w/xb.pyi",
];

test("nested .gitignore files re-include what a parent's exclude, except under an excluded folder, as git ls-files says", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-nested-"));
  for (const [f, text] of Object.entries(NESTED)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  for (const f of NESTED_FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "");
  }
  // No user or system excludes file: only the tree's own rules.
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", HOME: root };
  const run = (args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", env });
  run(["init", "-q"]);
  // The repository's own excludes, asked after every .gitignore: app/ re-includes its .py files.
  writeFileSync(join(root, ".git/info/exclude"), "w/xb.pyi\napp/sub/other.py\n");
  run(["add", ".gitignore", "app/models.py", "top.py"]);
  run(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "tracked"]);
  const git = run(["ls-files", "--others", "--cached", "--exclude-standard"]).split("\n").filter((f) => /\.pyi?$/.test(f)).sort();
  // The tree exercises what it is for: nested re-includes, and none under an excluded folder.
  for (const f of ["app/models.py", "app/sub/secret.py", "pkg/vendor/keep.py", "gen/models/m.pyi", "pkg/vendor/lib/deep.pyi"]) assert.ok(git.includes(f), f);
  for (const f of ["app/secret.py", "pkg/vendor/drop.py", "out/models/m.pyi", "vendor/v.pyi", "top2.py", "w/xb.pyi"]) assert.ok(!git.includes(f), f);
  assert.ok(git.includes("app/sub/other.py"));
  assert.deepEqual(walkPythonFiles(root, []).files, git);
});
