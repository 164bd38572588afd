import type { ConnectOptions, DbConnection } from "./connection.js";
import { parseDbUrl, type DbUrl, type Engine } from "./url.js";

/**
 * The database adapters, loaded lazily so a command pays only for the driver it uses.
 * Add an engine: one file in src/db/ exporting a connect function, one line here.
 */
const adapters: Record<Engine, () => Promise<(url: DbUrl, opts?: ConnectOptions) => Promise<DbConnection>>> = {
  postgresql: async () => (await import("./postgres.js")).connectPostgres,
  pglite: async () => (await import("./pglite.js")).connectPglite,
  sqlite: async () => (await import("./sqlite.js")).connectSqlite,
  mysql: async () => (await import("./mysql.js")).connectMysql,
};

/** Opens a database from a SQLAlchemy-style URL. Read-only unless `opts.writable`. */
export async function connect(url: string | DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  const parsed = typeof url === "string" ? parseDbUrl(url) : url;
  return (await adapters[parsed.engine]())(parsed, opts);
}

/** Opens, introspects and closes. */
export async function introspectUrl(url: string | DbUrl, opts: ConnectOptions = {}) {
  const conn = await connect(url, opts);
  try {
    return await conn.introspect();
  } finally {
    await conn.close();
  }
}
