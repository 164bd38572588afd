/**
 * What git itself decides about a walk's root, read from files (no git process): the repository
 * the root is in (found upwards as git finds it; `.git` may be a file, `gitdir: ...`, for a linked
 * worktree or a submodule; or named by GIT_DIR and GIT_WORK_TREE), the exclude files git reads
 * besides the .gitignore files in the root, and the files the index (or GIT_INDEX_FILE) tracks
 * under the root.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { configFiles, excludesFilePath, gitHome, readConfig, readOrNull } from "./git-config.js";
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
 * The index is read only when the walk first meets a file or folder an ignore rule matches, or a
 * nested repository: what it tracks changes nothing else, so a walk that meets none neither reads
 * it (a clean checkout of Backend.AI: 8,474 entries, 1.1 MB) nor has to re-check it.
 */
export class TrackedFiles {
  private read: { files: Set<string>; dirs: Set<string> } | null = null;

  constructor(
    /** The index file, its path as shown, the hash size and the root's path from the top; null outside a repository. */
    private readonly source: { file: string; shown: string; hashSize: number; prefix: string } | null,
    /** Called once, when the index is read: with the path to re-check, and why it was not read if so. */
    private readonly onRead: (shown: string, problem: string | null) => void,
  ) {}

  /** A tracked file the walk lists (.py, .pyi, .ini, pyproject.toml), relative to the root. */
  has(path: string): boolean {
    return this.load().files.has(path);
  }

  /** A folder ("a/b/") with a tracked file the walk lists under it. */
  holds(dir: string): boolean {
    return this.load().dirs.has(dir);
  }

  private load(): { files: Set<string>; dirs: Set<string> } {
    if (this.read) return this.read;
    this.read = { files: new Set(), dirs: new Set() };
    if (!this.source) return this.read;
    const { file, shown, hashSize, prefix } = this.source;
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(file);
    } catch {
      // No index yet (nothing was ever added) or unreadable: nothing is known to be tracked.
    }
    const r = bytes ? trackedPaths(bytes, hashSize, prefix, WANTED) : { paths: [] };
    // A split index is a setting, not a fault: falling back quietly keeps `check` from reporting
    // it on every run (a warning is an RM100 finding); a corrupt index is worth one.
    this.onRead(shown, isFailure(r) ? r.error : null);
    if (!("paths" in r)) return this.read;
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
  const h = gitHome();
  const config = readConfig(
    configFiles(h, repo.commonDir, repo.gitDir),
    ["core.excludesfile", "extensions.objectformat"],
    h,
  );
  consulted.push(...config.consulted.map(shown));
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

interface Repository {
  top: string;
  gitDir: string;
  /** Where config and info/exclude are: the main repository's git folder for a linked worktree. */
  commonDir: string;
}

/**
 * The repository git uses at `start`. With GIT_DIR or GIT_WORK_TREE set, as git takes them
 * (git(1), "ENVIRONMENT"): relative to the current folder; without GIT_WORK_TREE
 * the current folder is the top, and without GIT_DIR the repository is the one found from the
 * current folder (core.worktree and core.bare are not read). Null when `start` is then outside the
 * work tree, where git lists nothing.
 */
function findRepository(start: string, env: NodeJS.ProcessEnv, cwd: string): Repository | null {
  if (!env.GIT_DIR && !env.GIT_WORK_TREE) return findUpwards(start);
  const gitDir = env.GIT_DIR
    ? gitDirAt(resolve(cwd, env.GIT_DIR))
    : (findUpwards(realOrNull(cwd) ?? cwd)?.gitDir ?? null);
  const top = realOrNull(resolve(cwd, env.GIT_WORK_TREE || "."));
  if (!gitDir || !top) return null;
  const r = relative(top, start);
  if (r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r)) return null;
  return { top, gitDir, commonDir: commonDirOf(gitDir) };
}

function findUpwards(start: string): Repository | null {
  for (let d = start; ; d = dirname(d)) {
    const gitDir = gitDirAt(join(d, ".git"));
    if (gitDir) return { top: d, gitDir, commonDir: commonDirOf(gitDir) };
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

/** Where config and info/exclude are: the main repository's git folder for a linked worktree. */
function commonDirOf(gitDir: string): string {
  const common = readOrNull(join(gitDir, "commondir"));
  return common ? resolve(gitDir, common.trim()) : gitDir;
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
  const common = commonDirOf(gitDir);
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
