/** The one atomic folder writer: the new folder whole, or the old one untouched. */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { replaceFolder } from "../../src/core/replace-folder.js";
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
