import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "../../src/db/registry.js";
import type { Schema } from "../../src/schema/model.js";

export const ROOT = new URL("../../..", import.meta.url).pathname;
export const FIXTURES = join(ROOT, "test/fixtures/db");
export const PYTHON = "/usr/bin/python3";

/** The runtime oracle: SQLAlchemy's own metadata for a fixture package, as a neutral schema. */
export function sqlalchemySchema(project: string, module: string): Schema {
  return JSON.parse(execFileSync(PYTHON, [join(FIXTURES, "tools/sa_dump.py"), join(FIXTURES, project), module], { encoding: "utf8" }));
}

/** SQLAlchemy's own CREATE statements (create_all on a mock engine) for a fixture package. */
export function sqlalchemyDdl(project: string, module: string, dialect: "postgresql" | "mysql" | "sqlite"): string {
  return execFileSync(PYTHON, [join(FIXTURES, "tools/sa_dump.py"), join(FIXTURES, project), module, "--ddl", dialect], { encoding: "utf8" });
}

export type EngineName = "pglite" | "postgresql" | "mysql" | "sqlite";
export const ENGINES: EngineName[] = ["pglite", "postgresql", "mysql", "sqlite"];
export const dialectOf = (e: EngineName) => (e === "pglite" ? "postgresql" : e);

/** A database of its own for one test: a unique name on the real servers, a temp file or directory otherwise. */
export interface Scratch {
  url: string;
  drop(): Promise<void>;
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
    url = engine === "sqlite" ? `sqlite:///${join(dir, "app.db")}` : `pglite:${join(dir, "pg")}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  if (sql !== undefined) {
    try {
      await adminExec(url, sql);
    } catch (e) {
      await drop();
      throw e;
    }
  }
  return { url, drop };
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
