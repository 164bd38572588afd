import { PGlite, type Extensions } from "@electric-sql/pglite";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { bundledExtensions } from "./pglite-extensions.js";
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
    throw new RemodelError(
      `cannot connect to ${url.display}: ${existsSync(url.path) ? "not a PGlite data directory" : "no such directory"} (a read never creates a database)`,
    );
  }
  let db: PGlite;
  try {
    const extensions = await loadExtensions(opts.extensions ?? []);
    db = url.path ? await PGlite.create(url.path, { extensions }) : await createInMemory(extensions);
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
          return introspectPostgres(
            async (sql, params) => (await tx.query<Record<string, any>>(sql, params)).rows,
            url.schema,
          );
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
async function createInMemory(extensions: Extensions = {}): Promise<PGlite> {
  const cache = join(tmpdir(), `remodel-pglite-${pgliteVersion()}-empty.tar`);
  if (existsSync(cache)) {
    try {
      return await PGlite.create({
        loadDataDir: new Blob([readFileSync(cache)]),
        extensions: extensions as Extensions,
      });
    } catch {
      // A damaged cache: fall through and rebuild it.
    }
  }
  const db = await PGlite.create({ extensions: extensions as Extensions });
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

/** `CREATE EXTENSION "uuid-ossp"` needs PGlite's uuid_ossp module loaded when the database starts. */
async function loadExtensions(names: string[]): Promise<Extensions> {
  const out: Extensions = {};
  for (const name of names) {
    const id = name.replace(/-/g, "_");
    if (id === "plpgsql") continue; // built in
    const mod = await import(`@electric-sql/pglite/contrib/${id}`).catch(() => null);
    if (!mod?.[id])
      throw new RemodelError(
        `extension "${name}" is not bundled with PGlite (bundled: ${bundledExtensions().join(", ")})`,
      );
    out[id] = mod[id];
  }
  return out;
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
