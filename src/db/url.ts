import { RemodelError } from "../core/errors.js";

export type Dialect = "postgresql" | "sqlite" | "mysql";
export type Engine = "postgresql" | "pglite" | "sqlite" | "mysql";

/** A database URL as SQLAlchemy users write it, reduced to what a Node driver needs. */
export interface DbUrl {
  engine: Engine;
  dialect: Dialect;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** sqlite and pglite: a file or directory path; null for in-memory. */
  path?: string | null;
  /** PostgreSQL schema to read (`?schema=`, or `options=-csearch_path=`), default public. */
  schema?: string;
  /** The URL with the password hidden, for messages. */
  display: string;
}

/**
 * Parses `postgresql+asyncpg://u:p@h:5432/db`, `postgres://`, `mysql+pymysql://`, `mariadb://`,
 * `sqlite:///rel.db`, `sqlite:////abs.db`, `sqlite://` (memory), `pglite:` (memory), `pglite:./dir`.
 * The `+driver` part is ignored: Remodel brings its own drivers.
 */
export function parseDbUrl(raw: string): DbUrl {
  const m = /^([a-z0-9]+)(?:\+[a-z0-9_]+)?:(.*)$/i.exec(raw.trim());
  if (!m) throw new RemodelError(`not a database URL: '${raw}' (expected e.g. postgresql://user@host/db)`);
  const scheme = m[1].toLowerCase();
  const rest = m[2];
  if (scheme === "pglite") {
    const p = rest.replace(/^\/\//, "");
    return { engine: "pglite", dialect: "postgresql", path: p === "" || p === "memory" ? null : p, schema: "public", display: raw };
  }
  if (scheme === "sqlite") return sqliteUrl(rest, raw);
  const engine: Engine | undefined =
    scheme === "postgresql" || scheme === "postgres" ? "postgresql" : scheme === "mysql" || scheme === "mariadb" ? "mysql" : undefined;
  if (!engine) throw new RemodelError(`unsupported database '${scheme}' in URL (supported: postgresql, mysql, mariadb, sqlite, pglite)`);
  let u: URL;
  try {
    u = new URL(`${engine === "postgresql" ? "postgres" : "mysql"}:${rest}`);
  } catch {
    throw new RemodelError(`cannot parse database URL '${hidePassword(raw)}'`);
  }
  const search = u.searchParams;
  const searchPath = /-csearch_path=([^\s,]+)/.exec(search.get("options") ?? "")?.[1];
  return {
    engine,
    dialect: engine,
    host: u.hostname || "localhost",
    port: u.port ? Number(u.port) : engine === "postgresql" ? 5432 : 3306,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    schema: engine === "postgresql" ? search.get("schema") ?? searchPath ?? "public" : undefined,
    display: hidePassword(raw),
  };
}

function sqliteUrl(rest: string, raw: string): DbUrl {
  // sqlite:///relative.db → "relative.db"; sqlite:////abs.db → "/abs.db"; sqlite:// → memory.
  const body = rest.replace(/\?.*$/, "");
  if (body === "" || body === "//" || body === "///:memory:" || body === ":memory:") {
    return { engine: "sqlite", dialect: "sqlite", path: null, display: raw };
  }
  const path = body.startsWith("///") ? body.slice(3) : body.replace(/^\/\//, "");
  return { engine: "sqlite", dialect: "sqlite", path, display: raw };
}

function hidePassword(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
