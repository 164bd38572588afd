import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/command.js";
import { connect } from "../../src/db/registry.js";
import { FIXTURES, PYTHON, scratch, sqlalchemyDdl } from "./helpers.js";

const run = async (...argv: string[]) => {
  const o = { out: "", err: "" };
  const io: Io = { isTTY: false, cwd: process.cwd(), out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  const code = await main(["db", ...argv], io);
  return { code, ...o };
};
const oneLine = (s: string) => s.trim().split("\n").length === 1;

test("check-migrations: seed 002's Alembic migrations run offline build exactly the models", async () => {
  const r = await run("check-migrations", join(FIXTURES, "orchestrator"), "--python", PYTHON, "--json", "--no-cache");
  assert.equal(r.code, 0, r.out + r.err);
  const json = JSON.parse(r.out);
  assert.equal(json.ok, true);
  const count = (c: string) => json.checks.find((x: { check: string }) => x.check === c).compared;
  assert.deepEqual([count("tables"), count("enum types"), count("foreign keys"), count("indexes")], [8, 5, 9, 10]);
});

test("check-migrations: SQL files in numeric order; a forgotten index and an extra view are the findings", async () => {
  const r = await run(
    "check-migrations",
    join(FIXTURES, "spirit"),
    "--migrations",
    "sql-migrations",
    "--json",
    "--no-cache",
  );
  assert.equal(r.code, 1, r.err);
  const drift = JSON.parse(r.out).drift as {
    code: string;
    subject: string;
    source: { path: string; line: number } | null;
  }[];
  assert.deepEqual(
    drift.map((d) => d.code),
    ["DB040", "DB080"],
  );
  assert.equal(drift[0].source?.path, "model/spirit_models.py");
  assert.equal(drift[1].subject, "points_report");
});

test("check-migrations: a script directory inside a package, without alembic.ini, next to a types.py", async () => {
  // ROOT is the package `shop`; its types.py would shadow the standard library's if the package
  // itself were on sys.path. No alembic.ini: Remodel writes one for the offline run.
  const r = await run(
    "check-migrations",
    join(FIXTURES, "pkgapp/shop"),
    "--migrations",
    "migrations",
    "--python",
    PYTHON,
    "--json",
  );
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(JSON.parse(r.out).checks.find((c: { check: string }) => c.check === "tables").compared, 2);
});

test("check-migrations: a failing Alembic run is one line, exit 2", async () => {
  const r = await run("check-migrations", join(FIXTURES, "orchestrator"), "--python", "/nonexistent/python3");
  assert.equal(r.code, 2);
  assert.ok(oneLine(r.err) && /cannot run \/nonexistent\/python3/.test(r.err), r.err);
});

test("diff: text checklist on drift names file:line, exit 1; --json agrees", async () => {
  const db = await scratch(
    "sqlite",
    sqlalchemyDdl("spirit", "model", "sqlite") + "\nDROP INDEX ix_spirits_registry_category;",
  );
  try {
    const text = await run("diff", "--url", db.url, join(FIXTURES, "spirit"), "--no-cache");
    assert.equal(text.code, 1);
    for (const line of text.out.trim().split("\n")) assert.match(line, /^(✔|✖) /);
    assert.match(
      text.out,
      /^✖ +model\/spirit_models\.py:\d+:1: DB040 index \(category\) on spirits_registry is missing from the database$/m,
    );
    const json = await run("diff", "--url", db.url, join(FIXTURES, "spirit"), "--json");
    assert.equal(json.code, 1);
    assert.deepEqual(
      JSON.parse(json.out).drift.map((d: { code: string }) => d.code),
      ["DB040"],
    );
  } finally {
    await db.drop();
  }
});

test("diff: Alembic's bookkeeping table is not drift, --ignore leaves out more, $DATABASE_URL is the default URL", async () => {
  const extra =
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); CREATE TABLE audit_2024 (id INTEGER PRIMARY KEY);";
  const db = await scratch("sqlite", sqlalchemyDdl("spirit", "model", "sqlite") + extra);
  const saved = process.env.DATABASE_URL;
  try {
    const plain = await run("diff", "--url", db.url, join(FIXTURES, "spirit"), "--json");
    assert.deepEqual(
      JSON.parse(plain.out).drift.map((d: { subject: string }) => d.subject),
      ["audit_2024"],
    );
    process.env.DATABASE_URL = db.url;
    assert.equal((await run("diff", join(FIXTURES, "spirit"), "--ignore", "audit_*")).code, 0);
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.drop();
  }
});

test("diff never writes: the SQLite file is byte-identical and connections are read-only", async () => {
  const db = await scratch("sqlite", sqlalchemyDdl("spirit", "model", "sqlite"));
  try {
    const path = db.url.replace("sqlite:///", "");
    const hash = () => createHash("sha256").update(readFileSync(path)).digest("hex");
    const before = hash();
    assert.equal((await run("diff", "--url", db.url, join(FIXTURES, "spirit"))).code, 0);
    assert.equal(hash(), before);
    for (const url of [db.url, "postgresql://postgres@127.0.0.1/test", "mysql://root@127.0.0.1/test"]) {
      const c = await connect(url);
      assert.equal(c.execute, undefined, url);
      await c.close();
    }
    // The PostgreSQL session itself refuses writes.
    const pg = (await import("pg")).default;
    const client = new pg.Client({
      host: "127.0.0.1",
      user: "postgres",
      database: "test",
      options: "-c default_transaction_read_only=on",
    });
    await client.connect();
    await assert.rejects(client.query("CREATE TABLE remodel_should_not_exist (id int)"), /read-only transaction/);
    await client.end();
  } finally {
    await db.drop();
  }
});

