import { RemodelError } from "../core/errors.js";
import { redact, type DbUrl } from "./url.js";

/** Turns a driver's connection failure into one clear line (exit 2). */
export function connectError(url: DbUrl, e: unknown): RemodelError {
  const err = e as { code?: string; errno?: number; message?: string };
  const code = err?.code ?? "";
  const where = url.host ? `${url.host}:${url.port}` : (url.path ?? "memory");
  let why = err?.message?.split("\n")[0] || String(e);
  if (code === "ECONNREFUSED") why = `connection refused at ${where} (is the server running?)`;
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN") why = `unknown host ${url.host}`;
  else if (code === "ETIMEDOUT" || /timeout/i.test(why)) why = `timed out connecting to ${where}`;
  else if (
    code === "28P01" ||
    code === "28000" ||
    code.startsWith("ER_ACCESS_DENIED") ||
    code === "ER_DBACCESS_DENIED_ERROR"
  )
    why = `credentials refused for user '${url.user ?? ""}': ${why}`;
  else if (code === "3D000" || code === "ER_BAD_DB_ERROR") why = `database '${url.database}' does not exist`;
  else if (code === "SQLITE_CANTOPEN") why = `cannot open SQLite file ${url.path}`;
  else if (/does not support SSL|secure connection/i.test(why))
    why = `the server does not accept TLS, which the URL requires (${url.ssl?.mode})`;
  return new RemodelError(redact(`cannot connect to ${url.display}: ${why}`, url));
}

/** A failure while reading or running SQL after connecting. */
export function queryError(url: DbUrl, e: unknown): RemodelError {
  return new RemodelError(redact(`${url.display}: ${(e as Error)?.message?.split("\n")[0] ?? String(e)}`, url));
}
