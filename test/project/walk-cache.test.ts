/**
 * The cached walk: reused while no directory it read changed, walked again as soon as one did (a
 * file added or removed, a .gitignore, the git index or the user's excludes file changed or
 * created), and never trusted for a directory changed in the last moments before the list was written.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { cachedWalk } from "../../src/project/walk-cache.js";
import { writeProject } from "../support/write-project.js";

const OLD = new Date(Date.now() - 60_000);

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "remodel-walk-"));
  writeProject(files, root);
  age(root);
  return root;
}

/** Every directory and file a minute old: what a tree looks like between two runs. */
function age(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) age(join(dir, e.name));
    else utimesSync(join(dir, e.name), OLD, OLD);
  utimesSync(dir, OLD, OLD);
}

/** A repository with pkg/a.py committed, and the walk cached and trusted (everything aged). */
function commitAndCache(root: string, run: (args: string[]) => string): void {
  run(["init", "-q"]);
  run(["add", "pkg/a.py"]);
  run(["commit", "-qm", "a"]);
  age(root);
  cachedWalk(root, [], true);
  age(root);
}

/** git run in `root`, with an identity for commits; its output. */
function gitIn(root: string): (args: string[]) => string {
  return (args) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: root,
      encoding: "utf8",
    });
}

const FILES = { "pkg/__init__.py": "", "pkg/a.py": "", "pkg/sub/b.py": "", ".gitignore": "gen/\n", "gen/x.py": "" };

