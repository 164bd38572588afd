import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readToolConfig } from "../project/config.js";
import { recoverInterrupted } from "../core/transaction/index.js";
import { walkPythonFiles } from "../project/discover.js";
import { decodeSource } from "../project/read-source.js";
import { RemodelError } from "../core/errors.js";
import { scanModule } from "../python/scan.js";
import { canDefineModels } from "./registry.js";
import { findRoot, moduleNameOf, packagePrefix, rootOf, sourceRoots } from "../project/roots.js";
import type { SourceInput } from "./project.js";

const TEST_DIR = /(^|\/)(tests?|testing)\//;
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
// Migrations snapshot old schemas (Alembic versions/, Django migrations/): not the model.
const MIGRATIONS = /(^|\/)(migrations\/|alembic\/versions\/)/;

export interface LoadOptions {
  /** Also read test directories and test files (skipped by default: their models are fixtures). */
  includeTests?: boolean;
  /**
   * Told what is wrong with a file that can define models (bytes not valid in its encoding, a
   * syntax error), as `check` reports it (RM100): its schema may then be incomplete.
   */
  onWarning?: (w: ReadWarning) => void;
}

export interface ReadWarning {
  path: string;
  line: number;
  column: number;
  message: string;
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
    } catch (e) {
      // Any file may define models, and one that cannot be read would make the schema silently short.
      throw new RemodelError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was read`);
    }
    const src = rootOf(path, roots);
    const { module } = moduleNameOf(path, src);
    const name = src === "" && prefix ? (module ? `${prefix}.${module}` : prefix) : module;
    const decoded = decodeSource(bytes);
    if (opts.onWarning && canDefineModels(decoded.text)) {
      if (decoded.warning) opts.onWarning({ path, line: 1, column: 1, message: decoded.warning });
      for (const w of scanModule(decoded.text).warnings) opts.onWarning({ path, ...w });
    }
    out.push({ path, module: name, text: decoded.text });
  }
  return out;
}
