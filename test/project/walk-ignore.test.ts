/**
 * The walk's .gitignore matching agrees with git itself: the Python files it lists are the ones
 * `git ls-files --others --cached --exclude-standard` lists, for rules a Python file can and cannot
 * match (directory-only lines, negations, globs on the extension, escapes, nested .gitignore files),
 * for committed files an ignore rule matches (index versions 2, 3 and 4), in a linked worktree and
 * a root below the repository's top (and one inside an excluded folder), with core.excludesFile,
 * with GIT_INDEX_FILE, GIT_DIR and GIT_WORK_TREE (and in a pre-commit hook, which is given them),
 * GIT_COMMON_DIR, core.worktree and core.bare, beside submodules (initialised or not: a gitlink whose folder
 * holds stray files) and nested repositories, and with an unreadable index (then as if nothing
 * were tracked); and the config files it lists are git's too.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { pythonFileRules, walkPythonFiles } from "../../src/project/discover.js";

// git and the walk both read the user's git files: here a home of the test's own, never the real one.
const HOME = mkdtempSync(join(tmpdir(), "remodel-ignore-home-"));
Object.assign(process.env, { HOME, XDG_CONFIG_HOME: join(HOME, "xdg"), GIT_CONFIG_NOSYSTEM: "1" });
delete process.env.GIT_CONFIG_GLOBAL;
process.on("exit", () => rmSync(HOME, { recursive: true, force: true }));

const GITIGNORE = [
  "__pycache__/",
  "*.py[cod]",
  "/build/",
  "*.log",
  ".coverage.*",
  "local_settings.py",
  "logs/",
  "*.py",
  "!keep*.py",
  "!keep.py/",
  "gen_*.pyi",
  "\\#literal.py",
  "data/*",
  "!data/models/",
  "notes",
  "*.pyi.txt",
].join("\n");

const FILES = [
  "app/models.py",
  "app/keep_me.py",
  "app/local_settings.py",
  "app/stubs.pyi",
  "app/gen_x.pyi",
  "build/x.pyi",
  "src/builder/y.pyi",
  "logs/z.pyi",
  "keep.py/inner.pyi",
  "keep.py/keep1.py",
  "#literal.py",
  "data/a.pyi",
  "data/models/b.pyi",
  "notes/c.pyi",
  "pkg/sub/keep2.py",
  "pkg/sub/d.pyi",
  "pkg/sub/local_settings.py",
  "pkg/sub/e.pyi.txt",
];

test("only the lines that can match a Python file are kept for files, negations always", () => {
  assert.deepEqual(pythonFileRules("build/\n*.log\n*.py[cod]\nlocal_settings.py\n!x/\n.coverage\n*\\ \n# c\n\n"), [
    "*.py[cod]",
    "local_settings.py",
    "!x/",
  ]);
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
    .split("\n")
    .filter((f) => /\.pyi?$/.test(f))
    .sort();
  assert.ok(git.length >= 5 && git.length < FILES.length, git.join(" "));
  assert.deepEqual(walkPythonFiles(root, []).files, git);
});

/** A tree where nested .gitignore files re-include what the root's excludes, and where they cannot. */
const NESTED: Record<string, string> = {
  ".gitignore": [
    "*.py",
    "!/top.py",
    "gen/*",
    "!gen/models/",
    "out/",
    "!out/models/",
    "vendor/",
    "generated",
    // Globs, on .pyi files (no nested file re-includes those): anchors, `**`, classes, escapes, spaces.
    "/anchored/*.pyi",
    "**/deep/**/x.pyi",
    "lib/**/skip_*.pyi",
    "[abc]_*.pyi",
    "!b_*.pyi",
    "tmp[[:digit:]].pyi",
    "sp\\ ace.pyi",
    "trail.pyi   ",
    "\\!bang.pyi",
    "**/only-dir.pyi/",
    "w/[!x]?.pyi",
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
  "top.py",
  "top2.py",
  "gen/a.pyi",
  "gen/models/m.pyi",
  "gen/models/m.py",
  "out/models/m.pyi",
  "out/x.pyi",
  "vendor/v.pyi",
  "pkg/vendor/keep.py",
  "pkg/vendor/drop.py",
  "pkg/vendor/lib/deep.pyi",
  "generated/g.pyi",
  "pkg/generated",
  "app/models.py",
  "app/secret.py",
  "app/sub/secret.py",
  "app/sub/other.py",
  "anchored/a.pyi",
  "w/anchored/keep.pyi",
  "w/deep/x.pyi",
  "w/deep/a/b/x.pyi",
  "w/x.pyi",
  "lib/q/skip_1.pyi",
  "lib/skip_2.pyi",
  "w/lib/skip_3.pyi",
  "w/a_1.pyi",
  "w/b_1.pyi",
  "w/d_1.pyi",
  "w/tmp1.pyi",
  "w/tmpx.pyi",
  "w/sp ace.pyi",
  "w/trail.pyi",
  "w/!bang.pyi",
  "w/only-dir.pyi/inner.pyi",
  "w/x/only-dir.pyi",
  "w/ab.pyi",
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
  const git = run(["ls-files", "--others", "--cached", "--exclude-standard"])
    .split("\n")
    .filter((f) => /\.pyi?$/.test(f))
    .sort();
  // The tree exercises what it is for: nested re-includes, and none under an excluded folder.
  for (const f of [
    "app/models.py",
    "app/sub/secret.py",
    "pkg/vendor/keep.py",
    "gen/models/m.pyi",
    "pkg/vendor/lib/deep.pyi",
  ])
    assert.ok(git.includes(f), f);
  for (const f of ["app/secret.py", "pkg/vendor/drop.py", "out/models/m.pyi", "vendor/v.pyi", "top2.py", "w/xb.pyi"])
    assert.ok(!git.includes(f), f);
  assert.ok(git.includes("app/sub/other.py"));
  assert.deepEqual(walkPythonFiles(root, []).files, git);
});

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
    env,
  });
}