test("an unchanged tree is not walked again", () => {
  const root = tree(FILES);
  try {
    // The first walk creates the cache folder (the root changes); a minute later the list is trusted.
    cachedWalk(root, [], true);
    age(root);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"]);
    // Remove a file behind the cache's back, keeping the directory's mtime: the saved list answers.
    rmSync(join(root, "pkg/sub/b.py"));
    utimesSync(join(root, "pkg/sub"), OLD, OLD);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"]);
    assert.deepEqual(cachedWalk(root, [], false).files, ["pkg/__init__.py", "pkg/a.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a file added or removed in any directory read is seen at once", () => {
  const root = tree(FILES);
  try {
    cachedWalk(root, [], true);
    writeFileSync(join(root, "pkg/sub/c.py"), "");
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py", "pkg/sub/c.py"]);
    rmSync(join(root, "pkg/a.py"));
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/sub/b.py", "pkg/sub/c.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("an edited .gitignore or other excludes walk again", () => {
  const root = tree(FILES);
  try {
    cachedWalk(root, [], true);
    writeFileSync(join(root, ".gitignore"), "pkg/sub/\n");
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/a.py"]);
    assert.deepEqual(cachedWalk(root, ["pkg/a.py"], true).files, ["gen/x.py", "pkg/__init__.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a directory changed just before the list was written is not trusted", () => {
  const root = tree(FILES);
  try {
    utimesSync(join(root, "pkg"), new Date(), new Date());
    const recent = statSync(join(root, "pkg")).mtime;
    cachedWalk(root, [], true);
    // Same mtime as when cached, but too recent to prove nothing changed within that tick.
    rmSync(join(root, "pkg/a.py"));
    utimesSync(join(root, "pkg"), recent, recent);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/sub/b.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a change of the git index or of the user's excludes file (even its creation) walks again", () => {
  const home = mkdtempSync(join(tmpdir(), "remodel-walk-home-"));
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: join(home, "xdg") });
  const root = tree(FILES);
  try {
    // No index yet: nothing was ever added.
    execFileSync("git", ["init", "-q"], { cwd: root });
    age(root);
    cachedWalk(root, [], true);
    age(root);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"]);
    // Adding the ignored file creates .git/index, the only change among what the walk read.
    execFileSync("git", ["add", "-f", "gen/x.py"], { cwd: root });
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"]);
    age(root);
    // $XDG_CONFIG_HOME/git/ignore did not exist when the list was written.
    writeProject({ "xdg/git/ignore": "b.py\n" }, home);
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/a.py"]);
    age(root);
    age(home);
    writeFileSync(join(home, "xdg/git/ignore"), "a.py\n");
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/sub/b.py"]);
    // Another home is other config: not the saved list.
    process.env.XDG_CONFIG_HOME = join(home, "other");
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"]);
  } finally {
    Object.assign(process.env, saved);
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});

test("another GIT_INDEX_FILE, GIT_COMMON_DIR or GIT_DIR is another walk, not the saved list", () => {
  const root = tree(FILES);
  const common = `${root}-common`;
  const saved = {
    GIT_INDEX_FILE: process.env.GIT_INDEX_FILE,
    GIT_COMMON_DIR: process.env.GIT_COMMON_DIR,
    GIT_DIR: process.env.GIT_DIR,
  };
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  try {
    execFileSync("git", ["init", "-q"], { cwd: root });
    execFileSync("git", ["add", "-f", "gen/x.py"], { cwd: root });
    age(root);
    cachedWalk(root, [], true);
    age(root);
    const all = ["gen/x.py", "pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py"];
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    // An index with nothing in it: the committed ignored file is no longer tracked.
    process.env.GIT_INDEX_FILE = join(root, "none");
    assert.deepEqual(cachedWalk(root, [], true).files, all.slice(1));
    restore();
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    // Another common folder: its info/exclude excludes a file the repository's own does not.
    execFileSync("cp", ["-r", join(root, ".git"), common]);
    writeFileSync(join(common, "info/exclude"), "pkg/a.py\n");
    process.env.GIT_COMMON_DIR = common;
    assert.deepEqual(cachedWalk(root, [], true).files, ["gen/x.py", "pkg/__init__.py", "pkg/sub/b.py"]);
    restore();
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    // A git folder that does not exist: no repository at all.
    process.env.GIT_DIR = join(root, "no-such-git-dir");
    assert.deepEqual(cachedWalk(root, [], true).files, all.slice(1));
  } finally {
    restore();
    rmSync(common, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

test("a gitlink added to the index walks again: its folder's files are dropped, as git drops them", () => {
  const root = tree({ "pkg/a.py": "", "vendor/lib/m.py": "" });
  const run = gitIn(root);
  try {
    commitAndCache(root, run);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/a.py", "vendor/lib/m.py"]);
    // No .gitmodules and no ignore rule: only the index changed, and it says vendor/lib is a submodule.
    run(["update-index", "--add", "--cacheinfo", `160000,${run(["rev-parse", "HEAD"]).trim()},vendor/lib`]);
    assert.deepEqual(cachedWalk(root, [], true).files, ["pkg/a.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("`git add` of an ordinary file keeps the saved list: the index is read again, not the tree", () => {
  const root = tree({
    "pkg/a.py": "",
    "pkg/sub/b.py": "",
    "vendor/lib/m.py": "",
    ".gitignore": "gen/\n",
    "gen/x.py": "",
  });
  const run = gitIn(root);
  const all = ["pkg/a.py", "pkg/sub/b.py", "vendor/lib/m.py"];
  try {
    commitAndCache(root, run);
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    // The index is rewritten (another mtime and size); the walk asked it about gen/ and the submodules only.
    const before = statSync(join(root, ".git/index"));
    run(["add", "pkg/sub/b.py"]);
    const after = statSync(join(root, ".git/index"));
    assert.ok(after.size !== before.size || after.mtimeMs !== before.mtimeMs);
    // A file removed behind the cache's back (its folder's mtime kept) is still listed: no walk ran.
    rmSync(join(root, "pkg/sub/b.py"));
    utimesSync(join(root, "pkg/sub"), OLD, OLD);
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    // Once the new index is old enough its stat is recorded, and it is not read again: an index
    // made unreadable behind the cache's back with that stat kept is not seen.
    age(root);
    assert.deepEqual(cachedWalk(root, [], true).files, all);
    const index = join(root, ".git/index");
    const kept = statSync(index);
    writeFileSync(index, Buffer.alloc(kept.size));
    utimesSync(index, kept.atime, kept.mtime);
    const quiet = cachedWalk(root, [], true);
    assert.deepEqual([quiet.files, quiet.warnings], [all, []]);
    // Read again once its stat differs: a bad index is a walk again, with its warning.
    utimesSync(index, OLD, new Date(kept.mtimeMs - 1000));
    const bad = cachedWalk(root, [], true);
    assert.deepEqual(bad.files, ["pkg/a.py", "vendor/lib/m.py"]);
    assert.match(bad.warnings[0]?.message ?? "", /git index not read/);
    rmSync(index);
    run(["add", "pkg/a.py"]);
    age(root);
    cachedWalk(root, [], true);
    age(root);
    // A gitlink is another answer: the tree is walked again, and the submodule's files are dropped.
    rmSync(join(root, "pkg/a.py"));
    utimesSync(join(root, "pkg"), OLD, OLD);
    run(["update-index", "--add", "--cacheinfo", `160000,${run(["rev-parse", "HEAD"]).trim()},vendor/lib`]);
    assert.deepEqual(cachedWalk(root, [], true).files, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
