import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-models", "app");

test("convert: tables only the models declare (no CREATE TABLE in the code) get a scratch database from the static schema, and the proof runs", {
  timeout: 600_000,
}, async () => {
  const dir = copyToTemp(app);
  const r = await runCli(["sql", "convert", "store.py", "--out", "sa_store", "--python", PY, "--json"], dir);
  assert.equal(r.code, 1, r.err);
  const res = JSON.parse(r.out) as {
    module: string;
    test: string;
    converted: { function: string; proven: boolean }[];
    left: { function: string; reason: string }[];
  };
  assert.deepEqual(res.converted.map((c) => c.function).sort(), [
    "bump_karma",
    "delete_post",
    "member",
    "member_names_like",
    "posts_of",
    "posts_per_member",
    "unscored_posts",
    "use_label",
  ]);
  const reason = (fn: string) => res.left.find((l) => l.function === fn)?.reason ?? "";
  // Over the models, a DateTime column comes back as datetime where sqlite3 returned the stored text.
  assert.match(
    reason("all_members"),
    /^not proven: .*'joined': '2024-01-01 00:00:00'.*'joined': datetime\.datetime\(2024, 1, 1, 0, 0\)/,
  );
  // The model's Python-side default (default=datetime.utcnow) fills a column the raw INSERT left NULL.
  assert.match(reason("add_member"), /^not proven: .*table members differs after the call/);
  assert.match(reason("members_sorted_by"), /dynamic: built at run time: the ORDER BY/);
  assert.match(reason("badges"), /table 'badges' is in neither the models nor a CREATE TABLE/);
  const src = readFileSync(join(dir, res.module), "utf8");
  assert.match(
    src,
    /^from models import Member {2}# noqa: E402\nmembers_table = Member\.__table__$/m,
    "the statements are over the project's models",
  );
  const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8" });
  const passing = run();
  assert.equal(passing.status, 0, passing.stdout);
  const wrong = '.where(members_table.c["id"] == sa.literal(member_id))';
  assert.ok(src.includes(wrong));
  writeFileSync(join(dir, res.module), src.replace(wrong, wrong.replace("==", "!=")));
  const broken = run();
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /^member: with arguments/m);
  assert.ok(!existsSync(join(dir, "forum.db")), "the project's database is never created");
});
