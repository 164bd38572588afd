import pg from "pg";
import type { ConnectOptions, DbConnection } from "./connection.js";
import { connectError, queryError } from "./errors.js";
import { introspectPostgres } from "./postgres-introspect.js";
import { tlsOptions, type DbUrl } from "./url.js";

/** PostgreSQL through `pg`. Read-only sessions unless opened writable. */
export async function connectPostgres(url: DbUrl, opts: ConnectOptions = {}): Promise<DbConnection> {
  const timeout = opts.timeoutMs ?? 10_000;
  const client = new pg.Client({
    host: url.host,
    port: url.port,
    user: url.user ?? "postgres",
    password: url.password,
    database: url.database ?? url.user ?? "postgres",
    connectionTimeoutMillis: timeout,
    statement_timeout: 60_000,
    ssl: tlsOptions(url.ssl),
    options: opts.writable ? undefined : "-c default_transaction_read_only=on",
  });
  client.on("error", () => {}); // a dropped connection surfaces on the next query instead
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw connectError(url, e);
  }
  const query = async (sql: string, params: unknown[]) => {
    try {
      return (await client.query(sql, params)).rows;
    } catch (e) {
      throw queryError(url, e);
    }
  };
  return {
    dialect: "postgresql",
    introspect: () => introspectPostgres(query, url.schema),
    execute: opts.writable ? async (sql) => void (await query(sql, [])) : undefined,
    close: () => client.end(),
  };
}
