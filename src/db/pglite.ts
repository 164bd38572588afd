import { PGlite } from "@electric-sql/pglite";
import type { ConnectOptions, DbConnection } from "./connection.js";
import { connectError, queryError } from "./errors.js";
import { introspectPostgres } from "./postgres-introspect.js";
import type { DbUrl } from "./url.js";

/** PGlite: PostgreSQL compiled to WebAssembly, in memory (`pglite:`) or in a directory (`pglite:./dir`). */
export async function connectPglite(url: DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  let db: PGlite;
  try {
    db = await PGlite.create(url.path ?? undefined);
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
