/** applyEdits: one forward pass after a conflict check (duplicates and no-ops dropped, overlaps are bugs). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyEdits, deletion, EditConflictError, insertion, replacement } from "../../src/core/edits.js";

const TEXT = "from a import b\nimport c\n";

test("edits apply in one pass whatever order they come in", () => {
  const edits = [replacement(23, 24, "d"), replacement(5, 6, "x"), insertion(0, "# head\n")];
  assert.equal(applyEdits(TEXT, edits), "# head\nfrom x import b\nimport d\n");
  assert.equal(applyEdits(TEXT, [...edits].reverse()), "# head\nfrom x import b\nimport d\n");
});

test("exact duplicates and no-ops are dropped, not reported as overlaps", () => {
  const r = replacement(5, 6, "x");
  assert.equal(
    applyEdits(TEXT, [r, { ...r }, replacement(14, 15, "b"), insertion(3, "")]),
    "from x import b\nimport c\n",
  );
});

test("overlapping edits throw and name the range", () => {
  assert.throws(
    () => applyEdits(TEXT, [replacement(0, 10, "x"), replacement(5, 12, "y")]),
    (e: unknown) => e instanceof EditConflictError && /overlapping edits at 5-12/.test((e as Error).message),
  );
  // A deletion that swallows another edit is an overlap too.
  assert.throws(() => applyEdits(TEXT, [deletion(0, 16), replacement(5, 6, "x")]), EditConflictError);
});

test("two different insertions at one offset are ambiguous (which comes first?) and throw", () => {
  assert.throws(() => applyEdits(TEXT, [insertion(0, "a\n"), insertion(0, "b\n")]), EditConflictError);
  // The same insertion twice is one insertion.
  assert.equal(applyEdits(TEXT, [insertion(0, "a\n"), insertion(0, "a\n")]), "a\n" + TEXT);
});

test("edits that touch (one ends where the next starts) do not overlap", () => {
  assert.equal(applyEdits("abcdef", [replacement(0, 3, "X"), replacement(3, 6, "Y")]), "XY");
  assert.equal(applyEdits("abcdef", [replacement(0, 3, "X"), insertion(3, "-")]), "X-def");
});

test("an internal error (an exception no one expected) exits 2 with the version and the stack, never 1", async () => {
  const { main } = await import("../../src/cli/main.js");
  const { commands } = await import("../../src/cli/registry.js");
  const { VERSION } = await import("../../src/core/version.js");
  commands["crash-for-test"] = async () => ({
    default: {
      name: "crash-for-test",
      summary: "",
      usage: "",
      options: {},
      run: async () => applyEdits("ab", [replacement(0, 2, "x"), replacement(1, 2, "y")]).length,
    },
  });
  try {
    let err = "";
    const code = await main(["crash-for-test"], { out: () => {}, err: (t) => void (err += t), isTTY: false, cwd: "." });
    assert.equal(code, 2);
    assert.match(err, new RegExp(`^remodel: internal error \\(remodel ${VERSION.replace(/\./g, "\\.")}, node v`));
    assert.match(err, /EditConflictError: overlapping edits/);
    assert.match(err, /\n {4}at /, "the stack is printed");
  } finally {
    delete commands["crash-for-test"];
  }
});
