import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

const PY = "/usr/bin/python3";
const sqlite = join(fixtures("sql"), "flask-sqlite", "app");
const postgres = join(fixtures("sql"), "flask-postgres", "app");

test("inventory: every site of the SQLite app with its verdict, route and RM200 findings", async () => {
  const r = await runCli(["sql", "inventory", sqlite, "--json"], sqlite);
  assert.equal(r.code, 1, "RM200 findings exit 1");
  const { sites } = JSON.parse(r.out) as {
    sites: {
      function: string;
      verdict: string;
      route: string | null;
      reason: string;
      kind: string;
      tables: string[];
      injections: unknown[];
    }[];
  };
  const count = (v: string) => sites.filter((s) => s.verdict === v).length;
  assert.equal(sites.length, 54);
  assert.deepEqual([count("convertible"), count("dynamic"), count("not-orm"), count("unknown")], [40, 6, 5, 3]);
  const by = (fn: string) => sites.find((s) => s.function === `Store.${fn}`)!;
  assert.equal(by("all_authors").route, "GET /api/authors");
  assert.equal(by("author_by_id").route, "GET /api/authors/<int:author_id>", "reached through load_author");
  assert.equal(by("search").route, "GET /api/search");
  assert.match(by("publishers").reason, /table 'publishers'/);
  assert.match(by("misspelled").reason, /column 'nmae'/);
  assert.match(by("broken").reason, /parser rejects it/);
  assert.match(by("filtered").reason, /\+=/);
  assert.match(by("search").reason, /^built at run time: a condition comes from f-string part \{column\}/);
  assert.match(
    by("update_author").reason,
    /^built at run time: the SET list .* comes from f-string part \{', '\.join\(fields\)\}; the safe form is sa\.update/,
  );
  assert.equal(by("authors_table_name").verdict, "convertible", "an f-string of a constant is static text");
  assert.equal(
    sites.reduce((n, s) => n + s.injections.length, 0),
    5,
  );
  const text = await runCli(["sql", "inventory", sqlite], sqlite);
  assert.match(text.out, /^store\.py:290:56: RM200 SQL built with f-string from `column`/m);
});

test("inventory: the PostgreSQL variant is judged by PostgreSQL's own grammar", async () => {
  const r = await runCli(["sql", "inventory", postgres, "--json"], postgres);
  const { sites } = JSON.parse(r.out) as {
    sites: {
      function: string;
      verdict: string;
      dialect: string;
      tables: string[];
      paramStyle: string;
      reason: string;
    }[];
  };
  assert.ok(sites.every((s) => s.dialect === "postgresql"));
  const by = (fn: string) => sites.find((s) => s.function === fn)!;
  assert.deepEqual(
    [by("add_user").verdict, by("add_user").tables, by("add_user").paramStyle],
    ["convertible", ["users"], "pyformat"],
  );
  assert.equal(by("ids_in").verdict, "convertible");
  assert.equal(by("count_users").paramStyle, "numeric");
  assert.match(by("broken").reason, /postgresql parser rejects it: syntax error at end of input/);
  assert.equal(by("unsafe").verdict, "dynamic");
});

