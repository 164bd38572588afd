import { readFileSync } from "node:fs";
import { RemodelError } from "../core/errors.js";
import { type Dialect, dialectOfScheme, dialects } from "./dialect.js";

export type { Dialect } from "./dialect.js";
/** A dialect's own driver, or PGlite (PostgreSQL in process). */
export type Engine = Dialect | "pglite";

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
  /** TLS as the URL asks for it (`sslmode=`, `ssl=`, `ssl_ca=`...); absent: no TLS. */
  ssl?: SslOptions;
  /** The URL with the password hidden, for messages. */
  display: string;
}

/**
 * `require`: encrypted, the server's certificate not checked (libpq's meaning); `verify-ca`: the
 * certificate must chain to `ca` (or the system's roots); `verify-full`: and name the host.
 */
export interface SslOptions {
  mode: "require" | "verify-ca" | "verify-full";
  /** Paths of PEM files: `sslrootcert`/`ssl_ca`, `sslcert`/`ssl_cert`, `sslkey`/`ssl_key`. */
  ca?: string;
  cert?: string;
  key?: string;
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
    return {
      engine: "pglite",
      dialect: "postgresql",
      path: p === "" || p === "memory" ? null : p,
      schema: "public",
      display: raw,
    };
  }
  const spec = dialectOfScheme(scheme);
  if (!spec)
    throw new RemodelError(
      `unsupported database '${scheme}' in URL (supported: ${[...Object.values(dialects).flatMap((d) => d.url.schemes), "pglite"].join(", ")})`,
    );
  if (spec.url.defaultPort === null) return fileUrl(spec.name, rest, raw);
  const engine: Engine = spec.name;
  const { user, password, rest: hostPart } = splitUserInfo(rest);
  let u: URL;
  try {
    // A scheme of no special meaning to WHATWG URL parsing, whichever the database.
    u = new URL(`db:${hostPart}`);
  } catch {
    throw new RemodelError(`cannot parse database URL '${hidePassword(raw)}'`);
  }
  const search = u.searchParams;
  const searchPath = /-csearch_path=([^\s,]+)/.exec(search.get("options") ?? "")?.[1];
  return {
    engine,
    dialect: spec.name,
    host: u.hostname || "localhost",
    port: u.port ? Number(u.port) : spec.url.defaultPort,
    user: user || undefined,
    password: password || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    schema:
      spec.url.defaultSchema === null ? undefined : (search.get("schema") ?? searchPath ?? spec.url.defaultSchema),
    ...sslOf(search, raw),
    display: hidePassword(raw),
  };
}

/**
 * `//user:password@host...`: the password runs to the LAST `@`, so that an unencoded `@`, `/`,
 * `:`, `?` or `#` in it is still the password (a host, port, path or query never holds an `@`).
 */
function splitUserInfo(rest: string): { user: string; password: string; rest: string } {
  if (!rest.startsWith("//")) return { user: "", password: "", rest };
  const head = rest;
  const at = head.lastIndexOf("@");
  if (at < 0) return { user: "", password: "", rest };
  const info = head.slice(2, at);
  const colon = info.indexOf(":");
  const dec = (x: string) => {
    try {
      return decodeURIComponent(x);
    } catch {
      return x;
    }
  };
  return {
    user: dec(colon < 0 ? info : info.slice(0, colon)),
    password: colon < 0 ? "" : dec(info.slice(colon + 1)),
    rest: `//${rest.slice(at + 1)}`,
  };
}

const PG_SSLMODES: Record<string, SslOptions["mode"] | null> = {
  disable: null,
  allow: null,
  prefer: null,
  require: "require",
  "verify-ca": "verify-ca",
  "verify-full": "verify-full",
};

/**
 * libpq's `sslmode` (and asyncpg's `ssl=`), PyMySQL's `ssl_ca`/`ssl_cert`/`ssl_key`, mysqlclient's
 * `ssl_mode`, and `ssl=true`. `allow` and `prefer` (try TLS, fall back to plain) are read as
 * plain: the Node drivers cannot fall back, and a read that silently lost TLS would be worse.
 */
