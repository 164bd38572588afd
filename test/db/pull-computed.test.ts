/**
 * Generated columns pulled as `Computed(...)`: the pulled models, created by SQLAlchemy itself in
 * an empty database, give the column the database had, as the database's own dump shows it
 * (pg_dump, SHOW CREATE TABLE), never a DEFAULT holding the expression.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { diffSchemas } from "../../src/db/diff.js";
import { introspectUrl } from "../../src/db/registry.js";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { PYTHON, scratch, io } from "./helpers.js";

const DDL = {
  postgresql: `CREATE TABLE order_lines (
    id serial PRIMARY KEY,
    price numeric(10, 2) NOT NULL,
    quantity integer NOT NULL DEFAULT 1,
    total numeric(12, 2) GENERATED ALWAYS AS (price * quantity) STORED
  )`,
  mysql: `CREATE TABLE order_lines (
    id int PRIMARY KEY AUTO_INCREMENT,
    price decimal(10, 2) NOT NULL,
    quantity int NOT NULL DEFAULT 1,
    total decimal(12, 2) AS (price * quantity) STORED,
    half decimal(12, 2) AS (price / 2) VIRTUAL
  )`,
};

/** The database's own account of the table's columns, one line each. */
function dumped(engine: "postgresql" | "mysql", url: string): string[] {
  const db = url.slice(url.lastIndexOf("/") + 1);
  if (engine === "postgresql") {
    const sql = execFileSync(
      "pg_dump",
      ["-h", "127.0.0.1", "-U", "postgres", "--schema-only", "-t", "order_lines", db],
      { encoding: "utf8" },
    );
    const body = sql.slice(sql.indexOf("CREATE TABLE"), sql.indexOf(");", sql.indexOf("CREATE TABLE")));
    return body
      .split("\n")
      .slice(1)
      .map((l) => l.trim().replace(/,$/, ""))
      .filter(Boolean);
  }
  const out = execFileSync(
    "mariadb",
    ["-h", "127.0.0.1", "-u", "root", "-N", "-B", "-e", "SHOW CREATE TABLE order_lines", db],
    { encoding: "utf8" },
  );
  return out
    .split("\\n")
    .map((l) => l.trim().replace(/,$/, ""))
    .filter((l) => l.startsWith("`"));
}

for (const engine of ["postgresql", "mysql"] as const) {
  test(`db pull on ${engine}: a generated column becomes Computed(...), and SQLAlchemy creates it as the database had it`, async () => {
    const source = await scratch(engine, DDL[engine]);
    const target = await scratch(engine);
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-computed-"));
    try {
      const o = io();
      const code = await main(
        ["db", "pull", "--url", source.url, "--out", join(dir, "pulled"), "--sqlalchemy", "1.4"],
        o,
      );
      assert.equal(code, 0, o.text);
      const text = readFileSync(join(dir, "pulled/order_lines.py"), "utf8");
      assert.match(text, /total = Column\(Numeric\(12, 2\), Computed\(".*price.*quantity.*", persisted=True\)/);
      assert.doesNotMatch(text, /server_default=text\(".*price/);
      if (engine === "mysql")
        assert.match(text, /half = Column\(Numeric\(12, 2\), Computed\(".*price.*", persisted=False\)/);
      const driver = engine === "postgresql" ? "postgresql+psycopg2" : "mysql+pymysql";
      execFileSync(
        PYTHON,
        [
          "-c",
          "import sys, sqlalchemy as sa, pulled\nfrom pulled.base import Base\nBase.metadata.create_all(sa.create_engine(sys.argv[1]))",
          target.url.replace(/^[a-z]+:/, `${driver}:`),
        ],
        { cwd: dir, encoding: "utf8" },
      );
      const original = dumped(engine, source.url);
      assert.ok(
        original.some((l) => /GENERATED ALWAYS AS .*STORED/i.test(l)),
        original.join("\n"),
      );
      assert.deepEqual(dumped(engine, target.url), original);
      // The static schema of the pulled package reads the column as the database has it: no drift.
      const models = extractSchema(loadPythonFiles(dir));
      assert.deepEqual(
        diffSchemas(models, await introspectUrl(source.url)).drift.map((d) => d.message),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await source.drop();
      await target.drop();
    }
  });
}