test("unreachable servers, refused credentials, missing databases: one line, exit 2", async () => {
  const cases: [string, RegExp][] = [
    ["postgresql://postgres@127.0.0.1:1/test", /connection refused at 127\.0\.0\.1:1/],
    ["mysql+pymysql://root@127.0.0.1:1/test", /connection refused/],
    ["postgresql://postgres@127.0.0.1:5432/remodel_no_such_db", /database 'remodel_no_such_db' does not exist/],
    ["mysql://remodel_nobody:wrong@127.0.0.1:3306/test", /credentials refused for user 'remodel_nobody'/],
    ["sqlite:////nonexistent/dir/app.db", /cannot connect to sqlite/],
  ];
  for (const [url, re] of cases) {
    const r = await run("diff", "--url", url, "--schema", join(FIXTURES, "tools/empty-schema.json"));
    assert.equal(r.code, 2, url);
    assert.ok(oneLine(r.err), r.err);
    assert.match(r.err, re);
    assert.ok(!r.err.includes("wrong"), "the password is never printed");
  }
});

test("a server that accepts but never answers times out after --timeout: one line, exit 2", async () => {
  const sockets: Socket[] = [];
  const server = createServer((s) => void sockets.push(s));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  try {
    for (const scheme of ["postgresql", "mysql"]) {
      const r = await run(
        "diff",
        "--url",
        `${scheme}://u@127.0.0.1:${port}/x`,
        "--schema",
        join(FIXTURES, "tools/empty-schema.json"),
        "--timeout",
        "0.5",
      );
      assert.equal(r.code, 2, scheme);
      assert.ok(oneLine(r.err), r.err);
      assert.match(r.err, /timed out/);
    }
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test("inspect: the database's neutral schema and its extra objects as JSON", async () => {
  const db = await scratch(
    "mysql",
    sqlalchemyDdl("spirit", "model", "mysql") + "\nCREATE VIEW v_bundles AS SELECT id, name FROM spirit_bundles;",
  );
  try {
    const r = await run("inspect", "--url", db.url);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.tables.length, 12);
    assert.deepEqual(s.objects, [{ kind: "view", name: "v_bundles" }]);
    const tier = s.tables
      .find((t: { name: string }) => t.name === "spirits_registry")
      .columns.find((c: { name: string }) => c.name === "pricing_tier");
    assert.deepEqual([tier.type.normalized, tier.serverDefault], ["enum", "'free'"]);
    assert.deepEqual(s.enums.find((e: { name: string }) => e.name === "spirits_registry.pricing_tier").values, [
      "free",
      "basic",
      "premium",
      "legendary",
    ]);
  } finally {
    await db.drop();
  }
});

test("ddl: per dialect; usage errors exit 2", async () => {
  const my = await run("ddl", join(FIXTURES, "spirit"), "--dialect", "mysql");
  assert.equal(my.code, 0);
  assert.match(my.out, /pricing_tier ENUM\('free', 'basic', 'premium', 'legendary'\) DEFAULT 'free' NOT NULL/);
  assert.match(my.out, /id INTEGER NOT NULL AUTO_INCREMENT/);
  // Tables come after the tables they reference.
  assert.ok(my.out.indexOf("CREATE TABLE spirits_registry") < my.out.indexOf("CREATE TABLE tools_registry"));
  assert.equal((await run("ddl", "--dialect", "oracle")).code, 2);
  assert.equal((await run("diff")).code, 2);
  assert.equal((await run("frobnicate")).code, 2);
});

test("pglite:DIR that does not exist (or is no data directory) is exit 2, and nothing is created", async () => {
  const base = mkdtempSync(join(tmpdir(), "remodel-pglite-missing-"));
  try {
    for (const [dir, re] of [
      [join(base, "nope"), /no such directory/],
      [base, /not a PGlite data directory/],
    ] as const) {
      for (const cmd of [
        ["inspect"],
        ["diff", "--schema", join(FIXTURES, "tools/empty-schema.json")],
        ["pull", "--out", join(base, "out")],
      ]) {
        const r = await run(...cmd, "--url", `pglite:${dir}`);
        assert.equal(r.code, 2, `${cmd[0]} ${dir}`);
        assert.ok(oneLine(r.err), r.err);
        assert.match(r.err, re);
      }
    }
    assert.ok(!existsSync(join(base, "nope")));
    assert.deepEqual(readdirSync(base), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("sslmode=require is honoured: a server without TLS refuses it (exit 2); sslmode=disable connects", async () => {
  // The test servers run without TLS: requiring it must fail rather than fall back to plain text.
  for (const url of [
    "postgresql://postgres:pw%40x@127.0.0.1:5432/test?sslmode=require",
    "mysql://root@127.0.0.1:3306/test?ssl=true",
  ]) {
    const r = await run("inspect", "--url", url);
    assert.equal(r.code, 2, url);
    assert.ok(oneLine(r.err), r.err);
    assert.match(r.err, /does not accept TLS|SSL|secure/i, r.err);
    assert.ok(!r.err.includes("pw@x") && !r.err.includes("pw%40x"), r.err);
  }
  assert.equal((await run("inspect", "--url", "postgresql://postgres@127.0.0.1:5432/test?sslmode=disable")).code, 0);
});
