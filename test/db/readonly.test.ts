import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/command.js";
import { adminExec, FIXTURES, scratch } from "./helpers.js";

/** The commands that read a database, run as users that can do nothing but read. */

const run = async (...argv: string[]) => {
  const o = { out: "", err: "" };
  const io: Io = { isTTY: false, cwd: process.cwd(), out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  return { code: await main(["db", ...argv], io), ...o };
};
const features = (engine: string) => readFileSync(join(FIXTURES, `roundtrip/features.${engine}.sql`), "utf8");

test("a SELECT-only MariaDB user: warned, keys and checks read from SHOW CREATE TABLE, the same schema as root's", async () => {
  const db = await scratch("mysql", features("mysql"));
  const name = db.url.replace(/^.*\//, "");
  const user = `ro_${process.pid}`;
  const admin = "mysql://root@127.0.0.1:3306/test";
  await adminExec(admin, `CREATE USER '${user}'@'%' IDENTIFIED BY 'r0:p@ss/w'`);
  const dir = mkdtempSync(join(tmpdir(), "remodel-ro-"));
  try {
    await adminExec(admin, `GRANT SELECT ON ${name}.* TO '${user}'@'%'`);
    const ro = `mysql://${user}:r0:p@ss/w@127.0.0.1:3306/${name}`;
    const asRoot = await run("inspect", "--url", db.url);
    const asReader = await run("inspect", "--url", ro);
    assert.equal(asReader.code, 0, asReader.err);
    assert.match(asReader.err, /warning: .*cannot see information_schema's constraint tables.*SHOW CREATE TABLE/);
    assert.ok(!asReader.err.includes("p@ss"), "the password is never printed");
    assert.equal(asRoot.err, "");
    assert.deepEqual(JSON.parse(asReader.out), JSON.parse(asRoot.out));
    const schema = JSON.parse(asReader.out);
    assert.equal(
      schema.tables.reduce((n: number, t: { foreignKeys: unknown[] }) => n + t.foreignKeys.length, 0),
      7,
    );
    // The models pulled by root diff clean as the reader: nothing reported missing.
    assert.equal((await run("pull", "--url", db.url, "--out", join(dir, "models"))).code, 0);
    const d = await run("diff", "--url", ro, dir, "--no-cache");
    assert.equal(d.code, 0, d.out);
    // The user really can only read.
    await assert.rejects(adminExec(ro, "CREATE TABLE t (id int)"), /denied/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await adminExec(admin, `DROP USER IF EXISTS '${user}'@'%'`);
    await db.drop();
  }
});

/** Debian's cluster log (pg_lsclusters' last column): where log_statement writes. */
function postgresLog(): string {
  const line =
    execFileSync("pg_lsclusters", ["-h"], { encoding: "utf8" })
      .split("\n")
      .find((l) => /\b5432\b/.test(l)) ?? "";
  const path = line.trim().split(/\s+/).pop() ?? "";
  assert.ok(existsSync(path), `the PostgreSQL log file (${path}) must be readable`);
  return path;
}

test("a CONNECT+SELECT PostgreSQL role with log_statement=all: inspect, diff and pull send only reads", async () => {
  const db = await scratch("postgresql", features("postgresql"));
  const name = db.url.replace(/^.*\//, "");
  const role = `remodel_ro_${process.pid}`;
  const admin = "postgresql://postgres@127.0.0.1:5432/test";
  const dir = mkdtempSync(join(tmpdir(), "remodel-ro-"));
  try {
    await adminExec(
      admin,
      `CREATE ROLE ${role} LOGIN PASSWORD 'secret#1'; ALTER ROLE ${role} SET log_statement = 'all'; GRANT CONNECT ON DATABASE ${name} TO ${role}`,
    );
    await adminExec(
      db.url,
      `REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`,
    );
    const log = postgresLog();
    const start = statSync(log).size;
    const ro = `postgresql://${role}:secret%231@127.0.0.1:5432/${name}`;
    assert.equal((await run("inspect", "--url", ro)).code, 0);
    assert.equal((await run("pull", "--url", ro, "--out", join(dir, "models"))).code, 0);
    const d = await run("diff", "--url", ro, dir, "--no-cache");
    assert.equal(d.code, 0, d.out);
    // The server writes its log on its own time: read it once it has stopped growing.
    for (let last = -1, waited = 0; waited < 5000; waited += 250) {
      const size = statSync(log).size;
      if (size === last) break;
      last = size;
      await new Promise((r) => setTimeout(r, 250));
    }
    // `start` is a byte offset: the log holds other tests' non-ASCII names, so slice bytes, not characters.
    const text = readFileSync(log).subarray(start).toString("utf8");
    // One log entry per statement (`statement: ...` or, over the extended protocol, `execute <unnamed>: ...`),
    // its SQL running on over the lines that follow until the next timestamped line.
    const entries = text.split(/\n(?=\d{4}-\d\d-\d\d )/).filter((e) => e.includes(`${role}@${name}`));
    const statements = entries
      .filter((e) => /LOG: {2}(statement|execute [^:]*): /.test(e))
      .map((e) => e.replace(/^[\s\S]*?LOG: {2}(statement|execute [^:]*): /, "").trim());
    // Three commands, each its own session (its backend pid in the log line), each sending its
    // catalog queries; how many queries a command needs is not the point, that all are reads is.
    const sessions = new Set(entries.map((e) => /^\S+ \S+ \S+ \[(\d+)\]/.exec(e)?.[1]).filter(Boolean));
    assert.ok(
      sessions.size >= 3 && statements.length >= 3 * 5,
      `${sessions.size} sessions, ${statements.length} statements\n${text}`,
    );
    for (const s of statements) assert.match(s, /^\s*select\b/i, s);
    assert.ok(!text.includes("secret#1"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
    await adminExec(admin, `DROP ROLE IF EXISTS ${role}`);
  }
});
