import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-models", "app");

for (const style of ["core", "orm"] as const) {
  test(`convert --style ${style}: tables only the models declare (no CREATE TABLE in the code) get a scratch database from the static schema, and the proof runs`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(app);
    const r = await runCli(
      ["sql", "convert", "store.py", "--out", "sa_store", "--python", PY, "--style", style, "--json"],
      dir,
    );
    assert.equal(r.code, 1, r.err);
    const res = JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string; proven: boolean }[];
      left: { function: string; reason: string }[];
    };
    assert.deepEqual(res.converted.map((c) => c.function).sort(), [
      "add_member",
      "add_post",
      "all_members",
      "bump_karma",
      "delete_post",
      "joined_since",
      "latest_activity",
      "member",
      "member_names_like",
      "posts_of",
      "posts_per_member",
      "set_joined",
      "unscored_posts",
      "use_label",
    ]);
    const reason = (fn: string) => res.left.find((l) => l.function === fn)?.reason ?? "";
    assert.deepEqual(res.left.map((l) => l.function).sort(), ["badges", "members_sorted_by"]);
    assert.match(reason("members_sorted_by"), /dynamic: built at run time: the ORDER BY/);
    assert.match(reason("badges"), /table 'badges' is in neither the models nor a CREATE TABLE/);
    const src = readFileSync(join(dir, res.module), "utf8");
    const members = style === "core" ? 'members_table.c["joined"]' : '_attr(Member, "joined")';
    assert.match(
      src,
      style === "core"
        ? /^from models import Member {2}# noqa: E402\nmembers_table = Member\.__table__$/m
        : /^from models import Member {2}# noqa: E402$/m,
      "the statements are over the project's models",
    );
    // A DateTime of the model is read as SQLite stores it (text), as the old cursor returned it, not parsed by the model's type.
    assert.ok(src.includes(`sa.type_coerce(${members}, sa.types.NullType).label("joined")`));
    // So is an expression over it (MAX takes the column's type, which would parse the text too).
    const latest = `sa.type_coerce(sa.func.max(${members}), sa.types.NullType)`;
    assert.ok(src.includes(latest), latest);
    // ... and written as given (the type would refuse text).
    const setJoined = "joined=sa.type_coerce(joined, sa.types.NullType)";
    assert.ok(src.includes(setJoined));
    // The model's Python-side default (default=datetime.utcnow) would fill a column the raw INSERT left NULL: NULL is said.
    const unset = style === "core" ? "karma=0, joined=sa.null())" : '"karma": 0, "joined": sa.null()})';
    assert.ok(src.includes(unset), unset);
    // A column the model sets on every update (onupdate=) is left as it was by the UPDATE, as the old SQL left it.
    const seen = style === "core" ? ', seen=members_table.c["seen"])' : ', seen=_attr(Member, "seen"))';
    assert.ok(
      src.includes(
        `karma=(${style === "core" ? 'members_table.c["karma"]' : '_attr(Member, "karma")'} + sa.literal(by))${seen}`,
      ),
    );
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8" });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout);
    const wrong =
      style === "core"
        ? '.where(members_table.c["id"] == sa.literal(member_id))'
        : '.where(_attr(Member, "id") == sa.literal(member_id))';
    assert.ok(src.includes(wrong));
    writeFileSync(
      join(dir, res.module),
      src
        .replace(wrong, wrong.replace("==", "!="))
        .replace(setJoined, "joined=joined")
        .replace(unset, unset.replace(/,[^,]*sa\.null\(\)/, ""))
        .replaceAll(seen, ")")
        .replace(latest, `sa.func.max(${members})`),
    );
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /^member: with arguments/m);
    assert.match(broken.stdout, /^set_joined: with arguments .*new error 'TypeError'/m);
    assert.match(broken.stdout, /^add_member: with arguments .*table members differs after the call/m);
    assert.match(broken.stdout, /^bump_karma: with arguments .*table members differs after the call/m);
    assert.match(
      broken.stdout,
      /^latest_activity: with arguments \[\]: returned \('2024-05-05 05:05:05', .*new returned \(datetime\.datetime\(2024, 5, 5, 5, 5, 5\)/m,
    );
    assert.ok(!existsSync(join(dir, "forum.db")), "the project's database is never created");
  });
}
