import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { DIALECTS, dialectList, isDialect } from "../../db/dialect.js";
import { RemodelError } from "../../core/errors.js";
import { loadPythonFiles } from "../../orm/loader.js";
import { SummaryMemo } from "../../orm/summary-memo.js";
import { findRoot } from "../../project/roots.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { json } from "../project-arg.js";
import type { SqlFile } from "../../sql/inventory.js";

const USAGE = `usage:
  remodel sql inventory [ROOT] [--dialect ${DIALECTS.join("|")}] [--json] [--no-cache]
  remodel sql convert FILE[::FUNCTION] --out PACKAGE [--python PY] [--url URL] [--style core|orm] [--root DIR] [--json]

inventory: every raw SQL call site (sqlite3, psycopg2/psycopg, asyncpg, PyMySQL/mysqlclient,
SQLAlchemy text()/exec_driver_sql, Django cursor.execute/.raw) with the route that reaches it, its
statement, tables and a verdict: convertible, dynamic, not-orm or unknown. SQL built with
f-strings, %-formatting, .format() or + from a variable is reported as RM200.
  --no-cache   neither read nor write the project's .remodel_cache (what is known of each
               file's content, shared with \`remodel schema\`)
convert: rewrites the functions of FILE (or one) on SQLAlchemy select/insert/update/delete,
proves each against a scratch database by running old and new, and writes only proven ones to
PACKAGE/<module>.py with a differential test PACKAGE/test_<module>_differential.py.
  --root DIR   the project whose models the converted code uses (default: the current directory,
               or the folder of FILE when FILE is outside it)
Exit: 0 clean, 1 RM200 findings (inventory) or functions left (convert), 2 usage or I/O error.`;

const command: Command = {
  name: "sql",
  summary: "inventory raw SQL call sites; convert them to SQLAlchemy, proven by running both",
  usage: USAGE,
  options: {
    ...commonOptions,
    dialect: { type: "string" },
    out: { type: "string" },
    python: { type: "string" },
    url: { type: "string" },
    style: { type: "string" },
    root: { type: "string" },
    "no-cache": { type: "boolean" },
  },
  async run({ positionals, values, io }) {
    const [sub, arg, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const dialect = values.dialect as string | undefined;
    if (dialect && !isDialect(dialect)) throw new UsageError(`unknown --dialect '${dialect}' (${dialectList()})`);
    if (sub === "inventory") {
      const root = resolve(io.cwd, arg ?? ".");
      if (!existsSync(root) || !statSync(root).isDirectory())
        throw new RemodelError(`${arg ?? "."}: no such directory`);
      const { inventory } = await import("../../sql/inventory.js");
      const { formatInventory, injectionLines, inventoryJson } = await import("../../sql/report.js");
      const projectRoot = findRoot(root);
      // The models are read as `remodel schema` reads them: through the project's content cache.
      const memo = values["no-cache"] === true ? undefined : new SummaryMemo();
      memo?.attach(projectRoot);
      // Every file's text is scanned for SQL; a file keeps its content hash, by which the memo knows it.
      const files: SqlFile[] = loadPythonFiles(root, { projectRoot, memo }).map((f) =>
        "text" in f ? (f as SqlFile) : { ...f, text: f.read() },
      );
      const inv = await inventory(files, {
        dialect: dialect as never,
        memo,
      });
      memo?.save();
      io.out(values.json ? json(inventoryJson(inv.sites)) : formatInventory(inv.sites));
      return injectionLines(inv.sites).length ? 1 : 0;
    }
    if (sub === "convert") {
      if (!arg) throw new UsageError("sql convert needs FILE[::FUNCTION]");
      if (typeof values.out !== "string") throw new UsageError("sql convert needs --out PACKAGE");
      const style = (values.style as string | undefined) ?? "core";
      if (style !== "core" && style !== "orm") throw new UsageError(`unknown --style '${style}' (core or orm)`);
      const { runConvert } = await import("../../sql/convert/run.js");
      return runConvert({
        target: arg,
        out: values.out,
        python: values.python as string | undefined,
        url: values.url as string | undefined,
        style,
        root: values.root as string | undefined,
        dialect: dialect as never,
        json: Boolean(values.json),
        io,
      });
    }
    if (sub === undefined) throw new UsageError("missing subcommand (inventory, convert)");
    throw new UsageError(`unknown subcommand '${sub}'`);
  },
};

export default command;
