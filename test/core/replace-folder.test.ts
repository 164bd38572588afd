/** The one atomic folder writer: the new folder whole, or the old one untouched. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { FOREIGN_WRITE_MS, leftoverName, recoverFolder, replaceFolder } from "../../src/core/replace-folder.js";
import { readTree } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

test("a folder becomes exactly the new files, plus the old entries it is told to keep", () => {
  const root = writeProject({ "out/a.py": "old a\n", "out/stale.py": "stale\n", "out/notes.txt": "mine\n" });
  replaceFolder(
    join(root, "out"),
    new Map([
      ["a.py", "new a\n"],
      ["pkg/b.py", "b\n"],
    ]),
    { keep: (name) => name === "notes.txt" },
  );
  assert.deepEqual(Object.fromEntries(readTree(join(root, "out"))), {
    "a.py": "new a\n",
    "notes.txt": "mine\n",
    "pkg/b.py": "b\n",
  });
  assert.deepEqual(readdirSync(root), ["out"], "no temporary folder is left");
});

test("a failure half-way leaves the old folder as it was and no temporary folder", () => {
  const root = writeProject({ "out/a.py": "old a\n", "out/b.py": "old b\n" });
  // `x` is a file and then a folder: the second write cannot happen after the first succeeded.
  assert.throws(() =>
    replaceFolder(
      join(root, "out"),
      new Map([
        ["a.py", "new a\n"],
        ["x", "file\n"],
        ["x/y.py", "y\n"],
      ]),
    ),
  );
  assert.deepEqual(Object.fromEntries(readTree(join(root, "out"))), { "a.py": "old a\n", "b.py": "old b\n" });
  assert.deepEqual(readdirSync(dirname(join(root, "out"))), ["out"]);
});

/** A pid no process of this machine has: one above the kernel's highest. */
const DEAD_PID = 4194305;

test("a killed run's leftovers are repaired: its temporary folder removed, the old folder put back", () => {
  const root = writeProject({
    [`${leftoverName("out", "tmp", DEAD_PID, Date.now())}/a.py`]: "half\n",
    [`${leftoverName("out", "old", DEAD_PID, Date.now())}/a.py`]: "old a\n",
  });
  recoverFolder(join(root, "out"));
  assert.deepEqual(Object.fromEntries(readTree(root)), { "out/a.py": "old a\n" });
});

test("another machine's leftovers are left alone while its write may be under way, and repaired once stale", () => {
  const foreign = "0123abcd";
  const started = Date.now() - 60_000;
  const tmp = leftoverName("out", "tmp", DEAD_PID, started, foreign);
  const old = leftoverName("out", "old", DEAD_PID, started, foreign);
  const root = writeProject({ [`${tmp}/a.py`]: "half\n", [`${old}/a.py`]: "old a\n" });
  // Its pid is dead here, but it is a pid of another machine: a minute-old write may still be running there.
  recoverFolder(join(root, "out"));
  assert.deepEqual(readdirSync(root).sort(), [old, tmp].sort());
  recoverFolder(join(root, "out"), started + FOREIGN_WRITE_MS + 1);
  assert.deepEqual(Object.fromEntries(readTree(root)), { "out/a.py": "old a\n" });
});

test("a write killed outright leaves a folder named with its pid and this machine's tag, which the next write repairs", () => {
  const root = writeProject({ "out/a.py": "old a\n" });
  const module = new URL("../../src/core/replace-folder.js", import.meta.url).href;
  const script = `import { replaceFolder } from ${JSON.stringify(module)};
replaceFolder(${JSON.stringify(join(root, "out"))}, new Map([["a.py", "new a\\n"]]));`;
  // Operation 2 is the temporary folder's creation: the run dies right after it.
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, REMODEL_TEST_FAULT: "kill:2" },
  });
  assert.equal(run.signal, "SIGKILL");
  const left = readdirSync(root).filter((n) => n !== "out");
  assert.equal(left.length, 1);
  const tag = leftoverName("out", "tmp", 1, 0).split("-").at(-1);
  assert.match(left[0], new RegExp(`^\\.out\\.tmp-${run.pid}-[0-9a-z]+-${tag}$`));
  replaceFolder(join(root, "out"), new Map([["a.py", "newer a\n"]]));
  assert.deepEqual(Object.fromEntries(readTree(root)), { "out/a.py": "newer a\n" });
});
