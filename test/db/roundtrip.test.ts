import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { SqlJsStatic } from "sql.js";
import mysql from "mysql2/promise";
import { PGlite } from "@electric-sql/pglite";
import { main } from "../../src/cli/main.js";
import { FIXTURES, PYTHON, scratch, type EngineName, type Scratch, io } from "./helpers.js";

/**
 * The round trip as a user runs it: `db pull` writes models for a database, the framework itself
 * builds a fresh database from them (SQLAlchemy/SQLModel create_all, Django migrate), and the two
 * databases' own reports of their schema are equal (pg_dump --schema-only, SHOW CREATE TABLE,
 * SQLite's pragmas, PGlite's catalog rendered by pg_get_*def), and `db diff` finds nothing.
 */

const BUILD = join(FIXTURES, "tools/build_models.py");
const PG_FOR_SQL = "postgresql://postgres@127.0.0.1:5432/test";

/** Database's own report of its schema, one canonical text per engine. */
async function dump(engine: EngineName, db: Scratch): Promise<string> {
  if (engine === "postgresql") {
    const out = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "-d", db.url], {
      encoding: "utf8",
    });
    return out
      .split("\n")
      .filter((l) => l && !/^(--|SET |SELECT pg_catalog\.|\\(un)?restrict )/.test(l))
      .join("\n");
  }
  if (engine === "mysql") {
    const conn = await mysql.createConnection(db.url.replace(/^mysql:/, "mysql:"));
    try {
      const [tables] = await conn.query("SHOW TABLES");
      const names = (tables as Record<string, string>[]).map((r) => Object.values(r)[0]).sort();
      const out: string[] = [];
      for (const n of names) {
        const [rows] = await conn.query(`SHOW CREATE TABLE \`${n}\``);
        // The order of KEY lines is the order the indexes were created in, which carries no meaning.
        const lines = String((rows as Record<string, string>[])[0]["Create Table"])
          .replace(/ AUTO_INCREMENT=\d+/, "")
          .replace(/,$/gm, "")
          .split("\n");
        const keys = lines.filter((l) => /^\s+KEY /.test(l)).sort();
        out.push([...lines.filter((l) => !/^\s+KEY /.test(l)), ...keys].join("\n"));
      }
      return out.join("\n\n");
    } finally {
      await conn.end();
    }
  }
  if (engine === "sqlite") {
    const d = await openSqlite(db.url.replace(/^sqlite:\/\/\//, ""));
    try {
      const out: string[] = [];
      const tables = d.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        const q = `"${name}"`;
        // Column positions are left out: Django's migration autodetector adds key columns after the
        // others, in an order of its own, and SQLite rebuilds the table for each.
        const byName = (rows: unknown[], key: string) =>
          (rows as Record<string, unknown>[])
            .map(({ cid, seq, id, seqno, ...r }) => (void [cid, seq, id, seqno], r))
            .sort((a, b) => String(a[key]).localeCompare(String(b[key])));
        out.push(
          `table ${name}`,
          JSON.stringify(byName(d.prepare(`pragma table_xinfo(${q})`).all(), "name")),
          JSON.stringify(byName(d.prepare(`pragma foreign_key_list(${q})`).all(), "from")),
        );
        for (const ix of byName(d.prepare(`pragma index_list(${q})`).all(), "name") as { name: string }[]) {
          out.push(
            JSON.stringify(ix),
            JSON.stringify(byName(d.prepare(`pragma index_xinfo("${ix.name}")`).all(), "name")),
          );
        }
      }
      const indexSql = d
        .prepare("select sql from sqlite_master where type = 'index' and sql is not null order by name")
        .all();
      return [...out, JSON.stringify(indexSql)].join("\n");
    } finally {
      d.close();
    }
  }
  await db.detach();
  const pg = await PGlite.create(db.url.replace(/^pglite:/, ""));
  try {
    return (await pg.query<{ line: string }>(CATALOG)).rows.map((r) => r.line).join("\n");
  } finally {
    await pg.close();
  }
}

/** Every object of schema public as PostgreSQL itself renders it (pg_dump's building blocks). */
const CATALOG = `
select line from (
  select format('column %s.%s %s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
    case when a.attnotnull then ' not null' else '' end, coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')) as line
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
  union all select format('constraint %s %s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
  from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
  union all select 'index ' || pg_get_indexdef(i.indexrelid)
  from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
  union all select format('comment %s %s', c.relname, obj_description(c.oid, 'pg_class'))
  from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and obj_description(c.oid, 'pg_class') is not null
  union all select format('comment %s.%s %s', c.relname, a.attname, col_description(c.oid, a.attnum))
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and a.attnum > 0 and col_description(c.oid, a.attnum) is not null
  union all select format('enum %s %s', t.typname, array(select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder))
  from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' and t.typtype = 'e'
  union all select format('sequence %s', c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S'
) x order by line`;

const features = (engine: EngineName) =>
  readFileSync(join(FIXTURES, `roundtrip/features.${engine === "pglite" ? "postgresql" : engine}.sql`), "utf8");

