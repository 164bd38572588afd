import { git, gitSucceeds } from "../core/git.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { findRoot } from "../project/roots.js";
import { RemodelError } from "../core/errors.js";
import { extractSchema } from "../orm/index.js";
import { loadPythonFiles, type LoadOptions } from "../orm/loader.js";
import { SummaryMemo } from "../orm/summary-memo.js";
import type { Schema } from "./model.js";

/** Reads a schema JSON file written by `remodel schema --json` (or a runtime dump). */
export function readSchemaFile(path: string): Schema {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new RemodelError(`${path}: not a schema JSON file (${(e as Error).message})`);
  }
  const s = data as Schema;
  if (!s || s.version !== 1 || !Array.isArray(s.tables))
    throw new RemodelError(`${path}: not a Remodel schema (expected {"version": 1, "tables": [...]})`);
  s.enums ??= [];
  return s;
}

/**
 * What `remodel schema` and `remodel docs` read, found the way every command finds it: the project
 * root is the nearest folder at or above PATH with pyproject.toml, setup.cfg, setup.py or .git
 * (as `check` does), so names resolve across the whole project; the tables shown are those
 * defined under `only` (PATH itself when PATH is a subfolder, or `--only`). A folder with no
 * Python files is an error (exit 2), as in ruff.
 */
export interface ProjectScope {
  root: string;
  /** Path below the root whose tables are kept ("" for all), forward slashes. */
  only: string;
}

export function projectScope(path: string, only: string | null): ProjectScope {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new RemodelError(`${path}: no such directory`);
  const root = findRoot(abs);
  const below = (p: string) => relative(root, resolve(p)).split("\\").join("/");
  const scope = only !== null ? below(only) : below(abs);
  if (scope.startsWith("..")) throw new RemodelError(`${only ?? path}: outside the project at ${root}`);
  return { root, only: scope };
}

export class NoPythonFiles extends RemodelError {}

export interface ScopeOptions extends LoadOptions {
  /**
   * Keep what is known of each file's content in the project's cache folder (the walk, the text
   * test, the names scan and the parsed summary, by content hash): a second run parses only the
   * files that changed. The extraction itself always runs, so its output is always current.
   */
  cache?: boolean;
}

/** The schema of a project scope: the whole project read, the tables, enums and notes under `only` kept. */
export function schemaOfScope(scope: ProjectScope, opts: ScopeOptions = {}): Schema {
  const memo = opts.cache ? new SummaryMemo() : undefined;
  memo?.attach(scope.root);
  const files = loadPythonFiles(scope.root, { ...opts, memo });
  const under = (p: string | undefined) =>
    scope.only === "" || (p !== undefined && (p === scope.only || p.startsWith(scope.only + "/")));
  if (!files.some((f) => under(f.path)))
    throw new NoPythonFiles(`no Python files found under ${scope.only || scope.root}`);
  const all = extractSchema(files, memo ? { memo } : {});
  memo?.save();
  if (scope.only === "") return all;
  const tables = all.tables.filter((t) => under(t.source?.path));
  const used = new Set(tables.flatMap((t) => t.columns.flatMap((c) => [c.type.enum, c.type.item?.enum, c.valuesOf])));
  const enums = all.enums.filter((e) => used.has(e.name) || under(e.source?.path));
  const notes = all.notes?.filter((n) => under(n.source?.path));
  return { ...all, tables, enums, ...(notes?.length ? { notes } : { notes: undefined }) };
}

/**
 * Extracts the schema of the models under a directory from source, their modules named as in the
 * project holding it (found as `check` finds it), so that imports across it resolve by name.
 */
export function schemaOfDirectory(dir: string, opts: LoadOptions = {}): Schema {
  return extractSchema(loadPythonFiles(dir, { projectRoot: findRoot(dir), ...opts }));
}

/**
 * The schema at a git revision of the project under `root`: the revision's tree is written to a
 * temporary directory with `git archive | tar -x` (the work tree is not touched), extracted, and
 * the directory removed. `root` may be a subfolder of the repository; the same subfolder is read.
 */
export function schemaAtRevision(root: string, rev: string, opts: LoadOptions = {}): Schema {
  const top = git(root, ["rev-parse", "--show-toplevel"]).trim();
  const prefix = git(root, ["rev-parse", "--show-prefix"]).trim();
  const commit = git(top, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]).trim();
  const tmp = mkdtempSync(join(tmpdir(), "remodel-rev-"));
  try {
    const tar = join(tmp, "tree.tar");
    git(top, ["archive", "--format=tar", "-o", tar, commit]);
    const out = join(tmp, "tree");
    const r = spawnSync("sh", ["-c", 'mkdir -p "$1" && tar -xf "$2" -C "$1"', "sh", out, tar], { encoding: "utf8" });
    if (r.status !== 0) throw new RemodelError(`tar: ${r.stderr.trim()}`);
    return schemaOfDirectory(join(out, prefix), opts);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A diff side: a schema JSON file, a project directory, or a git revision of the project at root. */
export function loadSide(root: string, spec: string, opts: LoadOptions = {}, cwd = root): Schema {
  const path = [resolve(cwd, spec), resolve(root, spec)].find((p) => existsSync(p));
  const candidate = path ?? null;
  if (candidate && statSync(candidate).isFile()) return readSchemaFile(candidate);
  if (candidate && statSync(candidate).isDirectory() && !looksLikeRevision(root, spec))
    return schemaOfDirectory(candidate, opts);
  return schemaAtRevision(root, spec, opts);
}

function looksLikeRevision(root: string, spec: string): boolean {
  return gitSucceeds(root, ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`]) && !existsSync(join(root, spec));
}
