/**
 * What git itself decides about a walk's root, read from files (no git process): the repository
 * the root is in (found upwards as git finds it; `.git` may be a file, `gitdir: ...`, for a linked
 * worktree or a submodule; or named by GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR and core.worktree),
 * the exclude files git reads besides the .gitignore files in the root, and the files and
 * submodules the index (or GIT_INDEX_FILE) tracks under the root.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { configBool, excludesFilePath, gitHome, readConfig, readOrNull, userConfigFiles } from "./git-config.js";
import { trackedPaths } from "./git-index.js";
import { isFailure } from "../core/outcome.js";

export interface ExcludeFile {
  text: string;
  /** The root's path from the folder the file's patterns are relative to ("" or "sub/dir/"). */
  above: string;
}

export interface GitContext {
  /** Lowest precedence first: core.excludesFile, info/exclude, the .gitignore files above the root, top down. */
  excludes: ExcludeFile[];
  /** Every file read or looked for (relative to the root when inside it): what a cached walk must re-check. */
  consulted: string[];
  /** What the index tracks under the root, read on first use. */
  tracked: TrackedFiles;
  /** The root's path from the work tree's top ("" or "a/b/"): the folders above it an ignore rule may exclude. */
  prefix: string;
}

/** The files the walk lists, tracked or not: Python files and the config files other tools read. */
const WANTED = [".py", ".pyi", ".ini", "pyproject.toml"];

/**
 * The tracked names are read only when the walk first meets a file or folder an ignore rule
 * matches, or a nested repository: what it tracks changes nothing else, so a walk that meets none
 * does not decode them (a clean checkout of Backend.AI: 8,474 entries, 1.1 MB). Its gitlinks are
 * read whenever the walk listed a file: only the index says which folders are submodules.
 */
export class TrackedFiles {
  private read: { files: Set<string>; dirs: Set<string>; gitlinks: string[] } | null = null;
  /** Every question the walk asked and its answer (a folder ends in "/"): what a later index must answer alike. */
  private readonly asked = new Map<string, boolean>();
  private linksAsked = false;
  private problem: string | null = null;

  constructor(
    /** The index file, its path as shown, the hash size and the root's path from the top; null outside a repository. */
    private readonly source: { file: string; shown: string; hashSize: number; prefix: string } | null,
    /** Called once, when the index is read: with the path to re-check, and why it was not read if so. */
    private readonly onRead: (shown: string, problem: string | null) => void,
  ) {}

  /** A tracked file the walk lists (.py, .pyi, .ini, pyproject.toml), relative to the root. */
  has(path: string): boolean {
    const yes = this.load().files.has(path);
    this.asked.set(path, yes);
    return yes;
  }

  /** A folder ("a/b/") with a tracked file the walk lists under it. */
  holds(dir: string): boolean {
    const yes = this.load().dirs.has(dir);
    this.asked.set(dir, yes);
    return yes;
  }

  /**
   * The submodule folders ("a/b/", "" when the root is in one) under the root. When the files are
   * not read yet, only the gitlinks are: no tracked name is decoded (the walk asks this last, once
   * it has listed files, and needs nothing else from the index then).
   */
  gitlinks(): string[] {
    this.linksAsked = true;
    if (this.read) return this.read.gitlinks;
    if (!this.links) {
      const r = this.parse([]);
      this.links = r && "paths" in r ? r.gitlinks : [];
    }
    return this.links;
  }

  private links: string[] | null = null;
  private reported = false;

  /** The index read for the wanted names (none: the gitlinks alone); null outside a repository. */
  private parse(wanted: string[]): ReturnType<typeof trackedPaths> | null {
    if (!this.source) return null;
    const { file, shown, hashSize, prefix } = this.source;
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(file);
    } catch {
      // No index yet (nothing was ever added) or unreadable: nothing is known to be tracked.
    }
    const r = bytes ? trackedPaths(bytes, hashSize, prefix, wanted) : { paths: [], gitlinks: [] };
    // A split index is a setting, not a fault: falling back quietly keeps `check` from reporting
    // it on every run (a warning is an RM100 finding); a corrupt index is worth one.
    if (!this.reported) {
      this.problem = isFailure(r) ? r.error : null;
      this.onRead(shown, this.problem);
    }
    this.reported = true;
    return r;
  }

  /** What the walk learnt from the index, once it was read (null: never read, or no repository). */
  use(): IndexUse | null {
    if (!this.source || !this.reported) return null;
    const { shown, hashSize, prefix } = this.source;
    const gitlinks = this.linksAsked ? this.gitlinks() : null;
    return { shown, hashSize, prefix, problem: this.problem, asked: [...this.asked], gitlinks };
  }

  private load(): { files: Set<string>; dirs: Set<string>; gitlinks: string[] } {
    if (this.read) return this.read;
    this.read = { files: new Set(), dirs: new Set(), gitlinks: [] };
    const r = this.parse(WANTED);
    if (!r || !("paths" in r)) return this.read;
    this.read.gitlinks = r.gitlinks;
    const { files, dirs } = this.read;
    // A file in the folder of the one before (index order keeps a folder together) adds no folder.
    let folder = "\0";
    for (const f of r.paths) {
      // `pyproject.toml` is a whole name: a suffix test also lets `x-pyproject.toml` through.
      if (f.endsWith(".toml") && f !== "pyproject.toml" && !f.endsWith("/pyproject.toml")) continue;
      files.add(f);
      if (f.startsWith(folder) && f.indexOf("/", folder.length) < 0) continue;
      folder = f.slice(0, f.lastIndexOf("/") + 1);
      for (let i = folder.length - 1; i > 0 && !dirs.has(f.slice(0, i + 1)); i = f.lastIndexOf("/", i - 1))
        dirs.add(f.slice(0, i + 1));
    }
    return this.read;
  }
}

