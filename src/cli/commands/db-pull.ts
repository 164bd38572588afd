import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { warningText } from "../../core/warning.js";
import { join, resolve } from "node:path";
import { RemodelError } from "../../core/errors.js";
import { recoverFolder, replaceFolder } from "../../core/replace-folder.js";
import {
  GENERATED_HEADER,
  PULL_RENDERERS,
  pullPackage,
  selectTables,
  withoutBookkeeping,
  type PullFramework,
} from "../../db/pull/index.js";
import type { SplitBy } from "../../db/pull/domains.js";
import { parseDbUrl } from "../../db/url.js";
import { UsageError } from "../command.js";
import { readDatabase, requireUrl } from "./db-run.js";
import type { DbArgs } from "./db.js";

const FRAMEWORKS = Object.keys(PULL_RENDERERS);
const SPLITS = ["domain", "table", "none"];

/** `db pull`: writes a models package for an existing database (all files or none). */
export async function runPull({ values, io }: DbArgs): Promise<number> {
  const url = parseDbUrl(requireUrl(values));
  if (typeof values["db-schema"] === "string") url.schema = values["db-schema"];
  const out = typeof values.out === "string" ? resolve(io.cwd, values.out) : null;
  if (!out) throw new UsageError("--out DIR is required");
  const framework = (values.framework ?? "sqlalchemy") as PullFramework;
  if (!FRAMEWORKS.includes(framework)) throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(", ")}`);
  const splitBy = (values["split-by"] ?? "domain") as SplitBy;
  if (!SPLITS.includes(splitBy)) throw new UsageError(`--split-by must be one of ${SPLITS.join(", ")}`);
  const version = (values.sqlalchemy ?? "2.0") as "2.0" | "1.4";
  if (!["2.0", "1.4"].includes(version)) throw new UsageError("--sqlalchemy must be 2.0 or 1.4");
  // A folder a killed pull left moved aside is put back first: it is the folder --force is about.
  recoverFolder(out);
  if (existsSync(out) && readdirSync(out).length && !values.force)
    throw new RemodelError(`${values.out} exists and is not empty (use --force to overwrite its files)`);
  const db = await readDatabase(url, values, io);
  const tables = Array.isArray(values.tables) ? (values.tables as string[]).flatMap((t) => t.split(",")) : undefined;
  const { files, keyless, warnings: notes } = pullPackage(db, { framework, splitBy, sqlalchemy: version, tables });
  const chosen = selectTables(withoutBookkeeping(db.schema), tables);
  // All files or none (one atomic folder writer). With --force into an existing folder, what is
  // not ours stays: files this pull does not write, except modules an earlier pull wrote (stale
  // modules would define tables twice).
  const cleanupWarnings = replaceFolder(out, files, {
    keep: (name) => !files.has(name) && !(name.endsWith(".py") && isGenerated(join(out, name))),
  });
  for (const w of cleanupWarnings) io.err(`remodel db pull: ${warningText(w)}\n`);
  // A table without a primary key is never silent: its stand-in key, or why it was left out.
  for (const k of keyless) io.err(`remodel db pull: warning: ${k.message}\n`);
  for (const w of notes) io.err(`remodel db pull: ${warningText(w)}\n`);
  const pulled = chosen.tables.length - keyless.filter((k) => !k.standIn).length;
  const warnings = keyless.map((k) => ({
    table: k.table,
    standInKey: k.standIn?.column ?? null,
    leftOut: !k.standIn,
    message: k.message,
  }));
  const allWarnings = [...warnings, ...notes.map((w) => ({ message: w.message }))];
  if (values.json)
    io.out(
      JSON.stringify(
        { out, files: [...files.keys()], tables: pulled, enums: chosen.enums.length, warnings: allWarnings },
        null,
        2,
      ) + "\n",
    );
  else io.out(`wrote ${files.size} files for ${pulled} tables and ${chosen.enums.length} enums to ${values.out}\n`);
  return 0;
}

function isGenerated(path: string): boolean {
  return statSync(path).isFile() && readFileSync(path, "utf8").startsWith(GENERATED_HEADER);
}