for (const style of ["core", "orm"] as const) {
  test(`convert --style ${style}: the SQLite app's functions are rewritten, proven by running both, and the written test fails when the new code is wrong`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(sqlite);
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
    assert.equal(res.converted.length, 38);
    for (const fn of [
      "count_tag",
      "save_tag",
      "replace_tag",
      "first_tag",
      "keep_tag",
      "move_books",
      "books_with_authors",
      "authors_per_country",
      "author_page",
      "authors_in",
      "tag_named",
    ]) {
      assert.ok(
        res.converted.some((c) => c.function === `Store.${fn}` && c.proven),
        fn,
      );
    }
    assert.deepEqual(res.left.map((l) => l.function).sort(), [
      "Store.broken",
      "Store.bulk_add",
      "Store.filtered",
      "Store.init_schema",
      "Store.misspelled",
      "Store.publishers",
      "Store.search",
      "Store.search_concatenated",
      "Store.search_formatted",
      "Store.search_old_style",
      "Store.table_info",
      "Store.update_author",
    ]);
    // executemany is converted, and the proof refuses it here: sqlite3 raises ProgrammingError where the new code raises IndexError.
    assert.match(
      res.left.find((l) => l.function === "Store.bulk_add")!.reason,
      /^not proven: .*returned 'ProgrammingError', new returned 'IndexError'/,
    );
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    const byId =
      style === "core"
        ? '.where(authors_table.c["id"] == sa.literal(author_id))'
        : ".where(Authors.id == sa.literal(author_id))";
    if (style === "core") {
      assert.match(
        src,
        /sa\.select\(authors_table\)\.select_from\(authors_table\)\.where\(authors_table\.c\["id"\] == sa\.literal\(author_id\)\)/,
      );
      assert.match(src, /on_conflict_do_update\(index_elements=\["name"\]/);
    } else {
      // Mapped classes, statements over their attributes, run by a Session.
      assert.match(src, /^class Authors\(Base\):\n {4}__table__ = sa\.Table\(/m);
      // SELECT * reads instances (session.scalars), turned back into the rows the old cursor gave.
      assert.match(
        src,
        /stmt = sa\.select\(Authors\)\.where\(Authors\.id == sa\.literal\(author_id\)\)\n {12}cur = _Rows\(conn\.scalars\(stmt\), mapping=True\)/,
      );
      // An INSERT of one row is a new instance added to the session; lastrowid is its key.
      assert.match(
        src,
        /new_row = Books\(title=title, author_id=author_id, price=price\)\n {12}conn\.add\(new_row\)\n {12}cur = _inserted\(conn, new_row\)/,
      );
      assert.match(src, /sa\.select\(Authors\.name\)/, "named columns stay a select of columns");
      assert.match(src, /with _session\(\) as conn:/);
      assert.match(src, /sa\.update\(Authors\)\.where\(.*\.execution_options\(synchronize_session=False\)/);
      assert.doesNotMatch(src, /_table\b|engine\.connect\(\)/);
    }
    assert.ok(src.includes(byId));
    // SQLite's REPLACE INTO is its INSERT OR REPLACE; INSERT OR IGNORE keeps its prefix.
    const tags = style === "core" ? "tags_table" : "Tags";
    const replaced = `stmt = sa.insert(${tags}).values(name=name, uses=uses).prefix_with("OR REPLACE")\n            cur = conn.execute(stmt)\n            return cur.rowcount\n\n    def first_tag(`;
    const ignored = `stmt = sa.insert(${tags}).values(name=name, uses=uses).prefix_with("OR IGNORE")`;
    assert.ok(src.includes(replaced), replaced);
    assert.ok(src.includes(ignored), ignored);
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8" });
    assert.equal(run().status, 0, "the written differential test passes");
    writeFileSync(
      mod,
      src
        .replace(byId, byId.replace("==", "!="))
        .replace(replaced, replaced.replace('.prefix_with("OR REPLACE")', ""))
        .replace(ignored, ignored.replace("IGNORE", "REPLACE")),
    );
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /Store\.author_by_id: with arguments/);
    // The cases repeat names of seeded tags: a plain INSERT fails on them, OR REPLACE writes over one OR IGNORE left (rowcount 1, not 0).
    assert.match(
      broken.stdout,
      /^Store\.replace_tag: with arguments \['alpha#0', 1\]: old ok 1, new error 'IntegrityError'$/m,
    );
    assert.match(broken.stdout, /^Store\.first_tag: with arguments \['alpha#0', 1\]: returned 0, new returned 1$/m);
    assert.ok(!existsSync(join(dir, "shop.db")), "the project's database is never created or written");
  });
}

test("convert: bad --python and unreachable --url are one line, exit 2, nothing written", async () => {
  const dir = copyToTemp(sqlite);
  const noPy = await runCli(["sql", "convert", "store.py", "--out", "x", "--python", "/bin/false"], dir);
  assert.equal(noPy.code, 2);
  assert.match(noPy.err, /no SQLAlchemy/);
  const url = await runCli(
    ["sql", "convert", "store.py", "--out", "x", "--python", PY, "--url", "postgresql://127.0.0.1:1/none"],
    dir,
  );
  assert.equal(url.code, 2);
  assert.match(url.err, /--url: cannot connect/);
  assert.ok(!existsSync(join(dir, "x")));
});

const pgStore = join(fixtures("sql"), "flask-postgres", "app");
const PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

async function convertPostgres(extra: string[]) {
  const dir = copyToTemp(pgStore);
  const r = await runCli(["sql", "convert", "store.py", "--out", "sa_store", "--python", PY, "--json", ...extra], dir);
  assert.equal(r.code, 1, r.err);
  return {
    dir,
    res: JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string }[];
      left: { function: string; reason: string }[];
    },
  };
}

const PG_LEFT = [
  "Store.broken",
  "Store.filtered",
  "Store.init_schema",
  "Store.misspelled",
  "Store.publishers",
  "Store.search",
  "Store.search_concatenated",
  "Store.search_formatted",
  "Store.search_old_style",
  "Store.table_info",
];

