import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { isRevisionFileName, locateVersions } from "../alembic/index.js";
import { RemodelError } from "../core/errors.js";
import { outsidePackages } from "../project/roots.js";
import type { Introspection } from "./connection.js";
import { bundledExtensions } from "./pglite-extensions.js";
import { connect } from "./registry.js";

/** Where migrations come from: an Alembic environment (run offline) or a folder of .sql files. */
export type MigrationSource =
  | { kind: "alembic"; ini: string | null; scriptLocation: string }
  | { kind: "sql"; dir: string; files: string[] };

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
    const ini = [join(dir, "alembic.ini"), join(dirname(dir), "alembic.ini"), join(root, "alembic.ini")].find(
      existsSync,
    );
    if (existsSync(join(dir, "env.py"))) return { kind: "alembic", ini: ini ?? null, scriptLocation: dir };
    if (existsSync(join(dir, "alembic.ini")))
      return { kind: "alembic", ini: join(dir, "alembic.ini"), scriptLocation: "" };
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    if (files.length) return { kind: "sql", dir, files };
  }
  if (migrations)
    throw new RemodelError(
      `${migrations}: neither an Alembic directory (env.py next to alembic.ini) nor a folder of .sql files`,
    );
  // Elsewhere in the tree: the environments `remodel alembic` and `check` find (config files that
  // set script_location, env.py beside versions/), when there is exactly one.
  const found = locateVersions(root);
  if (found.length === 1) {
    const env = found[0];
    const ini = env.configFiles.find((f) => f.endsWith(".ini"));
    return { kind: "alembic", ini: ini ?? null, scriptLocation: env.scriptDir };
  }
  if (found.length > 1)
    throw new RemodelError(
      `several Alembic environments in ${root} (${found.map((e) => relative(root, e.scriptDir) || ".").join(", ")}); pass --migrations DIR`,
    );
  throw new RemodelError(`no migrations found in ${root} (no alembic.ini; pass --migrations DIR)`);
}

/**
 * The SQL the migrations would run against PostgreSQL. Alembic runs offline (`upgrade head --sql`)
 * with a copy of alembic.ini whose sqlalchemy.url names PostgreSQL: nothing connects anywhere.
 */
