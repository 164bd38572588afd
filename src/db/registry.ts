import { RemodelError } from "../core/errors.js";
import type { ConnectOptions, DbConnection } from "./connection.js";
import { dialects } from "./dialect.js";
import { parseDbUrl, type DbUrl } from "./url.js";

/**
 * The database adapters are loaded lazily so a command pays only for the driver it uses: each
 * dialect's own (`DialectSpec.connect`), and PGlite's, PostgreSQL in process (an engine, not a dialect).
 */
const pglite = async () => (await import("./pglite.js")).connectPglite;

/** Opens a database from a SQLAlchemy-style URL. Read-only unless `opts.writable`. */
export async function connect(url: string | DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  const parsed = typeof url === "string" ? parseDbUrl(url) : url;
  const adapter = parsed.engine === "pglite" ? pglite : dialects[parsed.engine].connect;
  if (!adapter) throw new RemodelError(`no driver for ${parsed.dialect} databases: Remodel writes their DDL only`);
  return (await adapter())(parsed, opts);
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
