import { DIALECTS } from "../../db/dialect.js";
import { OUTPUT_FORMAT_HELP, reportOptions } from "../reporters/output-format.js";
import { commonOptions, UsageError, type Command, type Io, type Values } from "../command.js";

const USAGE = `usage:
  remodel db diff --url URL [ROOT] [--schema FILE.json] [--db-schema NAME] [--ignore TABLE_GLOB]... [--timeout SECONDS] [--json] [--output-format FMT]
  remodel db ddl [ROOT] [--schema FILE.json] [--dialect ${DIALECTS.join("|")}]
  remodel db pull --url URL --out DIR [--framework sqlalchemy|sqlmodel|django|tortoise]
                  [--split-by domain|table|none] [--sqlalchemy 2.0|1.4] [--tables GLOB,...] [--force]
  remodel db check-migrations [ROOT] [--schema FILE.json] [--python PYTHON] [--migrations DIR] [--json] [--output-format FMT]
  remodel db inspect --url URL [--db-schema NAME] [--timeout SECONDS]   (the database's schema as JSON)

URL as in SQLAlchemy: postgresql+asyncpg://user:pw@host/db, mysql+pymysql://root@host/db,
sqlite:///relative.db, sqlite:////absolute.db, pglite: (in memory), pglite:./dir.
--url defaults to $DATABASE_URL. alembic_version, django_migrations, aerich and spatial_ref_sys
are never drift; --ignore adds more (wildcards * and ?).
  --db-schema NAME   the PostgreSQL schema to read (default: the URL's, else public)
  --timeout SECONDS  give up connecting after this long
${OUTPUT_FORMAT_HELP} (diff, check-migrations)
Exit: 0 no drift, 1 drift, 2 usage, connection or I/O error.`;

export interface DbArgs {
  root: string;
  values: Values;
  io: Io;
}

/** `remodel db SUBCOMMAND`: one registry entry, dispatching on the first positional. */
const command: Command = {
  name: "db",
  summary: "compare models with a live database, write DDL, pull models from a database",
  usage: USAGE,
  // These read source files directly and cache nothing: --no-cache is accepted for uniformity.
  options: {
    "no-cache": { type: "boolean" },
    ...commonOptions,
    ...reportOptions,
    url: { type: "string" },
    schema: { type: "string" },
    "db-schema": { type: "string" },
    dialect: { type: "string" },
    out: { type: "string" },
    framework: { type: "string" },
    "split-by": { type: "string" },
    sqlalchemy: { type: "string" },
    force: { type: "boolean" },
    python: { type: "string" },
    migrations: { type: "string" },
    timeout: { type: "string" },
    ignore: { type: "string", multiple: true },
    tables: { type: "string", multiple: true },
  },
  async run({ positionals, values, io }) {
    const [sub, root = ".", ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const args: DbArgs = { root, values, io };
    if (values["output-format"] !== undefined && sub !== "diff" && sub !== "check-migrations")
      throw new UsageError("--output-format applies to `db diff` and `db check-migrations`");
    switch (sub) {
      case "diff":
        return (await import("./db-run.js")).runDiff(args);
      case "ddl":
        return (await import("./db-run.js")).runDdl(args);
      case "inspect":
        return (await import("./db-run.js")).runInspect(args);
      case "pull":
        return (await import("./db-pull.js")).runPull(args);
      case "check-migrations":
        return (await import("./db-migrations.js")).runCheckMigrations(args);
      case undefined:
        throw new UsageError("missing subcommand (diff, ddl, pull, check-migrations, inspect)");
      default:
        throw new UsageError(`unknown subcommand '${sub}'`);
    }
  },
};

export default command;