for (const style of ["core", "orm"]) {
  test(`convert --style ${style}: the PostgreSQL app (psycopg2, %s) is proven on PGlite, served to the project's Python`, {
    timeout: 600_000,
  }, async () => {
    const { res } = await convertPostgres(["--style", style]);
    assert.equal(res.converted.length, 40);
    for (const fn of ["bulk_add", "authors_any", "authors_containing"])
      assert.ok(
        res.converted.some((c) => c.function === `Store.${fn}`),
        `${fn}: executemany, = ANY(%s), '%%' || %s || '%%', proven`,
      );
    assert.deepEqual(res.left.map((l) => l.function).sort(), PG_LEFT);
    for (const fn of [
      "add_author",
      "save_tag",
      "count_tag",
      "keep_tag",
      "rename_returning",
      "authors_matching",
      "move_books",
    ])
      assert.ok(
        res.converted.some((c) => c.function === `Store.${fn}`),
        fn,
      );
    assert.match(res.left.find((l) => l.function === "Store.broken")!.reason, /postgresql parser rejects it/);
  });
}

test("convert --url: the PostgreSQL proof on a real server runs in scratch schemas it drops, and the written test catches a wrong query", {
  timeout: 600_000,
}, async () => {
  const schemas = () =>
    spawnSync(
      "psql",
      [
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "test",
        "-Atc",
        "SELECT schema_name FROM information_schema.schemata ORDER BY 1",
      ],
      { encoding: "utf8" },
    ).stdout;
  const before = schemas();
  const { dir, res } = await convertPostgres(["--url", PG_URL]);
  assert.equal(res.converted.length, 40);
  assert.deepEqual(res.left.map((l) => l.function).sort(), PG_LEFT);
  assert.equal(schemas(), before, "every scratch schema is dropped");
  const env = { ...process.env, REMODEL_SQL_TEST_URL: PG_URL };
  const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
  const passing = run();
  assert.equal(passing.status, 0, passing.stdout);
  const mod = join(dir, res.module);
  writeFileSync(
    mod,
    readFileSync(mod, "utf8")
      .replace("ON CONFLICT", "")
      .replace(
        '.on_conflict_do_update(index_elements=["name"], set_={"uses": stmt.excluded["uses"]})',
        ".on_conflict_do_nothing()",
      ),
  );
  const broken = run();
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /Store\.save_tag: with arguments/);
});

test("convert: a real Python without SQLAlchemy, and an unreachable PostgreSQL --url for the psycopg2 app, are one line each, exit 2, nothing written", async () => {
  const bare = ["/root/.pyenv/versions/3.12.1/bin/python3", "/root/.pyenv/versions/3.13.0/bin/python3"].find(
    (p) => existsSync(p) && spawnSync(p, ["-c", "import sqlalchemy"]).status !== 0,
  );
  assert.ok(bare, "a Python without SQLAlchemy on this machine");
  const dir = copyToTemp(pgStore);
  const noSa = await runCli(["sql", "convert", "store.py", "--out", "x", "--python", bare], dir);
  assert.equal(noSa.code, 2);
  assert.equal(noSa.err.trim().split("\n").length, 1, noSa.err);
  assert.match(noSa.err, /no SQLAlchemy in this Python/);
  const url = await runCli(
    ["sql", "convert", "store.py", "--out", "x", "--python", PY, "--url", "postgresql://postgres@127.0.0.1:1/test"],
    dir,
  );
  assert.equal(url.code, 2);
  assert.equal(url.err.trim().split("\n").length, 1, url.err);
  assert.match(url.err, /--url: cannot connect/);
  assert.ok(!existsSync(join(dir, "x")));
});

const mysqlStore = join(fixtures("sql"), "flask-mysql", "app");
const MYSQL_URL = "mysql://root@127.0.0.1:3306/test";
const MYSQL_LEFT = ["Store.init_schema", "Store.sorted_by", "Store.via_helper"];

