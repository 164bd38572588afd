import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { readToolConfig } from "../project/config.js";
import { recoverInterrupted } from "../core/transaction/index.js";
import { findRoot, walkPythonFiles } from "../project/discover.js";
import { decodeSource } from "../project/read-source.js";
import { moduleNameOf, rootOf, sourceRoots } from "../project/roots.js";
import type { SourceInput } from "./project.js";

const TEST_DIR = /(^|\/)(tests?|testing)\//;
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
// Migrations snapshot old schemas (Alembic versions/, Django migrations/): not the model.
const MIGRATIONS = /(^|\/)(migrations\/|alembic\/versions\/)/;

export interface LoadOptions {
  /** Also read test directories and test files (skipped by default: their models are fixtures). */
  includeTests?: boolean;
}

/**
 * The Python files `remodel schema` reads, without building the full project index (which scans
 * every file's imports; the schema needs only the few files that can define models, parsed on
 * demand). Walking, excludes, source roots, module names and decoding are the project layer's.
 * When root is itself a package (`app/models`), module names keep the package path above it.
 */
export function loadPythonFiles(root: string, opts: LoadOptions = {}): SourceInput[] {
  const abs = resolve(root);
  // A write that was interrupted is finished before anything is read (the journal is at the project's root).
  for (const r of new Set([abs, findRoot(abs)])) recoverInterrupted(r);
  const tool = readToolConfig(abs);
  const roots = sourceRoots(abs, tool);
  const prefix = packagePrefix(abs);
  const out: SourceInput[] = [];
  for (const path of walkPythonFiles(abs, tool.remodel.exclude).files) {
    if (path.endsWith(".pyi") || MIGRATIONS.test(path)) continue;
    if (!opts.includeTests && (TEST_DIR.test(path) || TEST_FILE.test(path))) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(abs, path));
    } catch {
      continue; // unreadable files are the index's to report; the schema reads what it can
    }
    const src = rootOf(path, roots);
    const { module } = moduleNameOf(path, src);
    const name = src === "" && prefix ? (module ? `${prefix}.${module}` : prefix) : module;
    out.push({ path, module: name, text: decodeSource(bytes).text });
  }
  return out;
}

/** `a/b` when root is the package directory `.../a/b` (both with `__init__.py`); "" otherwise. */
function packagePrefix(root: string): string {
  const names: string[] = [];
  let dir = root;
  while (existsSync(join(dir, "__init__.py"))) {
    names.unshift(basename(dir));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return names.join(".");
}