export function migrationSql(
  src: MigrationSource,
  python: string,
  root: string,
): { sql: string; skipped: SkippedMigration[] } {
  if (src.kind === "sql")
    return { sql: src.files.map((f) => readFileSync(join(src.dir, f), "utf8")).join(";\n"), skipped: [] };
  const iniDir = src.ini ? dirname(src.ini) : root;
  let ini = (src.ini ? readFileSync(src.ini, "utf8") : MINIMAL_INI).replace(
    /^\s*sqlalchemy\.url\s*=.*$/m,
    "sqlalchemy.url = postgresql://remodel@localhost/remodel",
  );
  if (!/^\s*sqlalchemy\.url\s*=/m.test(ini))
    ini = ini.replace(/^\[alembic\]\s*$/m, "[alembic]\nsqlalchemy.url = postgresql://remodel@localhost/remodel");
  // The copy lives in a temporary folder: `%(here)s` (script_location, version_locations,
  // prepend_sys_path) must still mean the original's folder.
  ini = ini.replace(/%\(here\)s/g, iniDir.replace(/%/g, "%%"));
  const written = /^\s*script_location\s*=\s*(.+)$/m.exec(ini)?.[1].trim().replace(/%%/g, "%");
  const location = src.scriptLocation || resolve(iniDir, written ?? "alembic");
  // `%` starts an interpolation in configparser: a path containing one must double it.
  ini = ini.replace(/^\s*script_location\s*=.*$/m, `script_location = ${location.replace(/%/g, "%%")}`);
  const tmp = mkdtempSync(join(tmpdir(), "remodel-alembic-"));
  try {
    writeFileSync(join(tmp, "alembic.ini"), ini);
    const paths = [...new Set([importRoot(root), importRoot(iniDir), process.env.PYTHONPATH ?? ""])].filter(Boolean);
    const env = { ...process.env, PYTHONPATH: paths.join(delimiter), PYTHONDONTWRITEBYTECODE: "1" };
    // The SQL goes to a file (Config's output_buffer), not stdout: a migration that prints, or a
    // logging handler on stdout, would otherwise be applied as SQL.
    writeFileSync(join(tmp, "offline.py"), OFFLINE_RUNNER);
    const out = join(tmp, "upgrade.sql");
    const r = spawnSync(python, [join(tmp, "offline.py"), join(tmp, "alembic.ini"), out, join(tmp, "skipped.json")], {
      cwd: importRoot(iniDir),
      env,
      encoding: "utf8",
      maxBuffer: 256 << 20,
      timeout: 300_000,
    });
    if (r.error)
      throw new RemodelError(`cannot run ${python}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
    if (r.status !== 0)
      throw new RemodelError(
        `alembic upgrade head --sql failed: ${pythonError(r.stderr || r.stdout, location, root) ?? `exit ${r.status}`}`,
      );
    const skipped = (JSON.parse(readFileSync(join(tmp, "skipped.json"), "utf8")) as SkippedMigration[]).map((x) => ({
      ...x,
      path: relative(root, x.path),
    }));
    return { sql: readFileSync(out, "utf8"), skipped };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `alembic upgrade head --sql`, with the SQL written to a file. */
const OFFLINE_RUNNER = String.raw`import json
import sys
import traceback

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

# A data migration reads rows: offline nothing is connected (what op.get_bind().execute() and
# op.execute() return is None), so it cannot run. Such a revision is skipped and reported, by file and line;
# any other error stays an error.
skipped = []
_from_config = ScriptDirectory.from_config


def offline_only(e):
    return (isinstance(e, (AttributeError, TypeError)) and "'NoneType'" in str(e)) or type(e).__name__ == "UnboundExecutionError"


def from_config(config, *a, **k):
    scripts = _from_config(config, *a, **k)
    for rev in scripts.walk_revisions():
        up = getattr(rev.module, "upgrade", None)
        if up is None or getattr(up, "_remodel", False):
            continue

        def wrapped(*args, _up=up, _path=rev.path, **kw):
            try:
                return _up(*args, **kw)
            except Exception as e:
                if not offline_only(e):
                    raise
                frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == _path]
                skipped.append({"path": _path, "line": frames[-1].lineno if frames else None, "error": "%s: %s" % (type(e).__name__, e)})

        wrapped._remodel = True
        rev.module.upgrade = wrapped
    return scripts


ScriptDirectory.from_config = staticmethod(from_config)
with open(sys.argv[2], "w") as out:
    command.upgrade(Config(sys.argv[1], output_buffer=out), "head", sql=True)
with open(sys.argv[3], "w") as f:
    json.dump(skipped, f)
`;

/** A revision offline mode could not run (it reads data), by file and line. */
export interface SkippedMigration {
  path: string;
  line: number | null;
  error: string;
}

/**
 * A Python traceback as one line that names the migration's file and line: the innermost frame
 * in the script directory (else in the project), then the exception.
 */
export function pythonError(stderr: string, scripts: string, root: string): string | null {
  const lines = stderr.trim().split("\n").filter(Boolean);
  const last = lines.pop();
  if (!last) return null;
  const frames = [...stderr.matchAll(/^\s*File "([^"]+)", line (\d+)/gm)].map((m) => ({
    file: resolve(m[1]),
    line: m[2],
  }));
  const inside = (dir: string) => frames.filter((f) => f.file.startsWith(resolve(dir) + "/")).pop();
  const frame = inside(scripts) ?? inside(root);
  return frame ? `${relative(root, frame.file)}:${frame.line}: ${last}` : last;
}

/**
 * The directory a package is imported from: ROOT itself when it is not a package, else the first
 * parent that is not. (ROOT on sys.path inside a package would let its `types.py` shadow the
 * standard library's.)
 */
const importRoot = outsidePackages;

/** Applies migration SQL to a fresh in-memory PGlite database and reads its schema (minus alembic_version). */
export async function migratedSchema(sql: string, src?: MigrationSource, root = "."): Promise<Introspection> {
  const extensions = extensionsIn(sql);
  const available = new Set(bundledExtensions());
  for (const e of extensions) {
    if (e === "plpgsql" || available.has(e)) continue;
    const where = src
      ? locate(src, new RegExp(`CREATE\\s+EXTENSION[^\\n]*\\b${e.replace(/[-]/g, "\\-")}\\b`, "i"), root)
      : null;
    throw new RemodelError(
      `${where ? `${where}: ` : ""}the migrations create extension "${e}", which PGlite does not bundle (bundled: ${[...available].join(", ")})`,
    );
  }
  const db = await connect("pglite:", { writable: true, extensions });
  try {
    await db.execute!(sql);
    const result = await db.introspect();
    result.schema.tables = result.schema.tables.filter((t) => t.name !== "alembic_version");
    return result;
  } finally {
    await db.close();
  }
}

/** Extensions the SQL creates: `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"` → uuid-ossp. */
export function extensionsIn(sql: string): string[] {
  return [
    ...new Set(
      [...sql.matchAll(/CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("?)([\w-]+)\1/gi)].map((m) =>
        m[2].toLowerCase(),
      ),
    ),
  ];
}

/** The first migration file and line matching `re`: the .sql file, or the Alembic revision. */
function locate(src: MigrationSource, re: RegExp, root: string): string | null {
  const files = src.kind === "sql" ? src.files.map((f) => join(src.dir, f)) : revisionFiles(src, root);
  for (const f of files) {
    const lines = readFileSync(f, "utf8").split("\n");
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return `${relative(root, f)}:${i + 1}`;
  }
  return null;
}

/** The revision files Alembic would load: the `version_locations` of the config, else `versions/`. */
function revisionFiles(src: Extract<MigrationSource, { kind: "alembic" }>, root: string): string[] {
  let dirs: string[];
  try {
    dirs = locateVersions(root, src.ini ?? src.scriptLocation).flatMap((l) => l.versionDirs);
  } catch {
    return []; // only used to point at a line in an error message
  }
  return dirs.flatMap((d) =>
    existsSync(d)
      ? readdirSync(d)
          .filter(isRevisionFileName)
          .sort()
          .map((f) => join(d, f))
      : [],
  );
}
