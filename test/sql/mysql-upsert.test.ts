import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-mysql-models", "app");
const MYSQL_URL = "mysql://root@127.0.0.1:3306/test";

for (const style of ["core", "orm"] as const) {
  test(`convert --style ${style} --url mysql://: ON DUPLICATE KEY UPDATE over a model with Python-side defaults writes the row the raw SQL wrote, proven on MariaDB`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(app);
    const r = await runCli(
      [
        "sql",
        "convert",
        "store.py",
        "--out",
        "sa_store",
        "--python",
        PY,
        "--style",
        style,
        "--url",
        MYSQL_URL,
        "--json",
      ],
      dir,
    );
    assert.equal(r.code, 0, r.out + r.err);
    const res = JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string; proven: boolean }[];
      left: unknown[];
    };
    assert.deepEqual(res.converted.map((c) => c.function).sort(), ["page", "record_hit", "retitle", "set_hits"]);
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    assert.ok(src.includes("from sqlalchemy.dialects.mysql import insert as mysql_insert"));
    // The model would fill title (default="untitled") and first_seen (default=utcnow); the raw INSERT left them NULL.
    const unset = "values(path=path, hits=1, title=sa.null(), first_seen=sa.null())";
    assert.ok(src.includes(unset), unset);
    // VALUES(col) is the row the INSERT proposed; last_seen (onupdate=) is not added to the SET list, as the raw SQL set it not.
    const proposed = 'stmt.on_duplicate_key_update({"hits": (stmt.inserted["hits"] + ';
    assert.ok(src.includes(proposed), proposed);
    assert.doesNotMatch(src, /on_duplicate_key_update\([^\n]*last_seen/);
    const env = { ...process.env, REMODEL_SQL_TEST_URL: "mysql+pymysql://root@127.0.0.1:3306/test" };
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout);
    writeFileSync(
      mod,
      src
        .replace(unset, "values(path=path, hits=1)")
        .replace(proposed, 'stmt.on_duplicate_key_update({"hits": (sa.literal(1) + '),
    );
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /^record_hit: with arguments .*table pages differs after the call/m);
    assert.match(broken.stdout, /^set_hits: with arguments /m);
  });
}