/**
 * The answers a walk got from the index: `shown` is its path (relative to the walk's root when
 * inside it), `asked` each tracked-file or folder question with its answer, `gitlinks` the
 * submodule folders when asked for, `problem` why the index was not read if so.
 */
export interface IndexUse {
  shown: string;
  hashSize: number;
  prefix: string;
  problem: string | null;
  asked: [string, boolean][];
  gitlinks: string[] | null;
}

/**
 * Whether the index at `use.shown` (from `root`) now gives every answer it gave the walk. `git
 * add` rewrites the index, but a walk it cannot change is one that asked about no path it added
 * (an ignored file, a folder with a nested repository) and saw the same submodules.
 */
export function sameAnswers(root: string, use: IndexUse): boolean {
  let problem: string | null = null;
  const { shown, hashSize, prefix } = use;
  const now = new TrackedFiles({ file: resolve(root, shown), shown, hashSize, prefix }, (_, p) => {
    problem = p;
  });
  for (const [path, yes] of use.asked) if ((path.endsWith("/") ? now.holds(path) : now.has(path)) !== yes) return false;
  if (use.gitlinks) {
    const links = now.gitlinks();
    if (links.length !== use.gitlinks.length || links.some((l, i) => l !== use.gitlinks?.[i])) return false;
  }
  return problem === use.problem;
}

/**
 * `realRoot` is the root with symlinks resolved, as git sees it; `onIndex` is TrackedFiles's
 * `onRead`; `env` and `cwd` are the environment and the folder git would run with.
 */
export function gitContext(
  realRoot: string,
  onIndex: (shown: string, problem: string | null) => void,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): GitContext {
  const repo = findRepository(realRoot, env, cwd);
  if (!repo) return { excludes: [], consulted: [], tracked: new TrackedFiles(null, onIndex), prefix: "" };
  const shown = (abs: string) =>
    abs.startsWith(realRoot + sep)
      ? abs
          .slice(realRoot.length + 1)
          .split(sep)
          .join("/")
      : abs;
  const consulted: string[] = [];
  const h = gitHome(env);
  const config = readConfig(userConfigFiles(h, env), WANTED_CONFIG, h);
  // The repository's files were read to find the top; theirs are the later, winning values.
  for (const [k, v] of repo.config.values) if (WANTED_CONFIG.includes(k)) config.values.set(k, v);
  consulted.push(...[...config.consulted, ...repo.config.consulted].map(shown));
  const above = (dir: string) => {
    const r = relative(dir, realRoot).split(sep).join("/");
    return r ? `${r}/` : "";
  };
  const excludes: ExcludeFile[] = [];
  const add = (file: string | null, base: string) => {
    if (!file) return;
    consulted.push(shown(file));
    const text = readOrNull(file);
    if (text !== null) excludes.push({ text, above: above(base) });
  };
  add(excludesFilePath(config.values.get("core.excludesfile"), h, repo.top), repo.top);
  add(join(repo.commonDir, "info", "exclude"), repo.top);
  // The .gitignore files of the folders from the top down to the root's parent apply as well.
  const parents: string[] = [];
  for (let d = realRoot; d !== repo.top; d = dirname(d)) parents.unshift(dirname(d));
  for (const d of parents) add(join(d, ".gitignore"), d);
  // GIT_INDEX_FILE is relative to the top (git has moved there when it opens the index): a hook
  // of `git commit -a` or `git commit <paths>` is given the index about to be committed.
  const index = env.GIT_INDEX_FILE !== undefined ? resolve(repo.top, env.GIT_INDEX_FILE) : join(repo.gitDir, "index");
  const hashSize = config.values.get("extensions.objectformat")?.toLowerCase() === "sha256" ? 32 : 20;
  const prefix = above(repo.top);
  const tracked = new TrackedFiles({ file: index, shown: shown(index), hashSize, prefix }, onIndex);
  return { excludes, consulted, tracked, prefix };
}

const WANTED_CONFIG = ["core.excludesfile", "extensions.objectformat"];

