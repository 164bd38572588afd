import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { RemodelError } from "../core/errors.js";
import type { Introspection } from "./connection.js";
import { connect } from "./registry.js";

/** Where migrations come from: an Alembic environment (run offline) or a folder of .sql files. */
export type MigrationSource = { kind: "alembic"; ini: string | null; scriptLocation: string } | { kind: "sql"; dir: string; files: string[] };

// For a script directory without an alembic.ini of its own (Backend.AI keeps its ini elsewhere):
// env.py files commonly call logging.config.fileConfig on it, so it carries logging sections.
const MINIMAL_INI = `[alembic]
script_location = .

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;

/**
 * Finds the migrations of a project: `--migrations DIR` (an Alembic script directory with env.py,
 * or a folder of .sql files applied in name order), else alembic.ini in ROOT, else ROOT/migrations.
 */
export function findMigrations(root: string, migrations?: string): MigrationSource {
  const candidates = migrations ? [resolve(root, migrations)] : [root, join(root, "migrations"), join(root, "alembic")];
  for (const dir of candidates) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const ini = [join(dir, "alembic.ini"), join(dirname(dir), "alembic.ini"), join(root, "alembic.ini")].find(existsSync);
    if (existsSync(join(dir, "env.py"))) return { kind: "alembic", ini: ini ?? null, scriptLocation: dir };
    if (existsSync(join(dir, "alembic.ini"))) return { kind: "alembic", ini: join(dir, "alembic.ini"), scriptLocation: "" };
    const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    if (files.length) return { kind: "sql", dir, files };
  }
  throw new RemodelError(migrations ? `${migrations}: neither an Alembic directory (env.py next to alembic.ini) nor a folder of .sql files` : `no migrations found in ${root} (no alembic.ini; pass --migrations DIR)`);
}

/**
 * The SQL the migrations would run against PostgreSQL. Alembic runs offline (`upgrade head --sql`)
 * with a copy of alembic.ini whose sqlalchemy.url names PostgreSQL: nothing connects anywhere.
 */
export function migrationSql(src: MigrationSource, python: string, root: string): string {
  if (src.kind === "sql") return src.files.map((f) => readFileSync(join(src.dir, f), "utf8")).join(";\n");
  const iniDir = src.ini ? dirname(src.ini) : root;
  let ini = (src.ini ? readFileSync(src.ini, "utf8") : MINIMAL_INI).replace(/^\s*sqlalchemy\.url\s*=.*$/m, "sqlalchemy.url = postgresql://remodel@localhost/remodel");
  if (!/^\s*sqlalchemy\.url\s*=/m.test(ini)) ini = ini.replace(/^\[alembic\]\s*$/m, "[alembic]\nsqlalchemy.url = postgresql://remodel@localhost/remodel");
  const location = src.scriptLocation || resolve(iniDir, /^\s*script_location\s*=\s*(.+)$/m.exec(ini)?.[1].trim() ?? "alembic");
  // `%` starts an interpolation in configparser: a path containing one must double it.
  ini = ini.replace(/^\s*script_location\s*=.*$/m, `script_location = ${location.replace(/%/g, "%%")}`);
  const tmp = mkdtempSync(join(tmpdir(), "remodel-alembic-"));
  try {
    writeFileSync(join(tmp, "alembic.ini"), ini);
    const paths = [...new Set([importRoot(root), importRoot(iniDir), process.env.PYTHONPATH ?? ""])].filter(Boolean);
    const env = { ...process.env, PYTHONPATH: paths.join(delimiter), PYTHONDONTWRITEBYTECODE: "1" };
    const r = spawnSync(python, ["-m", "alembic", "-c", join(tmp, "alembic.ini"), "upgrade", "head", "--sql"], { cwd: importRoot(iniDir), env, encoding: "utf8", maxBuffer: 256 << 20, timeout: 300_000 });
    if (r.error) throw new RemodelError(`cannot run ${python}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
    if (r.status !== 0) {
      const last = (r.stderr || r.stdout).trim().split("\n").filter(Boolean).pop() ?? `exit ${r.status}`;
      throw new RemodelError(`alembic upgrade head --sql failed: ${last}`);
    }
    return r.stdout;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The directory a package is imported from: ROOT itself when it is not a package, else the first
 * parent that is not. (ROOT on sys.path inside a package would let its `types.py` shadow the
 * standard library's.)
 */
function importRoot(dir: string): string {
  let d = resolve(dir);
  while (existsSync(join(d, "__init__.py")) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Applies migration SQL to a fresh in-memory PGlite database and reads its schema (minus alembic_version). */
export async function migratedSchema(sql: string): Promise<Introspection> {
  const db = await connect("pglite:", { writable: true });
  try {
    await db.execute!(sql);
    const result = await db.introspect();
    result.schema.tables = result.schema.tables.filter((t) => t.name !== "alembic_version");
    return result;
  } finally {
    await db.close();
  }
}