/** What git lists as the project's Python files in `cwd` (relative to it), those that exist. */
function gitPython(cwd: string, env?: NodeJS.ProcessEnv): string[] {
  return existingPython(git(cwd, ["ls-files", "--others", "--cached", "--exclude-standard"], env), cwd);
}

/** The Python files of a `git ls-files` output run in `cwd` that exist, sorted. */
function existingPython(listed: string, cwd: string): string[] {
  return listed
    .split("\n")
    .filter((f) => /\.pyi?$/.test(f) && existsSync(join(cwd, f)))
    .sort();
}

/** The same with an empty index: what git would list if nothing were tracked. */
function untrackedPython(cwd: string): string[] {
  return gitPython(cwd, { ...process.env, GIT_INDEX_FILE: join(cwd, "no-such-index") });
}

function writeAll(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
}

/**
 * A repository with committed files that its rules ignore (added with `git add -f`): under an
 * ignored folder (whose own .gitignore git never reads), under build/, by name, and one deleted
 * from the work tree since; and untracked files beside them that stay ignored.
 */
function committedIgnored(): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-tracked-"));
  writeAll(root, {
    ".gitignore": "gen/\nbuild/\n*_secret.py\n*.pyi\n",
    "app/__init__.py": "",
    "app/models.py": "",
    "app/db_secret.py": "",
    "app/other_secret.py": "",
    "app/types.pyi": "",
    "app/untracked.pyi": "",
    "gen/models.py": "",
    "gen/sub/deep.py": "",
    "gen/untracked.py": "",
    "gen/.gitignore": "!*.py\n",
    "app/ita_secret.py": "",
    "gen/gone.py": "",
    "build/lib/x.py": "",
    "build/lib/y.py": "",
    "pkg/a.py": "",
    "pkg/b/c.py": "",
  });
  git(root, ["init", "-q"]);
  git(root, ["add", "."]);
  git(root, [
    "add",
    "-f",
    "app/db_secret.py",
    "app/types.pyi",
    "gen/models.py",
    "gen/sub/deep.py",
    "gen/gone.py",
    "build/lib/x.py",
  ]);
  git(root, ["commit", "-qm", "tracked"]);
  rmSync(join(root, "gen/gone.py"));
  return root;
}

const COMMITTED_IGNORED = ["app/db_secret.py", "app/types.pyi", "build/lib/x.py", "gen/models.py", "gen/sub/deep.py"];

