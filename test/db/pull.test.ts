import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { diffSchemas } from "../../src/db/diff.js";
import { introspectUrl } from "../../src/db/registry.js";
import type { Schema } from "../../src/schema/model.js";
import {
  djangoDump,
  FIXTURES,
  PYTHON,
  scratch,
  sqlalchemyDdl,
  sqlalchemyDump,
  type EngineName,
  io,
} from "./helpers.js";

/** Pulls a package, imports it with SQLAlchemy 1.4 (configure_mappers included) and dumps its metadata. */
async function pullAndImport(
  url: string,
  args: string[] = [],
): Promise<{ dir: string; schema: Schema; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  const o = io();
  const code = await main(
    ["db", "pull", "--url", url, "--out", join(dir, "pulled"), "--sqlalchemy", "1.4", ...args],
    o,
  );
  assert.equal(code, 0, o.text);
  return { dir, schema: sqlalchemyDump(dir, "pulled"), files: readdirSync(join(dir, "pulled")).sort() };
}

const tricky = (engine: "pglite" | "postgresql" | "sqlite") =>
  readFileSync(join(FIXTURES, `pull/tricky.${engine === "sqlite" ? "sqlite" : "postgresql"}.sql`), "utf8");

for (const engine of ["pglite", "postgresql", "sqlite"] as const) {
  test(`pull round trip on ${engine}: awkward names, composite and self-referential keys, no drift`, async () => {
    const db = await scratch(engine, tricky(engine));
    await db.detach();
    try {
      const { dir, schema, files } = await pullAndImport(db.url);
      try {
        assert.deepEqual(
          diffSchemas(schema, await introspectUrl(db.url)).drift.map((d) => d.message),
          [],
        );
        assert.deepEqual(
          files,
          engine === "sqlite"
            ? ["__init__.py", "base.py", "import_.py", "users.py"]
            : ["__init__.py", "base.py", "enums.py", "import_.py", "users.py"],
        );
        const src = readFileSync(join(dir, "pulled/users.py"), "utf8");
        for (const line of [
          'from_ = Column("from", Date',
          'class_ = Column("class", Text',
          'col_2fa = Column("2fa", Boolean',
          'first_name = Column("first name"',
        ])
          assert.ok(src.includes(line), line);
        // Every foreign key gives a relationship on both sides, each naming the other.
        const rels = schema.tables.flatMap((t) => t.relationships.map((r) => ({ ...r, table: t.name })));
        assert.equal(rels.length, 2 * schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0));
        for (const r of rels)
          assert.ok(
            rels.some((o) => o.table === r.targetTable && o.name === r.backPopulates && o.backPopulates === r.name),
            r.name,
          );
        const names = (t: string) =>
          schema.tables
            .find((x) => x.name === t)!
            .relationships.map((r) => r.name)
            .sort();
        assert.deepEqual(names("orders"), ["buyer", "order_lines", "parent", "parent_orders", "seller"]);
        assert.deepEqual(names("users"), ["buyer_orders", "profile", "seller_orders"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await db.drop();
    }
  });
}

test("pull round trip on mysql (seed 001's spirit system) and --split-by", async () => {
  const db = await scratch("mysql", sqlalchemyDdl("spirit", "model", "mysql"));
  try {
    for (const [split, expected] of [
      ["domain", 6],
      ["table", 15],
      ["none", 4],
    ] as const) {
      const { dir, schema, files } = await pullAndImport(db.url, ["--split-by", split]);
      rmSync(dir, { recursive: true, force: true });
      assert.equal(files.length, expected, files.join(" "));
      assert.deepEqual(
        diffSchemas(schema, await introspectUrl(db.url)).drift.map((d) => d.message),
        [],
      );
    }
  } finally {
    await db.drop();
  }
});

for (const engine of ["pglite", "postgresql", "mysql", "sqlite"] as EngineName[]) {
  test(`round trip with the static extractor on ${engine}: pull (SQLAlchemy 2.0), read the source, diff: no drift`, async () => {
    const sql = engine === "mysql" ? sqlalchemyDdl("spirit", "model", "mysql") : tricky(engine);
    const db = await scratch(engine, sql);
    await db.detach();
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
    try {
      const o = io();
      assert.equal(await main(["db", "pull", "--url", db.url, "--out", join(dir, "models")], o), 0, o.text);
      const d = io();
      assert.equal(await main(["db", "diff", "--url", db.url, dir, "--no-cache"], d), 0, d.text);
      assert.match(d.text, /✔ no drift/);
      // --force replaces an earlier pull, generated modules it no longer writes included.
      assert.equal(
        await main(
          ["db", "pull", "--url", db.url, "--out", join(dir, "models"), "--split-by", "none", "--force"],
          io(),
        ),
        0,
      );
      assert.ok(!readdirSync(join(dir, "models")).includes("users.py"));
      assert.equal(await main(["db", "diff", "--url", db.url, dir, "--no-cache"], io()), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
}

test("SQLAlchemy 2.0 output: DeclarativeBase, Mapped, mapped_column; compiles under CPython", async () => {
  // SQLAlchemy 2.0 is not installed here (1.4.46 is): the 2.0 package is checked by CPython's
  // compiler and by its shape; its import is proven by the 1.4 round trips above sharing the plan.
  const db = await scratch("sqlite", tricky("sqlite"));
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  try {
    const o = io();
    assert.equal(await main(["db", "pull", "--url", db.url, "--out", join(dir, "m")], o), 0, o.text);
    execFileSync(PYTHON, ["-m", "py_compile", ...readdirSync(join(dir, "m")).map((f) => join(dir, "m", f))]);
    assert.match(readFileSync(join(dir, "m/base.py"), "utf8"), /class Base\(DeclarativeBase\):/);
    const users = readFileSync(join(dir, "m/users.py"), "utf8");
    assert.match(users, /from_: Mapped\[Optional\[datetime\.date\]\] = mapped_column\("from", Date, nullable=True\)/);
    assert.match(
      users,
      /buyer: Mapped\[User\] = relationship\(back_populates="buyer_orders", foreign_keys=\[buyer_id\]\)/,
    );
    assert.match(
      users,
      /buyer_orders: Mapped\[List\[Order\]\] = relationship\(back_populates="buyer", foreign_keys="\[Order\.buyer_id\]"\)/,
    );
    // A non-empty output directory is refused without --force, and nothing is written.
    const again = io();
    assert.equal(await main(["db", "pull", "--url", db.url, "--out", join(dir, "m")], again), 2);
    assert.match(again.text, /not empty/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test("--framework sqlmodel: imports under SQLModel 0.0.8 and round-trips on PostgreSQL and SQLite", async () => {
  for (const engine of ["postgresql", "sqlite"] as const) {
    const db = await scratch(engine, tricky(engine));
    const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
    try {
      const o = io();
      assert.equal(
        await main(["db", "pull", "--url", db.url, "--out", join(dir, "pulled"), "--framework", "sqlmodel"], o),
        0,
        o.text,
      );
      const users = readFileSync(join(dir, "pulled/users.py"), "utf8");
      assert.match(users, /class User\(SQLModel, table=True\):/);
      assert.match(
        users,
        /buyer_orders: List\["Order"\] = Relationship\(back_populates="buyer", sa_relationship_kwargs=\{"foreign_keys": "\[Order\.buyer_id\]"\}\)/,
      );
      const schema = sqlalchemyDump(dir, "pulled");
      assert.deepEqual(
        diffSchemas(schema, await db.introspect()).drift.map((d) => d.message),
        [],
        engine,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test("--framework django: Django 3.2 loads the app; only what Django cannot declare differs", async () => {
  const db = await scratch("sqlite", tricky("sqlite"));
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  try {
    mkdirSync(join(dir, "shop"));
    writeFileSync(join(dir, "shop/__init__.py"), "");
    writeFileSync(
      join(dir, "settings.py"),
      'SECRET_KEY = "x"\nINSTALLED_APPS = ["shop"]\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}\n',
    );
    const o = io();
    assert.equal(
      await main(["db", "pull", "--url", db.url, "--out", join(dir, "shop/models"), "--framework", "django"], o),
      0,
      o.text,
    );
    const users = readFileSync(join(dir, "shop/models/users.py"), "utf8");
    assert.match(
      users,
      /user = models\.OneToOneField\("User", models\.CASCADE, related_name="profile", primary_key=True\)/,
    );
    // Django refuses field names ending in `_` (fields.E001): the keyword column is `from_field`.
    assert.match(users, /from_field = models\.DateField\(db_column="from", blank=True, null=True\)/);
    const runtime = djangoDump(dir);
    // Django 3.2 has no composite primary or foreign keys: order_lines and shipments keep theirs
    // only in the database, and the diff says so, once each. Everything else round-trips.
    const expected = ["DB020", "DB053"];
    assert.deepEqual(
      diffSchemas(runtime, await db.introspect()).drift.map((d) => d.code),
      expected,
    );
    const d = io();
    assert.equal(await main(["db", "diff", "--url", db.url, dir, "--json", "--no-cache"], d), 1);
    assert.deepEqual(
      JSON.parse(d.text).drift.map((x: { code: string }) => x.code),
      expected,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test("--framework tortoise: compiles; the static extractor reads it back without drift where Tortoise can say it", async () => {
  // Tortoise is not installed here: CPython's compiler and Remodel's extractor are the checks.
  const db = await scratch("sqlite", tricky("sqlite"));
  await db.detach();
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  try {
    const o = io();
    assert.equal(
      await main(["db", "pull", "--url", db.url, "--out", join(dir, "models"), "--framework", "tortoise"], o),
      0,
      o.text,
    );
    execFileSync(PYTHON, ["-m", "py_compile", ...readdirSync(join(dir, "models")).map((f) => join(dir, "models", f))]);
    const users = readFileSync(join(dir, "models/users.py"), "utf8");
    assert.match(
      users,
      /buyer = fields\.ForeignKeyField\("models\.User", related_name="buyer_orders", on_delete=fields\.NO_ACTION\)/,
    );
    assert.match(users, /from_ = fields\.DateField\(source_field="from", null=True\)/);
    const d = io();
    assert.equal(await main(["db", "diff", "--url", db.url, dir, "--json", "--no-cache"], d), 1);
    // Composite keys and keys that are also primary keys (order_lines, profiles, shipments) are
    // where Tortoise (or the extractor's reading of it) stops; the other tables round-trip.
    const drift = JSON.parse(d.text).drift as { table: string | null }[];
    assert.deepEqual(
      drift.filter((x) => !["order_lines", "profiles", "shipments"].includes(x.table ?? "")),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test("--framework tortoise: a unique or indexed TEXT column is declared in Meta, since Tortoise refuses TextField(unique=True)", async () => {
  const ddl = [
    "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, slug TEXT NOT NULL UNIQUE, body TEXT, title VARCHAR(80) NOT NULL UNIQUE)",
    "CREATE INDEX ix_notes_body ON notes (body)",
  ].join(";\n");
  const db = await scratch("sqlite", ddl);
  await db.detach();
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  try {
    const o = io();
    assert.equal(
      await main(["db", "pull", "--url", db.url, "--out", join(dir, "models"), "--framework", "tortoise"], o),
      0,
      o.text,
    );
    const text = readdirSync(join(dir, "models"))
      .map((f) => readFileSync(join(dir, "models", f), "utf8"))
      .join("\n");
    assert.doesNotMatch(text, /TextField\([^)]*(unique|index)=True/, text);
    assert.match(text, /slug = fields\.TextField\(\)/, text);
    assert.match(text, /title = fields\.CharField\(max_length=80, unique=True\)/, text);
    assert.match(text, /unique_together = \(\("slug",\),\)/, text);
    assert.match(text, /indexes = \(\("body",\),\)/, text);
    const d = io();
    assert.equal(await main(["db", "diff", "--url", db.url, dir, "--json", "--no-cache"], d), 0, d.text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test("pull seed 002's orchestrator: one module per foreign-key domain named after its main table, enums as Enum classes", async () => {
  const db = await scratch("postgresql", sqlalchemyDdl("orchestrator", "app.models", "postgresql"));
  try {
    const { dir, schema, files } = await pullAndImport(db.url);
    try {
      assert.deepEqual(files, [
        "__init__.py",
        "ai_models.py",
        "base.py",
        "enums.py",
        "projects.py",
        "system_settings.py",
      ]);
      const enums = readFileSync(join(dir, "pulled/enums.py"), "utf8");
      for (const name of ["CommitType", "InterviewStatus", "ProjectStatus", "TaskPriority", "TaskStatus"])
        assert.match(enums, new RegExp(`^class ${name}\\(enum\\.Enum\\):`, "m"));
      const projects = readFileSync(join(dir, "pulled/projects.py"), "utf8");
      assert.match(
        projects,
        /status = Column\(Enum\(TaskStatus, name="task_status"\), nullable=False, server_default=text\("'backlog'"\)\)/,
      );
      assert.match(
        projects,
        /id = Column\(UUID\(as_uuid=True\), primary_key=True, server_default=text\("gen_random_uuid\(\)"\)\)/,
      );
      const prompts = schema.tables
        .find((t) => t.name === "prompts")!
        .relationships.map((r) => r.name)
        .sort();
      // The self-referential prompt version: `parent` on one side, `parent_prompts` on the other.
      assert.deepEqual(prompts, ["parent", "parent_prompts", "project", "tasks"]);
      assert.deepEqual(
        diffSchemas(schema, await db.introspect()).drift.map((d) => d.message),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await db.drop();
  }
});

test("--tables: seed 001's table-by-table move; keys to tables not pulled yet stay, without relationships", async () => {
  const db = await scratch("postgresql", sqlalchemyDdl("spirit", "model", "postgresql"));
  const dir = mkdtempSync(join(tmpdir(), "remodel-pull-"));
  try {
    const o = io();
    assert.equal(
      await main(
        ["db", "pull", "--url", db.url, "--out", join(dir, "models"), "--tables", "minion_spirits,tools_*"],
        o,
      ),
      0,
      o.text,
    );
    const src = readdirSync(join(dir, "models"))
      .filter((f) => !["__init__.py", "base.py"].includes(f))
      .map((f) => readFileSync(join(dir, "models", f), "utf8"))
      .join("\n");
    assert.match(
      src,
      /spirit_id: Mapped\[int\] = mapped_column\(Integer, ForeignKey\("spirits_registry\.id", name="minion_spirits_spirit_id_fkey"\), nullable=False\)/,
    );
    assert.doesNotMatch(src, /relationship\(/);
    const d = io();
    assert.equal(await main(["db", "diff", "--url", db.url, dir, "--json", "--no-cache"], d), 1);
    const drift = JSON.parse(d.text).drift as { code: string; subject: string }[];
    // Only the ten tables not moved yet differ, each once.
    assert.deepEqual(
      drift.map((x) => x.code),
      Array(10).fill("DB002"),
    );
    assert.ok(!drift.some((x) => ["minion_spirits", "tools_registry"].includes(x.subject)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
