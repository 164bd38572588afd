import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDbUrl } from "../../src/db/url.js";
import { RemodelError } from "../../src/core/errors.js";

test("SQLAlchemy URLs: the driver part is ignored", () => {
  const u = parseDbUrl("postgresql+asyncpg://app:s%40cret@db.example:6543/orchestrator");
  assert.deepEqual(
    [u.engine, u.host, u.port, u.user, u.password, u.database, u.schema],
    ["postgresql", "db.example", 6543, "app", "s@cret", "orchestrator", "public"],
  );
  assert.equal(u.display, "postgresql+asyncpg://app:***@db.example:6543/orchestrator");
  const m = parseDbUrl("mysql+pymysql://root@127.0.0.1/test?charset=utf8mb4");
  assert.deepEqual([m.engine, m.port, m.user, m.database], ["mysql", 3306, "root", "test"]);
  assert.equal(parseDbUrl("mariadb+mariadbconnector://u@h/d").engine, "mysql");
  assert.equal(parseDbUrl("postgres://u@h/d?options=-csearch_path%3Dtenant").schema, "tenant");
});

test("sqlite URLs: three slashes relative, four absolute, none memory", () => {
  assert.equal(parseDbUrl("sqlite:///app.db").path, "app.db");
  assert.equal(parseDbUrl("sqlite+pysqlite:////var/data/app.db").path, "/var/data/app.db");
  assert.equal(parseDbUrl("sqlite://").path, null);
});

test("pglite URLs: memory or a directory", () => {
  assert.equal(parseDbUrl("pglite:").path, null);
  assert.equal(parseDbUrl("pglite:./data").path, "./data");
});

test("unsupported or malformed URLs are user errors", () => {
  assert.throws(() => parseDbUrl("oracle://x/y"), RemodelError);
  assert.throws(() => parseDbUrl("not a url"), RemodelError);
});

test("a password is hidden whatever characters it holds; the last @ ends it", () => {
  for (const pw of ["p@ss", "a/b:c", "x#y?z", "%40%2F", "s p@@ce"]) {
    const u = parseDbUrl(`postgresql://app:${pw}@db.example:5432/orchestrator`);
    assert.equal(u.host, "db.example", pw);
    assert.equal(u.database, "orchestrator", pw);
    assert.equal(u.display, "postgresql://app:***@db.example:5432/orchestrator", pw);
    assert.ok(!u.display.includes(pw), pw);
  }
  assert.equal(parseDbUrl("mysql://root:s3cr%2Ft@h/d").password, "s3cr/t");
});

test("sslmode / ssl= are honoured: require, verify-ca, verify-full, disable; unknown modes are refused", () => {
  assert.deepEqual(parseDbUrl("postgresql://u@h/d?sslmode=require").ssl, { mode: "require" });
  assert.deepEqual(parseDbUrl("postgresql://u@h/d?sslmode=verify-full&sslrootcert=/ca.pem").ssl, {
    mode: "verify-full",
    ca: "/ca.pem",
  });
  assert.deepEqual(parseDbUrl("postgresql+asyncpg://u@h/d?ssl=true").ssl, { mode: "require" });
  assert.deepEqual(parseDbUrl("mysql+pymysql://u@h/d?ssl_ca=/ca.pem").ssl, { mode: "verify-ca", ca: "/ca.pem" });
  assert.equal(parseDbUrl("postgresql://u@h/d?sslmode=disable").ssl, undefined);
  assert.throws(
    () => parseDbUrl("postgresql://u:pw@h/d?sslmode=sometimes"),
    (e: Error) => e instanceof RemodelError && !e.message.includes("pw@"),
  );
});
