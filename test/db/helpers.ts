import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DbConnection, Introspection } from "../../src/db/connection.js";
import type { Io } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import { connect, introspectUrl } from "../../src/db/registry.js";
import { dumpRuntimeSchema, runtimeScript } from "../../src/orm/runtime.js";
import type { Schema } from "../../src/schema/model.js";

export const ROOT = new URL("../../..", import.meta.url).pathname;
export const FIXTURES = join(ROOT, "test/fixtures/db");
export const PYTHON = "/usr/bin/python3";

/** The runtime oracle: SQLAlchemy's own metadata for a package under `dir`, as a neutral schema. */
export function sqlalchemyDump(dir: string, module: string): Schema {
  return dumpRuntimeSchema(PYTHON, "sqlalchemy", dir, [module]);
}

/** The runtime oracle: Django's own app registry for a project under `dir` (settings module `settings`), as a neutral schema. */
export function djangoDump(dir: string, settings = "settings"): Schema {
  return dumpRuntimeSchema(PYTHON, "django", dir, [settings]);
}

/** The runtime oracle: SQLAlchemy's own metadata for a fixture package, as a neutral schema. */
export function sqlalchemySchema(project: string, module: string): Schema {
  return sqlalchemyDump(join(FIXTURES, project), module);
}

/** SQLAlchemy's own CREATE statements (create_all on a mock engine) for a fixture package. */
export function sqlalchemyDdl(project: string, module: string, dialect: "postgresql" | "mysql" | "sqlite"): string {
  return sqlalchemyDdlAt(join(FIXTURES, project), module, dialect);
}

/** SQLAlchemy's own CREATE statements for a package under any folder. */
export function sqlalchemyDdlAt(dir: string, module: string, dialect: "postgresql" | "mysql" | "sqlite"): string {
  return execFileSync(PYTHON, [runtimeScript("sqlalchemy"), dir, module, "--ddl", dialect], { encoding: "utf8" });
}

export type EngineName = "pglite" | "postgresql" | "mysql" | "sqlite";
export const ENGINES: EngineName[] = ["pglite", "postgresql", "mysql", "sqlite"];
export const dialectOf = (e: EngineName) => (e === "pglite" ? "postgresql" : e);

/** A database of its own for one test: a unique name on the real servers, a temp file or directory otherwise. */
export interface Scratch {
  url: string;
  /** Reads the database: a fresh read-only connection, or PGlite's held one (see below). */
  introspect(): Promise<Introspection>;
  exec(sql: string): Promise<void>;
  /** PGlite only: close the held connection so that a command can open the directory itself. */
  detach(): Promise<void>;
  drop(): Promise<void>;
}

// A new PGlite database runs initdb (seconds); opening a copy of an initialized directory does not.
// One template per machine, shared by the test files (built once, moved into place atomically).
let template: Promise<string> | null = null;
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(tmpdir(), "remodel-test-pglite-template");
    if (existsSync(join(dir, "PG_VERSION"))) return dir;
    const build = mkdtempSync(join(tmpdir(), "remodel-pglite-build-"));
    await (await connect(`pglite:${join(build, "pg")}`, { writable: true })).close();
    try {
      renameSync(join(build, "pg"), dir);
    } catch {
      // Another test file won the race: its template is as good.
    }
    rmSync(build, { recursive: true, force: true });
    return dir;
  })();
  return template;
}

let counter = 0;
const unique = () => `remodel_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;

export async function scratch(engine: EngineName, sql?: string): Promise<Scratch> {
  const name = unique();
  let url: string;
  let drop: () => Promise<void>;
  if (engine === "postgresql") {
    await adminExec("postgresql://postgres@127.0.0.1:5432/test", `CREATE DATABASE ${name}`);
    url = `postgresql://postgres@127.0.0.1:5432/${name}`;
    drop = () => adminExec("postgresql://postgres@127.0.0.1:5432/test", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else if (engine === "mysql") {
    await adminExec("mysql://root@127.0.0.1:3306/test", `CREATE DATABASE ${name}`);
    url = `mysql://root@127.0.0.1:3306/${name}`;
    drop = () => adminExec("mysql://root@127.0.0.1:3306/test", `DROP DATABASE IF EXISTS ${name}`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "remodel-db-"));
    if (engine === "pglite") cpSync(await pgliteTemplate(), join(dir, "pg"), { recursive: true });
    url = engine === "sqlite" ? `sqlite:///${join(dir, "app.db")}` : `pglite:${join(dir, "pg")}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  // PGlite: one connection held for the test (opening the directory again costs a second or more).
  let held: DbConnection | null = engine === "pglite" ? await connect(url, { writable: true }) : null;
  const s: Scratch = {
    url,
    introspect: () => (held ? held.introspect() : introspectUrl(url)),
    exec: (text) => (held ? held.execute!(text) : adminExec(url, text)),
    detach: async () => {
      await held?.close();
      held = null;
    },
    drop: async () => {
      await s.detach();
      await drop();
    },
  };
  if (sql !== undefined) {
    try {
      await s.exec(sql);
    } catch (e) {
      await s.drop();
      throw e;
    }
  }
  return s;
}

/** Runs SQL through a writable connection (tests build their databases with it). */
export async function adminExec(url: string, sql: string): Promise<void> {
  const c = await connect(url, { writable: true });
  try {
    await c.execute!(sql);
  } finally {
    await c.close();
  }
}

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/**
 * What `db pull` writes for one database: every file of the output folder by its path in it, and
 * what the command printed with that folder's path taken out (two pulls compare as text).
 */
export async function pulledFiles(
  url: string,
  args: string[],
): Promise<{ code: number; printed: string; files: Record<string, string> }> {
  const out = mkdtempSync(join(tmpdir(), "remodel-pulled-"));
  try {
    let printed = "";
    const io = {
      isTTY: false,
      cwd: process.cwd(),
      out: (t: string) => void (printed += t),
      err: (t: string) => void (printed += t),
    };
    const code = await main(["db", "pull", "--url", url, "--out", join(out, "models"), ...args], io);
    const files: Record<string, string> = {};
    for (const f of existsSync(join(out, "models"))
      ? readdirSync(join(out, "models"), { recursive: true, encoding: "utf8" }).sort()
      : []) {
      if (statSync(join(out, "models", f)).isFile()) files[f] = readFileSync(join(out, "models", f), "utf8");
    }
    return { code, printed: printed.replaceAll(out, "OUT").replaceAll(url, "URL"), files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Pull from PGlite must equal pull from the PostgreSQL server for the same DDL: each set of
 * arguments pulls both, and the files and what was printed are compared as text.
 */
export async function assertPglitePullsLikeServer(sql: string, argSets: string[][]): Promise<void> {
  const [lite, server] = [await scratch("pglite", sql), await scratch("postgresql", sql)];
  try {
    await lite.detach();
    for (const args of argSets) {
      const [a, b] = [await pulledFiles(lite.url, args), await pulledFiles(server.url, args)];
      assert.equal(a.code, 0, a.printed);
      assert.ok(Object.keys(a.files).length > 1, args.join(" "));
      assert.deepEqual(a, b, args.join(" "));
    }
  } finally {
    await lite.drop();
    await server.drop();
  }
}

/** An in-memory terminal for `main()`: stdout and stderr together in `text`. */
export const io = (): Io & { text: string } => {
  const o = {
    text: "",
    isTTY: false,
    cwd: process.cwd(),
    out: (t: string) => void (o.text += t),
    err: (t: string) => void (o.text += t),
  };
  return o;
};
