import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const app = join(fixtures("sql"), "flask-postgres-enum", "app");
const PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

for (const style of ["core", "orm"] as const) {
  test(`convert --style ${style}: psycopg2 over a model with PostgreSQL enum columns is proven on native enum types (member names as labels), and the written test catches an enum read as the model's type`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(app);
    const r = await runCli(
      ["sql", "convert", "store.py", "--out", "sa_store", "--python", PY, "--style", style, "--json"],
      dir,
    );
    assert.equal(r.code, 0, r.out + r.err);
    const res = JSON.parse(r.out) as { module: string; test: string; converted: { function: string }[] };
    assert.deepEqual(res.converted.map((c) => c.function).sort(), [
      "account",
      "accounts_per_role",
      "accounts_with_role",
      "add_account",
      "set_state",
    ]);
    // The scratch schema has the types SQLAlchemy would create: Enum(Role) stores the member names, Enum("active", ...) its strings.
    const written = readFileSync(join(dir, res.test), "utf8");
    assert.ok(
      written.includes(`CREATE TYPE \\\\\\"role\\\\\\" AS ENUM ('ADMIN', 'MEMBER', 'GUEST')`),
      "role type of member names",
    );
    assert.ok(written.includes(`CREATE TYPE \\\\\\"account_state\\\\\\" AS ENUM ('active', 'banned')`));
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    // psycopg2 returns the label as text; Enum(Role) would make it Role.ADMIN: the column is read untyped.
    const role = style === "core" ? 'accounts_table.c["role"]' : '_attr(Account, "role")';
    const untyped = `sa.select(sa.type_coerce(${role}, sa.types.NullType).label("role"), sa.func.count().label("n"))`;
    assert.ok(src.includes(untyped), untyped);
    const env = { ...process.env, REMODEL_SQL_TEST_URL: PG_URL };
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    writeFileSync(mod, src.replace(untyped, `sa.select(${role}.label("role"), sa.func.count().label("n"))`));
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(
      broken.stdout,
      /^accounts_per_role: with arguments \[\]: returned \[.*'ADMIN'.*new returned \[.*<Role\.ADMIN: 'admin'>/m,
    );
  });
}