function sslOf(search: URLSearchParams, raw: string): { ssl?: SslOptions } {
  const get = (...names: string[]) => names.map((n) => search.get(n)).find((v) => v != null) ?? undefined;
  const files = { ca: get("sslrootcert", "ssl_ca"), cert: get("sslcert", "ssl_cert"), key: get("sslkey", "ssl_key") };
  const clean = Object.fromEntries(Object.entries(files).filter(([, v]) => v)) as Partial<SslOptions>;
  let word = get("sslmode", "ssl_mode", "ssl")?.toLowerCase();
  if (word === undefined)
    return clean.ca || clean.cert ? { ssl: { mode: clean.ca ? "verify-ca" : "require", ...clean } } : {};
  word =
    (
      {
        true: "require",
        "1": "require",
        false: "disable",
        "0": "disable",
        required: "require",
        disabled: "disable",
        preferred: "prefer",
        verify_identity: "verify-full",
        verify_ca: "verify-ca",
      } as Record<string, string>
    )[word] ?? word;
  if (!(word in PG_SSLMODES)) {
    throw new RemodelError(
      `unknown ssl mode '${word}' in ${hidePassword(raw)} (expected disable, require, verify-ca or verify-full)`,
    );
  }
  const mode = PG_SSLMODES[word];
  return mode ? { ssl: { mode, ...clean } } : {};
}

/** A file database's URL (a dialect with no default port), as SQLAlchemy writes SQLite's. */
function fileUrl(dialect: Dialect, rest: string, raw: string): DbUrl {
  // sqlite:///relative.db → "relative.db"; sqlite:////abs.db → "/abs.db"; sqlite:// → memory.
  const body = rest.replace(/\?.*$/, "");
  if (body === "" || body === "//" || body === "///:memory:" || body === ":memory:") {
    return { engine: dialect, dialect, path: null, display: raw };
  }
  const path = body.startsWith("///") ? body.slice(3) : body.replace(/^\/\//, "");
  return { engine: dialect, dialect, path, display: raw };
}

/** The URL with its password replaced by `***`, whatever characters the password holds. */
export function hidePassword(raw: string): string {
  const m = /^([^:]+:\/\/)(.*)$/s.exec(raw);
  if (!m) return raw;
  const head = m[2];
  const at = head.lastIndexOf("@");
  if (at < 0) return raw;
  const colon = head.slice(0, at).indexOf(":");
  if (colon < 0) return raw;
  return `${m[1]}${head.slice(0, colon)}:***${m[2].slice(at)}`;
}

/** TLS options for the Node drivers (`pg`, `mysql2` take the same shape): certificate files read here. */
export function tlsOptions(ssl: SslOptions | undefined): false | Record<string, unknown> {
  if (!ssl) return false;
  const read = (p?: string) => (p ? readFileSync(p, "utf8") : undefined);
  const o: Record<string, unknown> = { rejectUnauthorized: ssl.mode !== "require" };
  try {
    if (ssl.ca) o.ca = read(ssl.ca);
    if (ssl.cert) o.cert = read(ssl.cert);
    if (ssl.key) o.key = read(ssl.key);
  } catch (e) {
    throw new RemodelError(`cannot read a TLS file: ${(e as Error).message}`);
  }
  // verify-ca: the chain is checked, the host name is not (libpq's meaning).
  if (ssl.mode === "verify-ca") o.checkServerIdentity = () => undefined;
  return o;
}

/** A message with every spelling of the URL's password (plain and URL-encoded) masked. */
export function redact(text: string, url: DbUrl): string {
  if (!url.password) return text;
  let out = text;
  for (const p of new Set([url.password, encodeURIComponent(url.password)]))
    if (p.length >= 4) out = out.split(p).join("***"); // shorter ones would mask ordinary words
  return out;
}
