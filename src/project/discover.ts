/**
 * Finds the project root and walks its Python files, honouring excludes (virtualenvs, VCS and
 * build folders, node_modules, .gitignore files and git's other exclude files, [tool.remodel]
 * exclude). A file the git index tracks is kept even when an ignore rule matches it, as git keeps
 * it (`git ls-files --cached --others --exclude-standard`); a folder with a repository of its own
 * (a submodule, a nested clone) or that the index records as a submodule is not walked, as git
 * does not. Directory symlinks are not followed (they loop, or lead out of the project); file
 * symlinks inside the root are read.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import ignore from "ignore";
import type { FileWarning } from "../core/diagnostics.js";
import { gitContext, type IndexUse, ownsRepository, type TrackedFiles } from "./git-context.js";
import { GitignoreFile, parseLines } from "./gitignore.js";

/**
 * Folders that are never the project's code, whatever git tracks: VCS data, virtualenvs, package
 * and tool caches. A virtualenv or node_modules committed by mistake is still not first-party code.
 */
const SKIP_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".remodel_cache",
  "site-packages",
  ".eggs",
  ".idea",
  ".vscode",
  "__pypackages__",
  ".pants.d",
  ".direnv",
]);

/**
 * Build output folders, skipped like an ignore rule: a tracked file under one is kept, as git keeps
 * a tracked file under an ignored folder (a project that commits `build/` means it as source).
 */
const OUTPUT_DIRS = new Set(["build", "dist"]);

export interface WalkResult {
  /** Python files (.py, .pyi), relative to root with forward slashes, sorted. */
  files: string[];
  warnings: FileWarning[];
  /**
   * Every directory read ("" is the root) and every file whose text decided the walk, present or
   * looked for (.gitignore files, git's exclude and config files, the git index; outside the root
   * as absolute paths): what a cached walk must re-check.
   */
  dirs: string[];
  ignoreFiles: string[];
  /** Config files other tools read for the project (`*.ini`, `pyproject.toml`): where Alembic environments are declared. */
  configFiles: string[];
  /** What the walk asked the git index (it is also in `ignoreFiles`), null when it was not read. */
  gitIndex: IndexUse | null;
}

export function walkPythonFiles(root: string, extraExcludes: string[]): WalkResult {
  const files: string[] = [];
  const warnings: FileWarning[] = [];
  const dirs: string[] = [];
  const ignoreFiles: string[] = [];
  const configFiles: string[] = [];
  const extra = ignore().add(extraExcludes);
  const realRoot = realpathSync(root);
  const git = gitContext(realRoot, (index, problem) => {
    ignoreFiles.push(index);
    if (problem) {
      const message = `git index not read (${problem}): committed files that an ignore rule matches are left out`;
      warnings.push({ path: index, line: 1, column: 1, message });
    }
  });
  ignoreFiles.push(...git.consulted);
  const tracked = git.tracked;
  // `rel` is the directory relative to root with a trailing slash ("" for the root itself); paths
  // are built by concatenation, and only for directories and Python files (most entries are neither).
  // In an `excluded` folder (entered only for the tracked files under it) nothing else is listed and
  // no .gitignore is read: git lists nothing untracked under an excluded folder.
  const visit = (dir: string, rel: string, rules: Rule[], excluded: boolean): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      warnings.push({
        path: rel.slice(0, -1) || ".",
        line: 1,
        column: 1,
        message: `cannot read directory: ${(e as NodeJS.ErrnoException).code}`,
      });
      return;
    }
    dirs.push(rel);
    let venv = false;
    let dotGit = false;
    let gitignore = false;
    for (const e of entries) {
      if (e.name === "pyvenv.cfg") venv = true;
      else if (e.name === ".git") dotGit = true;
      else if (e.name === ".gitignore") gitignore = true;
    }
    if (rel !== "") {
      // A virtualenv (any name) is not the project's code.
      if (venv) return;
      // A submodule or a nested clone: git lists the folder itself, never the files in it, unless
      // the index tracks files under it (a repository created inside a tracked folder), for which
      // git walks it as any other folder. Only the tracked files the walk lists are known here: a
      // nested repository in a folder that tracks nothing but other files is skipped.
      if (dotGit && ownsRepository(dir) && !tracked.holds(rel)) return;
    }
    let here = rules;
    if (!excluded && gitignore) {
      const text = readFileSync(join(dir, ".gitignore"), "utf8");
      here = [...rules, ruleOf(rel, text)];
      ignoreFiles.push(`${rel}.gitignore`);
    }
    for (const e of entries) {
      const name = e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      const python = name.endsWith(".py") || name.endsWith(".pyi");
      if (!isDir && !python) {
        if (isFile && (name.endsWith(".ini") || name === "pyproject.toml")) {
          // As for a Python file: an ignored one counts when the index tracks it.
          const path = rel + name;
          if (!(excluded || isIgnored(here, path, false)) || tracked.has(path)) configFiles.push(path);
        }
        continue;
      }
      if (e.isSymbolicLink()) {
        const abs = join(dir, name);
        const target = safeRealpath(abs);
        if (!target || !(target + sep).startsWith(realRoot + sep)) continue;
        const st = statSync(abs);
        if (st.isDirectory()) continue;
        isFile = st.isFile();
        isDir = false;
      }
      const path = rel + name;
      if (isDir) {
        // A dot-folder (`.semgrep/`, `.github/`) is no package: no import statement can name it.
        if (SKIP_DIRS.has(name) || name.startsWith(".") || name.endsWith(".egg-info") || extra.ignores(path + "/"))
          continue;
        const out = excluded || OUTPUT_DIRS.has(name) || isIgnored(here, path, true);
        if (out && !tracked.holds(path + "/")) continue;
        visit(join(dir, name), path + "/", here, out);
      } else if (isFile && python) {
        if ((excluded || isIgnoredPython(here, path)) && !tracked.has(path)) continue;
        if (extra.ignores(path)) continue;
        files.push(path);
      }
    }
  };
  const repositoryRules = git.excludes.map((x) => ruleOf("", x.text, x.above));
  visit(root, "", repositoryRules, git.prefix !== "" && inExcludedFolder(repositoryRules, git.prefix));
  const kept = outsideSubmodules([...files, ...configFiles], tracked);
  return {
    files: (kept ? files.filter(kept) : files).sort(),
    warnings,
    dirs,
    ignoreFiles,
    configFiles: (kept ? configFiles.filter(kept) : configFiles).sort(),
    gitIndex: tracked.use(),
  };
}