interface Repository {
  top: string;
  gitDir: string;
  /** Where config and info/exclude are: the main repository's git folder for a linked worktree. */
  commonDir: string;
  /** The repository's config files (config, config.worktree) read: the wanted values, core.worktree and core.bare. */
  config: { values: Map<string, string>; bare: Set<string>; consulted: string[] };
}

/**
 * The repository git uses at `start` (setup.c): the git folder is GIT_DIR (relative to the current
 * folder), else the one found upwards from `start`, or from the current folder when only
 * GIT_WORK_TREE is set. The top is GIT_WORK_TREE, else the repository's core.worktree (relative to
 * the git folder; not read for a linked worktree or with GIT_COMMON_DIR, as git does not), else
 * the current folder with GIT_DIR, else the folder the `.git` was found in. Null when `start` is
 * then outside the work tree, or when the repository is bare (core.bare, read where core.worktree
 * is) and GIT_WORK_TREE is unset: git lists nothing there.
 */
function findRepository(start: string, env: NodeJS.ProcessEnv, cwd: string): Repository | null {
  let found: { top: string; gitDir: string } | null;
  if (env.GIT_DIR) {
    const gitDir = gitDirAt(resolve(cwd, env.GIT_DIR));
    found = gitDir ? { top: cwd, gitDir } : null;
  } else found = findUpwards(env.GIT_WORK_TREE ? (realOrNull(cwd) ?? cwd) : start);
  if (!found) return null;
  const { gitDir } = found;
  // GIT_COMMON_DIR is relative to the current folder, where git finds the repository with it; git
  // reads a relative one again from the top once it has moved there, which a walk from below the
  // top does not copy (there git's info/exclude and config are then looked for elsewhere).
  const common = env.GIT_COMMON_DIR ? resolve(cwd, env.GIT_COMMON_DIR) : commonDirFile(gitDir);
  const commonDir = common ?? gitDir;
  const h = gitHome(env);
  const config = readConfig([join(commonDir, "config")], [...WANTED_CONFIG, "core.worktree", "core.bare"], h);
  const worktree = common === null ? config.values.get("core.worktree") : undefined;
  // A bare repository has no work tree unless GIT_WORK_TREE names one: git lists nothing there.
  if (common === null && !env.GIT_WORK_TREE && configBool(config, "core.bare")) return null;
  const own = readConfig([join(gitDir, "config.worktree")], WANTED_CONFIG, h);
  for (const [k, v] of own.values) config.values.set(k, v);
  config.consulted.push(...own.consulted);
  let top: string | null = found.top;
  if (env.GIT_WORK_TREE) top = realOrNull(resolve(cwd, env.GIT_WORK_TREE));
  // Taken as written (git does not expand `~` in it).
  else if (worktree) top = realOrNull(resolve(gitDir, worktree));
  else if (env.GIT_DIR) top = realOrNull(cwd);
  if (!top) return null;
  if (top !== start) {
    const r = relative(top, start);
    if (r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r)) return null;
  }
  return { top, gitDir, commonDir, config };
}

function findUpwards(start: string): { top: string; gitDir: string } | null {
  for (let d = start; ; d = dirname(d)) {
    const gitDir = gitDirAt(join(d, ".git"));
    if (gitDir) return { top: d, gitDir };
    if (dirname(d) === d) return null;
  }
}

/** The git folder `dotGit` stands for: itself when a folder, the target of a `gitdir: ...` file; else null. */
function gitDirAt(dotGit: string): string | null {
  // One read tells all three cases apart: a folder (EISDIR), a `gitdir:` file, or nothing.
  try {
    const m = /^gitdir: *(.*?)\r?\n?$/.exec(readFileSync(dotGit, "utf8"));
    return m ? resolve(dirname(dotGit), m[1]) : null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EISDIR" ? dotGit : null;
  }
}

/** The main repository's git folder a linked worktree's `commondir` file names; null for none. */
function commonDirFile(gitDir: string): string | null {
  const common = readOrNull(join(gitDir, "commondir"));
  return common ? resolve(gitDir, common.trim()) : null;
}

/**
 * Whether the folder `dir` holds a repository of its own, one git would take for one: `.git` (a
 * folder, or a `gitdir:` file) with a HEAD naming a ref or an object, and objects/ and refs/ in
 * its common folder. Git lists such a folder, untracked, as itself, and never walks into it; an
 * empty or broken `.git` is no repository, and git walks the folder as any other.
 */
export function ownsRepository(dir: string): boolean {
  const gitDir = gitDirAt(join(dir, ".git"));
  if (!gitDir) return false;
  const head = readOrNull(join(gitDir, "HEAD"));
  if (head === null || !/^(?:ref: *refs\/|[0-9a-f]{40}(?:[0-9a-f]{24})?\s*$)/.test(head)) return false;
  const common = commonDirFile(gitDir) ?? gitDir;
  return isFolder(join(common, "objects")) && isFolder(join(common, "refs"));
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
