/**
 * `db pull` writes its folder all or nothing, whatever stops it: an I/O error at any file
 * operation (the folder is as it was), Ctrl-C or SIGTERM at any one (the pull finishes its write,
 * then exits as interrupted), SIGKILL at any one (the next pull puts the old folder back and
 * removes what was left, before it looks at the folder). Real processes, stopped at each
 * operation in turn by the transaction's fault hook.
 */
// REMODEL_TIER_FAULTS: a few dozen processes failed, signalled and killed at each operation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GENERATED_HEADER } from "../../src/db/pull/index.js";
import { readTree } from "../support/tree.js";
import { runBin } from "../core/transaction/project.js";
import { scratch } from "./helpers.js";

const SQL = `
CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title VARCHAR(100));
CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL UNIQUE);
`;

/** The pulled folder's files, or null when there is none; and whatever else its parent holds. */
function state(app: string): { models: Record<string, string> | null; beside: string[] } {
  const models = existsSync(join(app, "models")) ? Object.fromEntries(readTree(join(app, "models"))) : null;
  return {
    models,
    beside: readdirSync(app)
      .filter((n) => n !== "models")
      .sort(),
  };
}

/** Operation names of one pull, from a traced run into a copy of `app`'s folder as it is. */
async function operations(app: string, pull: string[]): Promise<string[]> {
  const r = await runBin(pull, app, { REMODEL_TEST_FAULT: "trace" });
  assert.equal(r.code, 0, r.err);
  return r.err
    .split("\n")
    .filter((l) => l.startsWith("remodel-op "))
    .map((l) => l.replace(/^remodel-op \d+ /, ""));
}

const CASES = [
  { name: "into a new folder", before: null as Record<string, string> | null },
  // --force into a pulled folder: notes.txt is the user's (kept), stale.py an earlier pull's module (removed).
  {
    name: "over an existing folder with --force",
    before: {
      "notes.txt": "mine\n",
      "stale.py": `${GENERATED_HEADER}\nstale = 1\n`,
      "models.py": `${GENERATED_HEADER}\nold = 1\n`,
    },
  },
];

for (const c of CASES) {
  test(`db pull ${c.name}: an error, a signal or a kill at any file operation leaves the old folder or the whole new one, never part`, async () => {
    const db = await scratch("sqlite", SQL);
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-atomic-"));
    const app = join(dir, "app");
    const pull = [
      "db",
      "pull",
      "--url",
      db.url,
      "--out",
      "models",
      "--split-by",
      "none",
      ...(c.before ? ["--force"] : []),
    ];
    const reset = () => {
      rmSync(app, { recursive: true, force: true });
      mkdirSync(app, { recursive: true });
      for (const [f, text] of Object.entries(c.before ?? {})) {
        mkdirSync(join(app, "models"), { recursive: true });
        writeFileSync(join(app, "models", f), text);
      }
    };
    try {
      reset();
      const before = state(app);
      const ops = await operations(app, pull);
      const after = state(app);
      assert.ok(after.models && Object.keys(after.models).length >= 2, JSON.stringify(after));
      assert.deepEqual(after.beside, []);
      if (c.before) assert.deepEqual([after.models["notes.txt"], after.models["stale.py"]], ["mine\n", undefined]);
      assert.ok(ops.some((o) => o.startsWith("write ")) && ops.some((o) => o.startsWith("rename ")), ops.join("\n"));
      if (c.before)
        assert.ok(
          ops.some((o) => o.endsWith(" aside")),
          ops.join("\n"),
        );
      let caughtBetweenRenames = 0;
      for (let n = 1; n <= ops.length; n++) {
        const at = `${c.name}, operation ${n} (${ops[n - 1]})`;
        reset();
        const failed = await runBin(pull, app, { REMODEL_TEST_FAULT: `fail:${n}` });
        assert.match(failed.err, /injected fault/, at);
        if (ops[n - 1].startsWith("remove the old ")) {
          // The new folder is in place: a failed clean-up is a warning, and the next pull finishes it.
          assert.equal(failed.code, 0, at);
          assert.match(failed.err, /warning: the old folder could not be removed/, at);
          assert.deepEqual(state(app).models, after.models, at);
          assert.equal(state(app).beside.length, 1, at);
          assert.equal((await runBin(pull, app)).code, 0, at);
          assert.deepEqual(state(app), after, `the pull after a failed clean-up at ${at}`);
        } else {
          assert.notEqual(failed.code, 0, at);
          assert.deepEqual(state(app), before, `fail: ${at}`);
        }

        reset();
        const signalled = await runBin(pull, app, { REMODEL_TEST_FAULT: `signal-SIGTERM:${n}` });
        assert.equal(signalled.code, 143, `${at}: ${signalled.err}`);
        assert.deepEqual(state(app), after, `SIGTERM: ${at}`);

        reset();
        const killed = await runBin(pull, app, { REMODEL_TEST_FAULT: `kill:${n}` });
        assert.equal(killed.signal, "SIGKILL", at);
        const left = state(app);
        // The folder itself is never part: the old one, the new one, or (between the renames) moved aside.
        assert.ok(
          [JSON.stringify(before.models), JSON.stringify(after.models), "null"].includes(JSON.stringify(left.models)),
          `kill: ${at}: ${JSON.stringify(left)}`,
        );
        if (left.models === null && c.before) caughtBetweenRenames++;
        const again = await runBin([...pull.filter((a) => a !== "--force"), "--force"], app);
        assert.equal(again.code, 0, again.err);
        assert.deepEqual(state(app), after, `the pull after a kill at ${at}`);
      }
      // Over an existing folder one kill falls between the two renames: the recovery path ran.
      assert.equal(caughtBetweenRenames, c.before ? 1 : 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
}