/**
 * A submodule's folder with no .git (never initialised, or deinitialised, with files put there
 * since) is walked like any other, but git lists only the folder itself: the files under a
 * gitlink the index records are dropped after the walk. Only the index says what is a gitlink,
 * whatever .gitmodules names or leaves out (git takes a gitlink for a submodule without it: an
 * embedded repository `git add` recorded, one whose .gitmodules entry was deleted), so it is read
 * whenever the walk listed a file in a repository; for the gitlinks alone when nothing else asked
 * for it (no tracked name decoded). A walk that listed nothing, as in the empty folders of
 * submodules not cloned, does not read it. Null when nothing is dropped.
 */
function outsideSubmodules(listed: string[], tracked: TrackedFiles): ((path: string) => boolean) | null {
  if (listed.length === 0) return null;
  const links = tracked.gitlinks();
  if (links.length === 0) return null;
  return (path) => !links.some((l) => path.startsWith(l));
}

function ruleOf(base: string, text: string, above = ""): Rule {
  return { base, above, all: new GitignoreFile(text), py: new GitignoreFile(pythonFileRules(text).join("\n")) };
}

/**
 * A .gitignore's rules and the directory it sits in, relative to root ("" or "a/b/"), or for a file
 * that applies from above the root (git's exclude files, a .gitignore between the repository's top
 * and the root) the root's path from its folder (`above`); `py` holds only the lines that can match
 * a Python file (see pythonFileRules).
 */
interface Rule {
  base: string;
  above: string;
  all: GitignoreFile;
  py: GitignoreFile;
}

/**
 * The lines of a .gitignore that can match a `.py` / `.pyi` file, in their order. The walk only
 * tests a file in a directory no rule ignores, so a line that ignores but can never match the
 * file's own path cannot change the result (git: the last matching line wins): a directory-only line (`build/`),
 * or one whose last segment ends in literal text no Python file name ends with (`*.log`,
 * `.coverage`, `celerybeat-schedule`). Backend.AI's 162-line .gitignore keeps 2 (`*.py[cod]`,
 * `local_settings.py`), and each file is tested against those.
 */
export function pythonFileRules(text: string): string[] {
  const kept: string[] = [];
  for (const line of parseLines(text)) {
    // Negations stay: with only lines that ignore dropped, a directory the full rules leave in is
    // left in by these too, so testing a file's parents here agrees with the full rules.
    if (line.startsWith("!")) {
      kept.push(line);
      continue;
    }
    if (line.endsWith("/")) continue;
    const last = line.slice(line.lastIndexOf("/") + 1);
    // The literal text after the last glob character (or an escape, kept as unknown) ends the name.
    const tail = last.slice(Math.max(...["*", "?", "[", "]", "\\"].map((c) => last.lastIndexOf(c))) + 1);
    const fits = (ext: string) => tail.endsWith(ext) || ext.endsWith(tail);
    if (
      tail !== last || last.includes("\\") ? fits(".py") || fits(".pyi") : last.endsWith(".py") || last.endsWith(".pyi")
    )
      kept.push(line);
  }
  return kept;
}

/**
 * `path` is relative to root, under each rule's base, and in a folder the walk found not excluded.
 * As in git, the deepest .gitignore with a line matching the path decides.
 */
function isIgnored(rules: Rule[], path: string, dir: boolean, lines: "all" | "py" = "all"): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i];
    const v = r[lines].match(r.above + path.slice(r.base.length), dir);
    if (v !== undefined) return v;
  }
  return false;
}

/**
 * Whether git excludes a root below the repository's top (`prefix`, "a/b/"): an ignore rule
 * matches one of the folders from the top down to the root, each tested against the files that
 * apply to it (those of the folders above it). git then lists nothing untracked under the root
 * (`git ls-files --others --exclude-standard` run there), only what the index tracks.
 */
function inExcludedFolder(rules: Rule[], prefix: string): boolean {
  for (let end = prefix.indexOf("/"); end >= 0; end = prefix.indexOf("/", end + 1)) {
    const dir = prefix.slice(0, end + 1);
    // The deepest applicable file with a matching line decides, as in isIgnored; a rule's folder
    // (from the top) is the prefix less the root's path from that folder.
    for (let i = rules.length - 1; i >= 0; i--) {
      const folder = prefix.slice(0, prefix.length - rules[i].above.length);
      if (folder.length >= dir.length) continue;
      const v = rules[i].all.match(dir.slice(folder.length, -1), true);
      if (v === undefined) continue;
      if (v) return true;
      break;
    }
  }
  return false;
}

/** isIgnored for a Python file, with only the lines that can match one. */
function isIgnoredPython(rules: Rule[], path: string): boolean {
  return isIgnored(rules, path, false, "py");
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