for (const style of ["core", "orm"]) {
  test(`convert --style ${style} --url mysql://: the PyMySQL app is proven on MariaDB in scratch databases it drops, and the written test catches a wrong query`, {
    timeout: 600_000,
  }, async () => {
    const databases = () =>
      spawnSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "-N", "-e", "SHOW DATABASES"], { encoding: "utf8" })
        .stdout;
    const before = databases();
    const dir = copyToTemp(mysqlStore);
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
    assert.equal(r.code, 1, r.err);
    const res = JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string }[];
      left: { function: string; reason: string }[];
    };
    assert.equal(res.converted.length, 25);
    assert.deepEqual(res.left.map((l) => l.function).sort(), MYSQL_LEFT);
    for (const fn of [
      "add_author",
      "rename_author",
      "delete_author",
      "books_with_authors",
      "authors_containing",
      "author_page",
      "tag_uses",
      "add_tags",
      "save_tag",
      "replace_tag",
    ])
      assert.ok(
        res.converted.some((c) => c.function === `Store.${fn}`),
        fn,
      );
    assert.equal(databases(), before, "every scratch database is dropped");
    const env = { ...process.env, REMODEL_SQL_TEST_URL: "mysql+pymysql://root@127.0.0.1:3306/test" };
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout);
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    assert.match(
      src,
      /\.like\(sa\.func\.concat\(sa\.literal\("%"\), sa\.literal\(part\), sa\.literal\("%"\)\)\)/,
      "CONCAT('%%', %s, '%%') is SQL's concat",
    );
    assert.ok(src.includes(".values(name=name)"));
    assert.match(src, /with nullcontext\(\) as cur:\n {16}stmt = /, "`with conn.cursor() as cur:` keeps its block");
    assert.match(src, /_params = \[\{"p1": _row\[0\]\} for _row in /, "executemany: a list of parameter dicts");
    writeFileSync(mod, src.replace(".values(name=name)", ".values(name=sa.func.upper(name))"));
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /Store\.rename_author: with arguments/);
    assert.equal(databases(), before);
  });
}

test("convert: MySQL code without --url is one line, exit 2, nothing written", async () => {
  const dir = copyToTemp(mysqlStore);
  const r = await runCli(["sql", "convert", "store.py", "--out", "x", "--python", PY], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /MySQL code is proven on a MySQL or MariaDB server: give --url/);
  assert.ok(!existsSync(join(dir, "x")));
});

const mysqlclientStore = join(fixtures("sql"), "flask-mysqlclient", "app");

test("inventory: mysqlclient (import MySQLdb, MySQLdb.connect, %s) is MySQL code", async () => {
  const r = await runCli(["sql", "inventory", mysqlclientStore, "--json"], mysqlclientStore);
  const { sites } = JSON.parse(r.out) as {
    sites: {
      function: string;
      verdict: string;
      dialect: string;
      driver: string;
      paramStyle: string;
      kind: string;
      tables: string[];
    }[];
  };
  assert.equal(sites.length, 9);
  assert.ok(sites.every((s) => s.dialect === "mysql" && s.driver === "mysqldb"));
  const by = (fn: string) => sites.find((s) => s.function === fn)!;
  assert.deepEqual(
    [by("add_author").kind, by("add_author").paramStyle, by("add_author").verdict, by("add_author").tables],
    ["insert", "format", "convertible", ["authors"]],
  );
  assert.equal(by("sorted_by").verdict, "dynamic");
  assert.equal(by("init_schema").verdict, "not-orm");
});

for (const style of ["core", "orm"]) {
  // This Python has no mysqlclient: the proof's old code runs with PyMySQL standing in for MySQLdb (its drop-in), on the same server.
  test(`convert --style ${style} --url mysql://: the mysqlclient app is proven on MariaDB, and the written test catches a wrong query`, {
    timeout: 600_000,
  }, async () => {
    const dir = copyToTemp(mysqlclientStore);
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
    assert.equal(r.code, 1, r.err);
    const res = JSON.parse(r.out) as {
      module: string;
      test: string;
      converted: { function: string; proven: boolean }[];
      left: { function: string; reason: string }[];
    };
    assert.deepEqual(res.converted.map((c) => c.function).sort(), [
      "add_author",
      "all_authors",
      "author_by_id",
      "authors_from",
      "delete_author",
      "rename_author",
    ]);
    assert.ok(res.converted.every((c) => c.proven));
    assert.deepEqual(res.left.map((l) => l.function).sort(), ["count_via_helper", "init_schema", "sorted_by"]);
    assert.match(res.left.find((l) => l.function === "count_via_helper")!.reason, /connection comes from `conn`/);
    const env = { ...process.env, REMODEL_SQL_TEST_URL: "mysql+pymysql://root@127.0.0.1:3306/test" };
    const run = () => spawnSync(PY, [join(dir, res.test)], { cwd: dir, encoding: "utf8", env });
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout);
    const mod = join(dir, res.module);
    const src = readFileSync(mod, "utf8");
    assert.ok(src.includes(".values(name=name)"));
    writeFileSync(mod, src.replace(".values(name=name)", ".values(name=sa.func.upper(name))"));
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /rename_author: with arguments/);
  });
}