/** SQLAlchemy/SQLModel builds `fresh` from the package: create_all, or its DDL applied to PGlite. */
async function buildWith(
  framework: "sqlalchemy" | "django",
  engine: EngineName,
  root: string,
  module: string,
  fresh: Scratch,
): Promise<void> {
  const run = (url: string, extra: string[] = []) =>
    execFileSync(PYTHON, [BUILD, framework, root, module, url, ...extra], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  if (engine !== "pglite") {
    run(fresh.url);
    return;
  }
  // PGlite is reached from Node only: the framework prints the SQL it would run, the test applies it.
  await fresh.exec(run("-", framework === "django" ? ["--sql-via", PG_FOR_SQL] : []));
}

async function pull(url: string, out: string, args: string[]): Promise<void> {
  const o = io();
  assert.equal(await main(["db", "pull", "--url", url, "--out", out, ...args], o), 0, o.text);
}

async function diffClean(url: string, root: string): Promise<void> {
  const d = io();
  const code = await main(["db", "diff", "--url", url, root, "--no-cache"], d);
  assert.equal(code, 0, d.text);
}

const ENGINES: EngineName[] = ["postgresql", "mysql", "sqlite", "pglite"];

for (const framework of ["sqlalchemy", "sqlmodel"] as const) {
  for (const engine of ENGINES) {
    test(`round trip ${framework} on ${engine}: pull, create_all a fresh database, both schemas equal, no drift`, async () => {
      const src = await scratch(engine, features(engine));
      const fresh = await scratch(engine);
      const dir = mkdtempSync(join(tmpdir(), "remodel-roundtrip-"));
      try {
        await src.detach();
        await pull(
          src.url,
          join(dir, "pulled"),
          framework === "sqlalchemy" ? ["--sqlalchemy", "1.4"] : ["--framework", "sqlmodel"],
        );
        await buildWith("sqlalchemy", engine, dir, "pulled", fresh);
        assert.equal(await dump(engine, fresh), await dump(engine, src));
        await diffClean(src.url, dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await src.drop();
        await fresh.drop();
      }
    });
  }
}

for (const engine of ENGINES) {
  test(`round trip django on ${engine}: a database Django built, pulled, migrated afresh by Django: equal, no drift`, async () => {
    const src = await scratch(engine);
    const fresh = await scratch(engine);
    const dir = mkdtempSync(join(tmpdir(), "remodel-roundtrip-"));
    try {
      cpSync(join(FIXTURES, "djangoapp"), join(dir, "source"), { recursive: true });
      await buildWith("django", engine, join(dir, "source"), "board", src);
      await src.detach();
      mkdirSync(join(dir, "app/pulled"), { recursive: true });
      writeFileSync(join(dir, "app/pulled/__init__.py"), "");
      await pull(src.url, join(dir, "app/pulled/models"), ["--framework", "django"]);
      // build_models.py runs `check` and `makemigrations --check` before migrating: both must pass.
      await buildWith("django", engine, join(dir, "app"), "pulled", fresh);
      assert.equal(await dump(engine, fresh), await dump(engine, src));
      await diffClean(src.url, join(dir, "app"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await src.drop();
      await fresh.drop();
    }
  });
}

// Tortoise cannot be installed on the test machines (it is in no Debian release): its output is
// read back by the static extractor. What Tortoise cannot declare is said in a `# database:`
// comment in the pulled file and is exactly what `db diff` reports; nothing else differs (its
// JSONField is jsonb and its DatetimeField timestamptz on PostgreSQL: not drift).
const COMPOSITE = ["DB010 task_runs.id", "DB020 task_runs", "DB053 run_artifacts(task_id, attempt)"];
const POSTGRES_LOSSES = [
  "DB011 tasks.status",
  "DB011 tasks.labels",
  "DB011 tasks.deleted_at",
  "DB041 tasks index ix_tasks_labels (labels) USING gin",
  "DB041 tasks index ix_tasks_open (project_id, status, WHERE (deleted_at IS NULL))",
  "DB041 tasks index ix_tasks_payload (payload) USING gin",
  "DB072 task_status",
];
const TORTOISE_LOSSES: Record<EngineName, string[]> = {
  postgresql: [...COMPOSITE, ...POSTGRES_LOSSES],
  pglite: [...COMPOSITE, ...POSTGRES_LOSSES],
  mysql: [...COMPOSITE, "DB011 tasks.status"],
  sqlite: [...COMPOSITE, "DB041 tasks index ix_tasks_open (project_id, status, WHERE deleted_at IS NULL)"],
};

for (const engine of ENGINES) {
  test(`round trip tortoise on ${engine} (static): only what a # database: comment says differs`, async () => {
    const src = await scratch(engine, features(engine));
    const dir = mkdtempSync(join(tmpdir(), "remodel-roundtrip-"));
    try {
      await src.detach();
      await pull(src.url, join(dir, "models"), ["--framework", "tortoise"]);
      execFileSync(PYTHON, ["-m", "py_compile", join(dir, "models/tasks.py")]);
      const d = io();
      assert.equal(await main(["db", "diff", "--url", src.url, dir, "--json", "--no-cache"], d), 1, d.text);
      const drift = (JSON.parse(d.text).drift as { code: string; subject: string }[]).map(
        (x) => `${x.code} ${x.subject}`,
      );
      assert.deepEqual(drift.sort(), [...TORTOISE_LOSSES[engine]].sort());
      const said = readFileSync(join(dir, "models/tasks.py"), "utf8")
        .split("\n")
        .filter((l) => l.includes("# database:"))
        .join("\n");
      assert.match(said, /part of a composite primary key/);
      for (const x of drift.filter((s) => s.startsWith("DB041")))
        assert.ok(said.includes(/index (\S+)/.exec(x.slice(6))![1]), x);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await src.drop();
    }
  });
}

/** A SQLite file read through sql.js (WebAssembly), with the prepare(...).all() shape the report uses. */
async function openSqlite(path: string) {
  const SQL = await (createRequire(import.meta.url)("sql.js") as () => Promise<SqlJsStatic>)();
  const db = new SQL.Database(readFileSync(path));
  return {
    prepare: (sql: string) => ({
      all: () => {
        const st = db.prepare(sql);
        const rows: Record<string, unknown>[] = [];
        while (st.step()) rows.push(st.getAsObject());
        st.free();
        return rows;
      },
    }),
    close: () => db.close(),
  };
}
