import { PGlite } from "@electric-sql/pglite";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RemodelError } from "../core/errors.js";
import type { ConnectOptions, DbConnection } from "./connection.js";
import { connectError, queryError } from "./errors.js";
import { introspectPostgres } from "./postgres-introspect.js";
import type { DbUrl } from "./url.js";

/** PGlite: PostgreSQL compiled to WebAssembly, in memory (`pglite:`) or in a directory (`pglite:./dir`). */
export async function connectPglite(url: DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  // PGlite.create(dir) runs initdb on a missing or empty directory: a read would create a database.
  if (url.path && !opts.writable && !existsSync(join(url.path, "PG_VERSION"))) {
    throw new RemodelError(`cannot connect to ${url.display}: ${existsSync(url.path) ? "not a PGlite data directory" : "no such directory"} (a read never creates a database)`);
  }
  let db: PGlite;
  try {
    db = url.path ? await PGlite.create(url.path) : await createInMemory();
  } catch (e) {
    throw connectError(url, e);
  }
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw queryError(url, e);
    }
  };
  return {
    dialect: "postgresql",
    // A read-only transaction guards against any write while reading the catalogs.
    introspect: () =>
      guard(() =>
        db.transaction(async (tx) => {
          await tx.exec("SET TRANSACTION READ ONLY");
          return introspectPostgres(async (sql, params) => (await tx.query<Record<string, any>>(sql, params)).rows, url.schema);
        }),
      ),
    execute: opts.writable ? (sql) => guard(async () => void (await db.exec(sql))) : undefined,
    close: () => db.close(),
  };
}

/**
 * A new in-memory database runs initdb, which takes seconds; loading a dump of a freshly
 * initialized data directory is several times faster. The dump is kept in the system's temp
 * directory, one per PGlite version, written atomically by whichever run needs it first.
 */
async function createInMemory(): Promise<PGlite> {
  const cache = join(tmpdir(), `remodel-pglite-${pgliteVersion()}-empty.tar`);
  if (existsSync(cache)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(cache)]) });
    } catch {
      // A damaged cache: fall through and rebuild it.
    }
  }
  const db = await PGlite.create();
  try {
    const dump = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
    const tmp = `${cache}.${process.pid}.tmp`;
    writeFileSync(tmp, dump);
    renameSync(tmp, cache);
  } catch {
    // No cache this time; the database itself is fine.
  }
  return db;
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve("@electric-sql/pglite"));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, "utf8"));
      if (json.name === "@electric-sql/pglite") return String(json.version);
    }
  }
  return "unknown";
}
