import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDbUrl } from "../../src/db/url.js";
import { RemodelError } from "../../src/core/errors.js";

test("SQLAlchemy URLs: the driver part is ignored", () => {
  const u = parseDbUrl("postgresql+asyncpg://app:s%40cret@db.example:6543/orchestrator");
  assert.deepEqual([u.engine, u.host, u.port, u.user, u.password, u.database, u.schema], ["postgresql", "db.example", 6543, "app", "s@cret", "orchestrator", "public"]);
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
