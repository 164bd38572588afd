import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { assertPglitePullsLikeServer, dialectOf, FIXTURES, PYTHON, scratch, io } from "./helpers.js";

// `db pull` on tables whose names no class can use as they are (test/fixtures/db/pull/hostile.sql):
// the generated package is imported by the ORM itself and every column must be there, under
// an attribute of its own, with its database name passed explicitly where they differ.

interface Names {
  tables: Record<string, { class: string; columns: Record<string, string> }>;
  errors: string[];
}

/** A Python identifier that no ORM here takes for private or its own: no leading underscore. */
const ATTR = /^[\p{L}\p{Nl}][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

/** What the hostile columns are called, per framework (Django refuses a trailing `_`). */
const EXPECTED: Record<"sqlalchemy" | "sqlmodel" | "django", Record<string, string>> = {
  sqlalchemy: {
    _created: "created_2",
    created: "created",
    名前: "名前",
    _sa_instance_state: "sa_instance_state",
    __tablename__: "tablename",
    metadata: "metadata_",
    registry: "registry_",
    class: "class_",
    from: "from_",
    "1st": "col_1st",
    "my-col": "my_col_2",
    my_col: "my_col",
    id: "id",
    Integer: "Integer_",
    str: "str_",
    ﬁle: "file",
    "€": "col",
    "٣rd": "col_٣rd",
  },
  sqlmodel: {
    _created: "created_2",
    名前: "名前",
    __tablename__: "tablename",
    metadata: "metadata_",
    json: "json_",
    dict: "dict_",
    __fields__: "fields_",
    class: "class_",
    "my-col": "my_col_2",
  },
  django: {
    _created: "created_2",
    名前: "名前",
    _meta: "meta",
    class: "class_field",
    from: "from_field",
    pk: "pk_field",
    objects: "objects_field",
    save: "save_field",
    Meta: "Meta_field",
    id: "id",
    "my-col": "my_col_2",
  },
};

/** The fixture in the engine's SQL: MariaDB and SQLite compare column names without case. */
function hostileSql(engine: "postgresql" | "mysql" | "sqlite"): string {
  const sql = readFileSync(join(FIXTURES, "pull/hostile.sql"), "utf8");
  if (engine === "postgresql") return sql;
  const s = sql
    .replace(/^ {2}"Name" TEXT,\n/m, "")
    .replace(/ TIMESTAMP WITH TIME ZONE/g, engine === "mysql" ? " DATETIME" : " TIMESTAMP");
  if (engine === "sqlite") return s.replace(/ SERIAL PRIMARY KEY/g, " INTEGER PRIMARY KEY");
  return s.replace(/ SERIAL PRIMARY KEY/g, " INTEGER AUTO_INCREMENT PRIMARY KEY").replace(/"/g, "`");
}

// PGlite, the default database, takes the PostgreSQL spelling; the ORMs read the pulled package
// without a database, so every part runs on it (its scratch connection closed before the commands).
for (const engine of ["pglite", "postgresql", "mysql", "sqlite"] as const) {
  test(`pull names on ${engine}: every column of every table is imported under its own attribute in each framework`, async () => {
    const dialect = dialectOf(engine);
    const db = await scratch(engine, hostileSql(dialect));
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-names-"));
    try {
      const schema = (await db.introspect()).schema;
      await db.detach();
      assert.deepEqual(schema.tables.map((t) => t.name).sort(), ["class", "column", "field", "select", "顧客"]);
      assert.equal(schema.tables.find((t) => t.name === "class")!.columns.length, dialect === "postgresql" ? 30 : 29);
      assert.equal(schema.tables.find((t) => t.name === "select")!.foreignKeys.length, 1);
      for (const framework of ["sqlalchemy", "sqlmodel", "django"] as const) {
        const root = join(dir, framework);
        mkdirSync(join(root, "app"), { recursive: true });
        writeFileSync(join(root, "app/__init__.py"), "");
        const o = io();
        assert.equal(
          await main(
            [
              "db",
              "pull",
              "--url",
              db.url,
              "--out",
              join(root, "app/models"),
              "--framework",
              framework,
              "--sqlalchemy",
              "1.4",
            ],
            o,
          ),
          0,
          o.text,
        );
        const names = JSON.parse(
          execFileSync(
            PYTHON,
            [join(FIXTURES, "tools/pull_names.py"), framework, root, framework === "django" ? "app" : "app.models"],
            { encoding: "utf8" },
          ),
        ) as Names;
        assert.deepEqual(names.errors, [], framework);
        for (const t of schema.tables) {
          const got = names.tables[t.name];
          assert.ok(got, `${framework}: no class for table ${t.name}`);
          // Every column, by its database name, and nothing else.
          assert.deepEqual(
            Object.keys(got.columns).sort(),
            t.columns.map((c) => c.name).sort(),
            `${framework} ${t.name}`,
          );
          const attrs = Object.values(got.columns);
          assert.equal(new Set(attrs).size, attrs.length, `${framework} ${t.name}: ${attrs.join(" ")}`);
          for (const a of attrs) assert.ok(ATTR.test(a) && !KEYWORDS.has(a), `${framework} ${t.name}.${a}`);
        }
        const cls = names.tables.class.columns;
        for (const [column, attr] of Object.entries(EXPECTED[framework]))
          assert.equal(cls[column], attr, `${framework}: ${column}`);
        if (dialect === "postgresql") assert.deepEqual([cls.Name, cls.name], ["Name", "name"]);
        // Tables named after keywords and the modules' imports: classes that shadow nothing.
        assert.deepEqual(
          ["class", "select", "column", "field", "顧客"].map((t) => names.tables[t].class),
          ["Class", "Select", "ColumnTable", "FieldTable", "顧客"],
        );
        assert.equal(names.tables.field.columns._, "col");
        // Django's key field has a second attribute, `<name>_id`: the column of that name keeps it.
        assert.deepEqual(
          names.tables.select.columns,
          framework === "django"
            ? { id: "id", class_key: "class_field_2", select: "select", class_field_id: "class_field_id" }
            : { id: "id", class_key: "class_key", select: "select", class_field_id: "class_field_id" },
        );
      }
      // SQLAlchemy 2.0 and Tortoise are not installed: CPython compiles them, Remodel's reader
      // finds every column by its database name.
      for (const [framework, args] of [
        ["sqlalchemy", ["--sqlalchemy", "2.0"]],
        ["tortoise", []],
      ] as const) {
        const out = join(dir, `${framework}-static`, "models");
        const o = io();
        assert.equal(
          await main(["db", "pull", "--url", db.url, "--out", out, "--framework", framework, ...args], o),
          0,
          o.text,
        );
        execFileSync(PYTHON, ["-m", "py_compile", ...readdirSync(out).map((f) => join(out, f))]);
        const d = io();
        await main(["db", "diff", "--url", db.url, join(dir, `${framework}-static`), "--json", "--no-cache"], d);
        assert.deepEqual(
          (JSON.parse(d.text).drift as { message: string }[]).map((x) => x.message),
          [],
          framework,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
}

// The hostile names on PGlite and on the PostgreSQL server: the same files, byte for byte, in every framework.
test("pull names: PGlite writes what the PostgreSQL server does for the same DDL", () =>
  assertPglitePullsLikeServer(hostileSql("postgresql"), [
    ["--sqlalchemy", "1.4"],
    ["--sqlalchemy", "2.0"],
    ["--framework", "sqlmodel"],
    ["--framework", "django", "--json"],
    ["--framework", "tortoise"],
  ]));
