import type { FileWarning } from "../core/diagnostics.js";
import type { ModuleFacts } from "../python/facts.js";

/** `[tool.remodel]` in pyproject.toml, read once per run. */
export interface RemodelConfig {
  /** Extra source roots, relative to the project root. */
  src: string[];
  /** Extra exclude patterns (gitignore syntax). */
  exclude: string[];
  /** Commit message template for `remodel apply --commit-each`: {name} {src} {dest}. */
  commitMessage: string | null;
  /** Everything under [tool.remodel], for units that read their own keys. */
  raw: Record<string, unknown>;
}

/** One Python file of the project. Immutable. */
export interface SourceFile {
  /** Relative to the project root, forward slashes. */
  path: string;
  /** Dotted module name: `pkg.models.user`; `pkg.models` for `pkg/models/__init__.py`. */
  module: string;
  /** An `__init__.py` / `__init__.pyi`. */
  isPackage: boolean;
  /** A `.pyi` stub. */
  isStub: boolean;
  /** The source root this module's name is relative to ("" for the project root). */
  sourceRoot: string;
  /** sha1 of the bytes; the facts cache key. */
  hash: string;
  /** The file started with a UTF-8 BOM (stripped from the text; written back on edit). */
  bom: boolean;
  facts: ModuleFacts;
}

/** A module name known to the project: a file, or a namespace package (a directory without __init__). */
export interface ModuleInfo {
  name: string;
  /** The file that defines it; null for a PEP 420 namespace package. */
  file: SourceFile | null;
  isPackage: boolean;
}

/** The read-only model of a Python project that every command queries. */
export interface ProjectIndex {
  /** Absolute project root. */
  root: string;
  /** Source roots relative to root ("" is the root itself), most specific first. */
  sourceRoots: string[];
  config: RemodelConfig;
  /** The source roots that are flat workspace members (roots.ts flatMemberRoots); absent when none. */
  memberRoots?: readonly string[];
  /** Every indexed Python file by relative path. */
  files: ReadonlyMap<string, SourceFile>;
  /** Every module name, including namespace packages. Where a .py and .pyi both exist, the .py wins. */
  modules: ReadonlyMap<string, ModuleInfo>;
  /** Unreadable files, non-UTF-8 files, syntax errors: reported, never fatal. */
  warnings: FileWarning[];
  /**
   * Top-level names an installed distribution provides: a first-party namespace folder of that
   * name loses to it (CPython prefers a regular package anywhere on sys.path).
   */
  installed?: ReadonlySet<string>;
  /** The distribution the project builds, if it builds one: its public names are a published API. */
  distribution?: string | null;
  /** Reads a file's current text (from disk, or from the overlay when the index was built over a plan). */
  readText(path: string): string;
  /** Config files found by the walk (`*.ini`, `pyproject.toml`), relative to root; absent for an index built from a list. */
  configFiles?: readonly string[];
  /**
   * Memos that live as long as the project, by owner (the ORM summaries by content hash): held by
   * the project, not the process, so a host that loads many projects releases each with it. The
   * index of a planned change shares its project's (it is built by spreading the project).
   */
  memos?: Map<string, unknown>;
}
