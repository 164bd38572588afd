import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { RemodelError } from "../../core/errors.js";
import { GENERATED_HEADER, pullModels, selectTables, withoutBookkeeping, type PullFramework } from "../../db/pull/index.js";
import type { SplitBy } from "../../db/pull/domains.js";
import { parseDbUrl } from "../../db/url.js";
import { UsageError } from "../command.js";
import { readDatabase, requireUrl } from "./db-run.js";
import type { DbArgs } from "./db.js";

const FRAMEWORKS = ["sqlalchemy", "sqlmodel", "django", "tortoise"];
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
  if (existsSync(out) && readdirSync(out).length && !values.force) throw new RemodelError(`${values.out} exists and is not empty (use --force to overwrite its files)`);
  const db = await readDatabase(url, values, io);
  const tables = Array.isArray(values.tables) ? (values.tables as string[]).flatMap((t) => t.split(",")) : undefined;
  const files = pullModels(db, { framework, splitBy, sqlalchemy: version, tables });
  const chosen = selectTables(withoutBookkeeping(db.schema), tables);
  // Write into a sibling directory, then move it into place: an interrupted pull leaves nothing half-written.
  const tmp = `${out}.remodel-tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), text);
  }
  if (existsSync(out)) {
    // Files an earlier pull wrote and this one does not: stale modules would define tables twice.
    for (const name of readdirSync(out)) {
      if (!name.endsWith(".py") || files.has(name)) continue;
      if (readFileSync(join(out, name), "utf8").startsWith(GENERATED_HEADER)) rmSync(join(out, name));
    }
    for (const path of files.keys()) renameSync(join(tmp, path), join(out, path));
    rmSync(tmp, { recursive: true, force: true });
  } else {
    mkdirSync(dirname(out), { recursive: true });
    renameSync(tmp, out);
  }
  if (values.json) io.out(JSON.stringify({ out, files: [...files.keys()], tables: chosen.tables.length, enums: chosen.enums.length }, null, 2) + "\n");
  else io.out(`wrote ${files.size} files for ${chosen.tables.length} tables and ${chosen.enums.length} enums to ${values.out}\n`);
  return 0;
}