test("committed files an ignore rule matches are listed, as git lists them, in index versions 2, 3 and 4", () => {
  const root = committedIgnored();
  try {
    for (const version of ["2", "3", "4"]) {
      // git writes version 3 only for an entry with extended flags: an intent-to-add one.
      if (version === "3") git(root, ["add", "-N", "-f", "app/ita_secret.py"]);
      git(root, ["update-index", "--index-version", version]);
      assert.equal(readFileSync(join(root, ".git/index")).readUInt32BE(4), Number(version));
      const expected = gitPython(root);
      for (const f of COMMITTED_IGNORED) assert.ok(expected.includes(f), f);
      for (const f of ["app/other_secret.py", "app/untracked.pyi", "gen/untracked.py", "gen/gone.py", "build/lib/y.py"])
        assert.ok(!expected.includes(f), f);
      const walk = walkPythonFiles(root, []);
      assert.deepEqual(walk.files, expected, `index version ${version}`);
      assert.deepEqual(walk.warnings, []);
      assert.ok(walk.ignoreFiles.includes(".git/index"));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a tracked file in a virtualenv or node_modules stays out, and [tool.remodel] exclude still excludes a tracked file", () => {
  const root = committedIgnored();
  try {
    writeAll(root, { "node_modules/m/x.py": "", ".venv/lib/y.py": "", "env/pyvenv.cfg": "", "env/lib/z.py": "" });
    git(root, ["add", "-f", "node_modules", ".venv", "env"]);
    const files = walkPythonFiles(root, ["gen/models.py"]).files;
    assert.deepEqual(
      files.filter((f) => /node_modules|venv|env\//.test(f)),
      [],
    );
    assert.ok(!files.includes("gen/models.py") && files.includes("gen/sub/deep.py"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a linked worktree (.git is a file) reads its own index and the main repository's info/exclude", () => {
  const root = committedIgnored();
  const wt = `${root}-wt`;
  try {
    writeFileSync(join(root, ".git/info/exclude"), "pkg/b/\n");
    git(root, ["worktree", "add", "-q", wt, "-b", "wt"]);
    // Tracked only in the worktree's index: the main index must not decide.
    writeAll(wt, { "gen/wt_only.py": "", "pkg/b/d.py": "", "app/wt_secret.py": "" });
    git(wt, ["add", "-f", "gen/wt_only.py"]);
    const expected = gitPython(wt);
    for (const f of ["gen/wt_only.py", "gen/models.py", "pkg/b/c.py"]) assert.ok(expected.includes(f), f);
    for (const f of ["pkg/b/d.py", "app/wt_secret.py"]) assert.ok(!expected.includes(f), f);
    assert.deepEqual(walkPythonFiles(wt, []).files, expected);
    assert.deepEqual(walkPythonFiles(root, []).files, gitPython(root));
  } finally {
    rmSync(wt, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a root below the repository's top keeps the files tracked under it and the rules from above it", () => {
  const root = committedIgnored();
  try {
    writeAll(root, {
      "pkg/b/e_secret.py": "",
      "pkg/b/f_secret.py": "",
      "pkg/b/g_secret.py": "",
      "pkg/.gitignore": "!f_secret.py\n",
      "pkg/new.py": "",
    });
    git(root, ["add", "-f", "pkg/b/e_secret.py"]);
    writeFileSync(join(root, ".git/info/exclude"), "/pkg/new.py\n");
    const sub = join(root, "pkg");
    const expected = gitPython(sub);
    assert.deepEqual(expected, ["a.py", "b/c.py", "b/e_secret.py", "b/f_secret.py"]);
    assert.deepEqual(walkPythonFiles(sub, []).files, expected);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("core.excludesFile from the user's and the repository's config, or its default, ranks below every .gitignore", () => {
  const root = committedIgnored();
  const xdgIgnore = join(HOME, "xdg/git/ignore");
  try {
    writeAll(root, { "app/a_local.py": "", "app/keep_local.py": "", "pkg/b/c_local.py": "", "pkg/tmp_x.py": "" });
    writeFileSync(join(root, "app/.gitignore"), "!keep_local.py\n");
    git(root, ["add", "-f", "pkg/b/c_local.py"]);
    const agree = (what: string, ignored: string) => {
      const expected = gitPython(root);
      assert.ok(!expected.includes(ignored), `${what}: ${ignored}`);
      for (const f of ["app/keep_local.py", "pkg/b/c_local.py"]) assert.ok(expected.includes(f), `${what}: ${f}`);
      assert.deepEqual(walkPythonFiles(root, []).files, expected, what);
    };
    // Unset: $XDG_CONFIG_HOME/git/ignore.
    writeAll(HOME, { "xdg/git/ignore": "*_local.py\n" });
    agree("default", "app/a_local.py");
    // ~/.gitconfig, with `~/` and a quoted value and a comment.
    writeAll(HOME, {
      ".gitconfig": '[user]\n\tname = t\n[core]\n\texcludesFile = "~/my ignore" # mine\n',
      "my ignore": "*_local.py\ntmp_*.py\n",
    });
    agree("~/.gitconfig", "pkg/tmp_x.py");
    // $XDG_CONFIG_HOME/git/config is read before ~/.gitconfig, which wins.
    writeAll(HOME, { "xdg/git/config": "[core]\n\texcludesfile = /nonexistent\n" });
    agree("xdg config, overridden", "pkg/tmp_x.py");
    // The repository's own config wins over the user's; a relative path is from the top.
    git(root, ["config", "core.excludesFile", "repo-ignore"]);
    writeFileSync(join(root, "repo-ignore"), "*_local.py\na_*.py\n");
    agree("repository config", "app/a_local.py");
    assert.ok(walkPythonFiles(root, []).files.includes("pkg/tmp_x.py"));
  } finally {
    rmSync(join(HOME, ".gitconfig"), { force: true });
    rmSync(join(HOME, "my ignore"), { force: true });
    rmSync(join(HOME, "xdg"), { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    assert.ok(!existsSync(xdgIgnore));
  }
});

test("a corrupt, truncated or split index is not read: the walk is git's with nothing tracked, with one warning unless split", () => {
  for (const spoil of ["flip", "truncate", "split"]) {
    const root = committedIgnored();
    try {
      const index = join(root, ".git/index");
      if (spoil === "split") git(root, ["update-index", "--split-index"]);
      else if (spoil === "truncate") truncateSync(index, 100);
      else {
        const bytes = readFileSync(index);
        bytes[bytes.length - 30] ^= 0xff;
        writeFileSync(index, bytes);
      }
      const untracked = untrackedPython(root);
      for (const f of COMMITTED_IGNORED) assert.ok(!untracked.includes(f), f);
      const walk = walkPythonFiles(root, []);
      assert.deepEqual(walk.files, untracked, spoil);
      // A split index is a git setting, not a fault: no finding on every run.
      assert.equal(walk.warnings.length, spoil === "split" ? 0 : 1, spoil);
      if (spoil !== "split") {
        assert.match(walk.warnings[0].message, /^git index not read \((bad checksum|truncated)\)/);
        assert.equal(walk.warnings[0].path, ".git/index");
      }
      assert.ok(walk.ignoreFiles.includes(".git/index"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

/** `fn` run with `vars` in the environment (and in `cwd`), both restored after. */
function withEnv<T>(vars: Record<string, string>, fn: () => T, cwd?: string): T {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  const before = process.cwd();
  Object.assign(process.env, vars);
  if (cwd) process.chdir(cwd);
  try {
    return fn();
  } finally {
    process.chdir(before);
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test("GIT_INDEX_FILE decides what is tracked: absolute, relative to the top (not the current folder), or empty", () => {
  const root = committedIgnored();
  const other = `${root}-index`;
  try {
    // Another index: a committed ignored file dropped from it, two ignored files added to it.
    const otherEnv = { ...process.env, GIT_INDEX_FILE: other };
    git(root, ["read-tree", "HEAD"], otherEnv);
    git(root, ["rm", "-q", "--cached", "gen/models.py"], otherEnv);
    git(root, ["add", "-f", "app/other_secret.py", "gen/untracked.py"], otherEnv);
    const expected = gitPython(root, otherEnv);
    assert.ok(expected.includes("app/other_secret.py") && expected.includes("gen/untracked.py"));
    assert.ok(!expected.includes("gen/models.py") && expected.includes("gen/sub/deep.py"));
    const walk = withEnv({ GIT_INDEX_FILE: other }, () => walkPythonFiles(root, []));
    assert.deepEqual(walk.files, expected);
    // The index read is the one a cached walk must re-check.
    assert.ok(walk.ignoreFiles.includes(other) && !walk.ignoreFiles.includes(".git/index"));
    // Relative: from the top, wherever git (or the walk) runs and whatever the root below it.
    writeFileSync(join(root, "alt-index"), readFileSync(other));
    const sub = join(root, "app");
    const relEnv = { ...process.env, GIT_INDEX_FILE: "alt-index" };
    const fromSub = gitPython(sub, relEnv);
    assert.deepEqual(fromSub, ["__init__.py", "db_secret.py", "models.py", "other_secret.py", "types.pyi"]);
    assert.deepEqual(
      withEnv({ GIT_INDEX_FILE: "alt-index" }, () => walkPythonFiles(sub, []).files),
      fromSub,
    );
    assert.deepEqual(
      withEnv({ GIT_INDEX_FILE: "alt-index" }, () => walkPythonFiles(sub, []).files, tmpdir()),
      fromSub,
    );
    // Empty: no index, nothing tracked.
    const none = gitPython(root, { ...process.env, GIT_INDEX_FILE: "" });
    assert.deepEqual(none, untrackedPython(root));
    assert.deepEqual(
      withEnv({ GIT_INDEX_FILE: "" }, () => walkPythonFiles(root, []).files),
      none,
    );
  } finally {
    rmSync(other, { force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("in a pre-commit hook of `git commit <paths>` in a linked worktree, the walk lists what git ls-files lists there", () => {
  const root = committedIgnored();
  const wt = `${root}-wt`;
  try {
    git(root, ["worktree", "add", "-q", wt, "-b", "wt"]);
    writeAll(wt, { "notes.txt": "" });
    git(wt, ["add", "notes.txt"]);
    git(wt, ["commit", "-qm", "notes"]);
    // Staged but not in the commit: git gives the hook a temporary index (HEAD and notes.txt) in
    // GIT_INDEX_FILE, and the worktree's git folder in GIT_DIR.
    writeAll(wt, { "gen/staged.py": "", "notes.txt": "changed" });
    git(wt, ["add", "-f", "gen/staged.py"]);
    assert.ok(gitPython(wt).includes("gen/staged.py"));
    const out = join(wt, "hook-out");
    const hook = [
      "#!/bin/sh",
      'env | grep -E "^GIT_(DIR|INDEX_FILE)=" > "$REMODEL_TEST_OUT.env"',
      'git ls-files --others --cached --exclude-standard > "$REMODEL_TEST_OUT.git"',
      `exec "${process.execPath}" --input-type=module -e "` +
        "const { walkPythonFiles } = await import(process.env.REMODEL_TEST_DISCOVER); " +
        'console.log(JSON.stringify(walkPythonFiles(process.cwd(), []).files));" > "$REMODEL_TEST_OUT.walk"',
    ].join("\n");
    writeFileSync(join(root, ".git/hooks/pre-commit"), `${hook}\n`, { mode: 0o755 });
    const discover = new URL("../../src/project/discover.js", import.meta.url).href;
    const env = { ...process.env, REMODEL_TEST_OUT: out, REMODEL_TEST_DISCOVER: discover };
    git(wt, ["commit", "-qm", "only notes", "notes.txt"], env);
    const hookEnv = readFileSync(`${out}.env`, "utf8");
    assert.match(hookEnv, /^GIT_DIR=/m);
    assert.match(hookEnv, /^GIT_INDEX_FILE=.*next-index-.*\.lock$/m);
    const inHook = existingPython(readFileSync(`${out}.git`, "utf8"), wt);
    assert.ok(!inHook.includes("gen/staged.py") && inHook.includes("gen/models.py"), inHook.join(" "));
    assert.deepEqual(JSON.parse(readFileSync(`${out}.walk`, "utf8")), inHook);
  } finally {
    rmSync(wt, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * committedIgnored() with its git folder moved out beside it (`<root>-gitdir`), and info/exclude
 * excluding pkg/b/, where an untracked d.py is beside the tracked c.py.
 */
function detachedRepository(): { root: string; gitDir: string } {
  const root = committedIgnored();
  const gitDir = `${root}-gitdir`;
  writeFileSync(join(root, ".git/info/exclude"), "pkg/b/\n");
  writeFileSync(join(root, "pkg/b/d.py"), "");
  renameSync(join(root, ".git"), gitDir);
  return { root, gitDir };
}

/** What git lists in detachedRepository()'s root, checked to hold what the tree is for. */
function detachedListing(root: string, env: NodeJS.ProcessEnv): string[] {
  const expected = gitPython(root, env);
  for (const f of COMMITTED_IGNORED) assert.ok(expected.includes(f), f);
  assert.ok(!expected.includes("pkg/b/d.py") && expected.includes("pkg/b/c.py"));
  return expected;
}

test("GIT_DIR and GIT_WORK_TREE name the repository of a tree with no .git, as git takes them", () => {
  const { root, gitDir } = detachedRepository();
  try {
    const vars = { GIT_DIR: gitDir, GIT_WORK_TREE: root };
    const expected = detachedListing(root, { ...process.env, ...vars });
    assert.deepEqual(
      withEnv(vars, () => walkPythonFiles(root, []).files),
      expected,
    );
    // Only GIT_DIR, relative: from the current folder, which is then the top.
    const only = { GIT_DIR: relative(root, gitDir) };
    const fromTop = gitPython(root, { ...process.env, ...only });
    assert.deepEqual(fromTop, expected);
    assert.deepEqual(
      withEnv(only, () => walkPythonFiles(root, []).files, root),
      fromTop,
    );
    // Only GIT_WORK_TREE: the repository is the one found from the current folder, here a folder
    // whose .git file points at the git folder; git lists from the work tree's top.
    const holder = `${root}-holder`;
    writeAll(holder, { ".git": `gitdir: ${gitDir}\n` });
    const listed = git(holder, ["ls-files", "--others", "--cached", "--exclude-standard"], {
      ...process.env,
      GIT_WORK_TREE: root,
    });
    assert.deepEqual(existingPython(listed, root), expected);
    assert.deepEqual(
      withEnv({ GIT_WORK_TREE: root }, () => walkPythonFiles(root, []).files, holder),
      expected,
    );
    rmSync(holder, { recursive: true, force: true });
    // A root outside the work tree is in no repository: its own .gitignore alone decides.
    const outside = withEnv({ GIT_DIR: gitDir, GIT_WORK_TREE: join(root, "app") }, () => walkPythonFiles(root, []));
    assert.ok(!outside.files.includes("gen/models.py") && outside.files.includes("pkg/b/d.py"));
  } finally {
    rmSync(gitDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a submodule or a nested repository is not walked, unless the index tracks files under it, as git ls-files says", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-nested-repo-"));
  try {
    writeAll(root, {
      "a.py": "",
      "sub/i.py": "",
      "sub/alembic.ini": "",
      "nested/n.py": "",
      "nested/pyproject.toml": "",
      "linked/l.py": "",
      "tr/t.py": "",
      "tr/u.py": "",
      "emptygit/e.py": "",
      "fakegit/f.py": "",
      "fakegit/.git": "gitdir: /nonexistent\n",
    });
    mkdirSync(join(root, "emptygit/.git"));
    git(root, ["init", "-q"]);
    // A submodule as `git add` records an embedded repository: a gitlink (mode 160000) in the index.
    git(join(root, "sub"), ["init", "-q"]);
    git(join(root, "sub"), ["add", "."]);
    git(join(root, "sub"), ["commit", "-qm", "sub"]);
    git(root, ["-c", "advice.addEmbeddedRepo=false", "add", "a.py", "sub", "tr/t.py"]);
    git(root, ["commit", "-qm", "outer"]);
    assert.match(git(root, ["ls-files", "-s", "sub"]), /^160000 /);
    // Untracked clones, one with its git folder elsewhere (`.git` a gitdir: file); one in a tracked folder.
    git(join(root, "nested"), ["init", "-q"]);
    git(join(root, "linked"), ["init", "-q", "--separate-git-dir", `${root}-linked.git`]);
    git(join(root, "tr"), ["init", "-q"]);
    const all = git(root, ["ls-files", "--others", "--cached", "--exclude-standard"]).split("\n");
    for (const f of ["sub", "nested/", "linked/", "tr/u.py"]) assert.ok(all.includes(f), f);
    const walk = walkPythonFiles(root, []);
    assert.deepEqual(walk.files, gitPython(root));
    assert.deepEqual(walk.files, ["a.py", "emptygit/e.py", "fakegit/f.py", "tr/t.py", "tr/u.py"]);
    assert.deepEqual(walk.configFiles, []);
  } finally {
    rmSync(`${root}-linked.git`, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a root inside an excluded folder lists only what the index tracks under it, as git ls-files run there", () => {
  const root = committedIgnored();
  try {
    writeAll(root, {
      "gen/sub/new.py": "",
      "gen/sub/inner/x.py": "",
      "pkg/b/new.py": "",
      "pkg/.gitignore": "b/\n",
      "vendor/lib/v.py": "",
      "vendor/lib/w_secret.py": "",
      // Ranked above info/exclude: vendor/ is not excluded, its files are walked.
      ".gitignore": "gen/\nbuild/\n*_secret.py\n*.pyi\n!vendor/\n",
      "lib/deep/d.py": "",
    });
    writeFileSync(join(root, ".git/info/exclude"), "vendor/\nlib/deep\n");
    const cases: [string, string[]][] = [
      ["gen/sub", ["deep.py"]],
      ["gen/sub/inner", []],
      ["pkg/b", ["c.py"]],
      ["build/lib", ["x.py"]],
      ["vendor/lib", ["v.py"]],
      ["lib/deep", []],
    ];
    for (const [dir, files] of cases) {
      const expected = gitPython(join(root, dir));
      assert.deepEqual(expected, files, dir);
      assert.deepEqual(walkPythonFiles(join(root, dir), []).files, expected, dir);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** What git lists as the config files the walk lists (`*.ini`, `pyproject.toml`) in `cwd`, those that exist. */
function gitConfigs(cwd: string): string[] {
  return git(cwd, ["ls-files", "--others", "--cached", "--exclude-standard"])
    .split("\n")
    .filter((f) => /(?:\.ini|(?:^|\/)pyproject\.toml)$/.test(f) && existsSync(join(cwd, f)))
    .sort();
}

test("committed config files an ignore rule matches are listed, as committed Python files are", () => {
  const root = committedIgnored();
  try {
    writeAll(root, {
      "gen/alembic.ini": "",
      "gen/sub/pyproject.toml": "",
      "gen/other.ini": "",
      "build/pyproject.toml": "",
      "build/setup.ini": "",
      "app/local.ini": "",
      "app/kept.ini": "",
      "conf/x-pyproject.toml": "",
      "pyproject.toml": "",
    });
    writeFileSync(join(root, ".git/info/exclude"), "local.ini\nkept.ini\n");
    git(root, ["add", "-f", "gen/alembic.ini", "gen/sub/pyproject.toml", "build/setup.ini", "app/kept.ini"]);
    git(root, ["add", "-f", "conf/x-pyproject.toml"]);
    const expected = gitConfigs(root);
    const listed = ["app/kept.ini", "build/setup.ini", "gen/alembic.ini", "gen/sub/pyproject.toml", "pyproject.toml"];
    assert.deepEqual(expected, listed);
    assert.deepEqual(walkPythonFiles(root, []).configFiles, expected);
    assert.deepEqual(walkPythonFiles(join(root, "gen"), []).configFiles, gitConfigs(join(root, "gen")));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** A repository at `dir` with `files` committed. */
function committedRepository(dir: string, files: Record<string, string>): void {
  writeAll(dir, files);
  git(dir, ["init", "-q"]);
  git(dir, ["add", "."]);
  git(dir, ["commit", "-qm", "files"]);
}

test("an uninitialised submodule (a gitlink in the index, stray files in its folder, no .git) is not walked, as git ls-files says", () => {
  const root = committedIgnored();
  const lib = `${root}-lib`;
  try {
    committedRepository(lib, { "l.py": "" });
    git(root, ["-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "vendor/lib"]);
    git(root, ["commit", "-qm", "submodule"]);
    // Deinitialised (its work tree and .git file removed), then files copied in by hand.
    git(root, ["submodule", "deinit", "-q", "-f", "vendor/lib"]);
    assert.ok(!existsSync(join(root, "vendor/lib/.git")));
    writeAll(root, { "vendor/lib/l.py": "", "vendor/lib/deep/d.py": "", "vendor/lib/pyproject.toml": "" });
    // .gitmodules names a folder the index has no gitlink for: an ordinary folder to git.
    git(root, ["config", "-f", ".gitmodules", "submodule.plain.path", "plain"]);
    writeAll(root, { "plain/p.py": "" });
    assert.match(git(root, ["ls-files", "-s", "vendor/lib"]), /^160000 /);
    const expected = gitPython(root);
    assert.ok(expected.includes("plain/p.py") && expected.includes("app/models.py"), expected.join(" "));
    assert.ok(!expected.some((f) => f.startsWith("vendor/")), expected.join(" "));
    const walk = walkPythonFiles(root, []);
    assert.deepEqual(walk.files, expected);
    assert.deepEqual(walk.configFiles, gitConfigs(root));
    assert.ok(walk.ignoreFiles.includes(".git/index"));
    // A root inside it: git lists the gitlink itself (`./`), no file.
    assert.deepEqual(gitPython(join(root, "vendor/lib")), []);
    assert.deepEqual(walkPythonFiles(join(root, "vendor/lib"), []).files, []);
    assert.deepEqual(walkPythonFiles(join(root, "vendor/lib/deep"), []).files, []);
    // A gitlink .gitmodules does not name (an embedded repository added, its .git removed since).
    committedRepository(join(root, "emb"), { "e.py": "" });
    git(root, ["-c", "advice.addEmbeddedRepo=false", "add", "emb"]);
    rmSync(join(root, "emb/.git"), { recursive: true, force: true });
    const withEmb = gitPython(root);
    assert.ok(!withEmb.includes("emb/e.py"));
    assert.deepEqual(walkPythonFiles(root, []).files, withEmb);
  } finally {
    rmSync(lib, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a submodule not cloned (its folder empty) adds no file; a walk that lists none does not read the index", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-uninit-"));
  const lib = `${root}-lib`;
  try {
    committedRepository(lib, { "l.py": "" });
    committedRepository(root, { "a.py": "" });
    git(root, ["-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "lib"]);
    git(root, ["commit", "-qm", "submodule"]);
    // Walked from inside, the submodule is a repository of its own, whose git folder (in the
    // outer one's) names its work tree with core.worktree.
    assert.match(readFileSync(join(root, ".git/modules/lib/config"), "utf8"), /worktree = \.\.\/\.\.\/\.\.\/lib/);
    writeAll(root, { "lib/new.py": "", "lib/.gitignore": "new.py\n", "lib/kept.py": "" });
    assert.deepEqual(gitPython(join(root, "lib")), ["kept.py", "l.py"]);
    assert.deepEqual(walkPythonFiles(join(root, "lib"), []).files, ["kept.py", "l.py"]);
    rmSync(join(root, "lib/new.py"));
    rmSync(join(root, "lib/kept.py"));
    rmSync(join(root, "lib/.gitignore"));
    git(root, ["submodule", "deinit", "-q", "-f", "lib"]);
    assert.deepEqual(walkPythonFiles(root, []).files, ["a.py"]);
    // From the empty folder the walk lists nothing: no gitlink can drop a file, the index stays unread.
    const inside = walkPythonFiles(join(root, "lib"), []);
    assert.deepEqual(inside.files, gitPython(join(root, "lib")));
    assert.deepEqual(inside.files, []);
    assert.ok(!inside.ignoreFiles.some((f) => f.endsWith("index")), inside.ignoreFiles.join(" "));
    writeAll(root, { "lib/l.py": "" });
    const stray = walkPythonFiles(root, []);
    assert.deepEqual(stray.files, gitPython(root));
    assert.deepEqual(stray.files, ["a.py"]);
    assert.ok(stray.ignoreFiles.includes(".git/index"));
  } finally {
    rmSync(lib, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a gitlink .gitmodules does not name is a submodule to git: its folder is not walked, though nothing else reads the index", () => {
  const root = mkdtempSync(join(tmpdir(), "remodel-ignore-gitlink-"));
  try {
    // No ignore rule and no nested repository: nothing but the gitlink makes the walk read the index.
    committedRepository(root, { "a.py": "", "pkg/b.py": "" });
    const head = git(root, ["rev-parse", "HEAD"]).trim();
    git(root, ["update-index", "--add", "--cacheinfo", `160000,${head},vendor/lib`]);
    writeAll(root, {
      "vendor/lib/m.py": "",
      "vendor/lib/deep/d.py": "",
      "vendor/lib/setup.ini": "",
      "vendor/v.py": "",
    });
    assert.ok(!existsSync(join(root, ".gitmodules")));
    assert.match(git(root, ["ls-files", "-s", "vendor/lib"]), /^160000 /);
    const expected = gitPython(root);
    assert.deepEqual(expected, ["a.py", "pkg/b.py", "vendor/v.py"]);
    const walk = walkPythonFiles(root, []);
    assert.deepEqual(walk.files, expected);
    assert.deepEqual(walk.configFiles, gitConfigs(root));
    assert.ok(walk.ignoreFiles.includes(".git/index"));
    // A .gitmodules naming another folder changes nothing: git asks the index alone.
    git(root, ["config", "-f", ".gitmodules", "submodule.other.path", "pkg"]);
    assert.deepEqual(gitPython(root), expected);
    assert.deepEqual(walkPythonFiles(root, []).files, expected);
    // A root inside the gitlink: git lists the folder itself, no file under it.
    assert.deepEqual(gitPython(join(root, "vendor/lib")), []);
    assert.deepEqual(walkPythonFiles(join(root, "vendor/lib"), []).files, []);
    // Removed from the index, the folder is an ordinary untracked one again.
    git(root, ["update-index", "--force-remove", "vendor/lib"]);
    const plain = gitPython(root);
    assert.ok(plain.includes("vendor/lib/deep/d.py"), plain.join(" "));
    assert.deepEqual(walkPythonFiles(root, []).files, plain);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("core.worktree in the repository's config names the top, with GIT_DIR or with a .git found upwards, as git takes it", () => {
  const { root, gitDir } = detachedRepository();
  try {
    git(tmpdir(), ["--git-dir", gitDir, "config", "core.worktree", root]);
    // `git --git-dir=x` from anywhere: the top is core.worktree, not the current folder.
    const env = { ...process.env, GIT_DIR: gitDir };
    const expected = detachedListing(root, env);
    assert.deepEqual(
      withEnv({ GIT_DIR: gitDir }, () => walkPythonFiles(root, []).files, tmpdir()),
      expected,
    );
    const app = join(root, "app");
    assert.deepEqual(
      withEnv({ GIT_DIR: gitDir }, () => walkPythonFiles(app, []).files, app),
      gitPython(app, env),
    );
    // Relative: from the git folder. GIT_WORK_TREE, when set, wins over it.
    git(tmpdir(), ["--git-dir", gitDir, "config", "core.worktree", relative(gitDir, root)]);
    assert.deepEqual(gitPython(root, env), expected);
    assert.deepEqual(
      withEnv({ GIT_DIR: gitDir }, () => walkPythonFiles(root, []).files, tmpdir()),
      expected,
    );
    const narrow = withEnv({ GIT_DIR: gitDir, GIT_WORK_TREE: app }, () => walkPythonFiles(root, []).files, tmpdir());
    assert.ok(!narrow.includes("gen/models.py") && narrow.includes("pkg/b/d.py"));
    // Found upwards: a `.git` file in pkg/ names the git folder, whose core.worktree is the folder above.
    const pkg = join(root, "pkg");
    writeFileSync(join(pkg, ".git"), `gitdir: ${gitDir}\n`);
    const fromPkg = gitPython(pkg);
    assert.deepEqual(fromPkg, ["a.py", "b/c.py"]);
    assert.deepEqual(walkPythonFiles(pkg, []).files, fromPkg);
  } finally {
    rmSync(gitDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a bare repository (core.bare) has no work tree unless GIT_WORK_TREE names one, as git takes it", () => {
  const root = committedIgnored();
  try {
    const none = withEnv({ GIT_DIR: join(root, "no-such-git-dir") }, () => walkPythonFiles(root, []).files, root);
    assert.ok(!none.includes("gen/models.py"));
    // The `bare` line of the repository's config as written by hand: `bare` alone (no `=`) is true.
    const config = join(root, ".git/config");
    const setBare = (line: string) =>
      writeFileSync(config, readFileSync(config, "utf8").replace(/^\s*bare\b.*$/m, `\t${line}`));
    for (const value of ["true", "yes", "1", "ON", "bare"]) {
      setBare(value === "bare" ? value : `bare = ${value}`);
      assert.equal(git(root, ["config", "--bool", "core.bare"]).trim(), "true", value);
      // git lists nothing there: the walk is the one of a tree in no repository.
      assert.throws(() => git(root, ["ls-files", "--others", "--exclude-standard"], { ...process.env }), value);
      assert.deepEqual(walkPythonFiles(root, []).files, none, value);
      assert.deepEqual(
        withEnv({ GIT_DIR: join(root, ".git") }, () => walkPythonFiles(root, []).files, root),
        none,
        value,
      );
      const env = { ...process.env, GIT_WORK_TREE: root };
      const expected = gitPython(root, env);
      for (const f of COMMITTED_IGNORED) assert.ok(expected.includes(f), f);
      assert.deepEqual(
        withEnv({ GIT_WORK_TREE: root }, () => walkPythonFiles(root, []).files, root),
        expected,
        value,
      );
    }
    // An empty value is false to git (`git config core.bare ""` writes `bare = `), as are false, no, off, 0.
    for (const line of ["bare =", 'bare = ""', "bare = false", "bare = off", "bare = 0"]) {
      setBare(line);
      assert.equal(git(root, ["config", "--bool", "core.bare"]).trim(), "false", line);
      const listed = gitPython(root);
      for (const f of COMMITTED_IGNORED) assert.ok(listed.includes(f), `${line}: ${f}`);
      assert.deepEqual(walkPythonFiles(root, []).files, listed, line);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("GIT_COMMON_DIR names where config and info/exclude are, the index staying in the git folder, as git takes it", () => {
  const root = committedIgnored();
  const common = `${root}-common`;
  try {
    writeFileSync(join(root, ".git/info/exclude"), "pkg/b/\n");
    writeAll(root, { "pkg/b/d.py": "", "pkg/new.py": "", "app/x_local.py": "", "app/y_local.py": "" });
    git(root, ["add", "-f", "app/y_local.py"]);
    execFileSync("cp", ["-r", join(root, ".git"), common]);
    // The common folder's own rules, and an index of its own that must not be read.
    writeFileSync(join(common, "info/exclude"), "/pkg/new.py\n");
    git(root, ["config", "-f", join(common, "config"), "core.excludesFile", "common-ignore"]);
    writeFileSync(join(root, "common-ignore"), "*_local.py\n");
    rmSync(join(common, "index"));
    for (const value of [common, relative(root, common)]) {
      const env = { ...process.env, GIT_COMMON_DIR: value };
      const expected = gitPython(root, env);
      assert.ok(expected.includes("pkg/b/d.py") && expected.includes("app/y_local.py"), expected.join(" "));
      for (const f of ["app/x_local.py", "pkg/new.py"]) assert.ok(!expected.includes(f), f);
      assert.ok(expected.includes("gen/models.py"), expected.join(" "));
      assert.deepEqual(
        withEnv({ GIT_COMMON_DIR: value }, () => walkPythonFiles(root, []).files, root),
        expected,
        value,
      );
    }
  } finally {
    rmSync(common, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});
