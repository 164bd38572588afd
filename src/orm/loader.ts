import { createHash } from "node:crypto";
import { readFileSync, statSync, type Stats } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { readToolConfig } from "../project/config.js";
import { recoverInterrupted } from "../core/transaction/index.js";
import { walkPythonFiles } from "../project/discover.js";
import { cachedWalk } from "../project/walk-cache.js";
import { decodeSource } from "../project/read-source.js";
import { RemodelError } from "../core/errors.js";
import { scanNames } from "../python/scan.js";
import { environmentsOfListing, isRevisionPath } from "../alembic/environments.js";
import { CAN_DEFINE_MODELS, canDefineModels } from "./registry.js";
import type { SummaryMemo } from "./summary-memo.js";
import { findRoot, moduleNameOf, packagePrefix, rootOf, sourceRoots } from "../project/roots.js";
import { candidateKey, type SourceInput } from "./project.js";

const TEST_DIR = /(^|\/)(tests?|testing)\//;
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
// Migrations snapshot old schemas: not the model. Django's (and Flask-Migrate's) live in a
// `migrations/` folder; Alembic's revision files are wherever its environments say (isRevisionPath).
const MIGRATIONS = /(^|\/)migrations\//;

export interface LoadOptions {
  /** Also read test directories and test files (skipped by default: their models are fixtures). */
  includeTests?: boolean;
  /**
   * Told what is wrong with a file that can define models (bytes not valid in its encoding, a
   * syntax error), as `check` reports it (RM100): its schema may then be incomplete.
   */
  onWarning?: (w: ReadWarning) => void;
  /**
   * Files are then handed on by content hash, and what is known of a content (the text test, the
   * names scan, the summary) is taken from this memo: the project's, backed by its cache folder.
   */
  memo?: SummaryMemo;
  /**
   * The Python project the folder belongs to (the folder itself by default): module names are
   * then those its source roots give, as `check` names them, even when the folder read is a
   * subfolder of it (`src/pkg/models` is `pkg.models`, a namespace package's too).
   */
  projectRoot?: string;
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
 * When the project root is itself a package, module names keep the package path above it.
 */
export function loadPythonFiles(root: string, opts: LoadOptions = {}): SourceInput[] {
  const abs = resolve(root);
  // A write that was interrupted is finished before anything is read (the journal is at the project's root).
  for (const r of new Set([abs, findRoot(abs)])) recoverInterrupted(r);
  const tool = readToolConfig(abs);
  const project = opts.projectRoot === undefined ? abs : resolve(opts.projectRoot);
  const roots = sourceRoots(project, project === abs ? tool : readToolConfig(project));
  const prefix = packagePrefix(project);
  // Paths stay relative to the folder read; names are worked out from where it sits in the project.
  const below = relative(project, abs).split(sep).join("/");
  if (below.startsWith("..")) throw new RemodelError(`${root}: outside the project at ${project}`);
  const out: SourceInput[] = [];
  const walk = opts.memo ? cachedWalk(abs, tool.remodel.exclude, true) : walkPythonFiles(abs, tool.remodel.exclude);
  const alembic = environmentsOfListing(abs, walk.files, walk.configFiles);
  for (const path of walk.files) {
    if (path.endsWith(".pyi") || MIGRATIONS.test(path) || isRevisionPath(alembic, path)) continue;
    if (!opts.includeTests && (TEST_DIR.test(path) || TEST_FILE.test(path))) continue;
    const inProject = below ? `${below}/${path}` : path;
    const src = rootOf(inProject, roots);
    const { module } = moduleNameOf(inProject, src);
    const name = src === "" && prefix ? (module ? `${prefix}.${module}` : prefix) : module;
    out.push(
      opts.memo
        ? memoized(opts.memo, abs, path, name, opts.onWarning)
        : fresh(path, name, readOrFail(abs, path), opts.onWarning),
    );
  }
  return out;
}

function readOrFail(root: string, path: string): Buffer {
  try {
    return readFileSync(join(root, path));
  } catch (e) {
    throw cannotRead(path, e);
  }
}

function statOrFail(root: string, path: string): Stats {
  try {
    return statSync(join(root, path));
  } catch (e) {
    throw cannotRead(path, e);
  }
}

/** Any file may define models, and one that cannot be read would make the schema silently short. */
function cannotRead(path: string, e: unknown): RemodelError {
  return new RemodelError(
    `${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was read`,
  );
}

/** A file handed on with its text; the text test and the names scan run here once, not again in the extractor. */
function fresh(path: string, module: string, bytes: Buffer, onWarning?: (w: ReadWarning) => void): SourceInput {
  const decoded = decodeSource(bytes);
  const definesModels = canDefineModels(decoded.text);
  if (!onWarning || !definesModels) return { path, module, text: decoded.text, definesModels };
  if (decoded.warning) onWarning({ path, line: 1, column: 1, message: decoded.warning });
  const facts = scanNames(decoded.text);
  for (const w of facts.warnings) onWarning({ path, ...w });
  return { path, module, text: decoded.text, definesModels, facts };
}

/**
 * A file handed on by content hash: its text test, names scan and summary come from the memo
 * when the content was seen before (then it is not even decoded), and are remembered otherwise.
 */
function memoized(
  memo: SummaryMemo,
  root: string,
  path: string,
  module: string,
  onWarning?: (w: ReadWarning) => void,
): SourceInput {
  const st = statOrFail(root, path);
  // A file of the size and mtime it had when last read is not read again unless its text is needed.
  let bytes: Buffer | null = null;
  const content = () => (bytes ??= readOrFail(root, path));
  let hash = memo.hashOf(path, st.size, st.mtimeMs);
  if (hash === null) {
    hash = createHash("sha1").update(content()).digest("hex");
    memo.stamp(path, st.size, st.mtimeMs, hash);
  }
  let decoded: ReturnType<typeof decodeSource> | null = null;
  const text = () => (decoded ??= decodeSource(content())).text;
  const definesModels = memo.candidate(candidateKey(hash, CAN_DEFINE_MODELS), () => canDefineModels(text()));
  const input: SourceInput = { path, module, hash, read: text, definesModels };
  if (!definesModels) {
    // Most files: read again only if the extractor needs them (an enum or a base they define).
    bytes = null;
    decoded = null;
  }
  if (!onWarning || !definesModels) return input;
  input.facts = memo.scanned(hash, () => scanNames(text()));
  // Undecodable bytes are rare and cheap to find again (models files only); the warning is not memoized.
  const warning = (decoded ??= decodeSource(content())).warning;
  if (warning) onWarning({ path, line: 1, column: 1, message: warning });
  for (const w of input.facts.warnings) onWarning({ path, ...w });
  return input;
}
