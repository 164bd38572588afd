/**
 * Finds the project root and walks its Python files, honouring excludes (virtualenvs, VCS and
 * build folders, node_modules, .gitignore files, [tool.remodel] exclude). Directory symlinks are
 * not followed (they loop, or lead out of the project); file symlinks inside the root are read.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { FileWarning } from "../core/diagnostics.js";

const ROOT_MARKERS = ["pyproject.toml", "setup.cfg", "setup.py", ".git"];
const SKIP_DIRS = new Set([
  ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
  ".pytest_cache", ".ruff_cache", ".remodel_cache", "build", "dist", "site-packages", ".eggs", ".idea", ".vscode",
  "__pypackages__", ".pants.d", ".direnv",
]);

/** The nearest directory at or above `start` with a project marker; `start` itself when none. */
export function findRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (ROOT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(start);
    dir = up;
  }
}

export interface WalkResult {
  /** Python files (.py, .pyi), relative to root with forward slashes, sorted. */
  files: string[];
  warnings: FileWarning[];
}

const toPosix = (p: string) => (sep === "/" ? p : p.split(sep).join("/"));

export function walkPythonFiles(root: string, extraExcludes: string[]): WalkResult {
  const files: string[] = [];
  const warnings: FileWarning[] = [];
  const extra = ignore().add(extraExcludes);
  const realRoot = realpathSync(root);
  const visit = (dir: string, rules: { base: string; ig: Ignore }[]): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      warnings.push({ path: toPosix(relative(root, dir)) || ".", line: 1, column: 1, message: `cannot read directory: ${(e as NodeJS.ErrnoException).code}` });
      return;
    }
    const gi = join(dir, ".gitignore");
    const here = entries.some((e) => e.name === ".gitignore") ? [...rules, { base: dir, ig: ignore().add(readFileSync(gi, "utf8")) }] : rules;
    for (const e of entries) {
      const abs = join(dir, e.name);
      const rel = toPosix(relative(root, abs));
      const isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = safeRealpath(abs);
        if (!target || !(target + sep).startsWith(realRoot + sep)) continue;
        const st = statSync(abs);
        if (st.isDirectory()) continue;
        isFile = st.isFile();
      }
      if (isDir) {
        if (SKIP_DIRS.has(e.name) || e.name.endsWith(".egg-info") || existsSync(join(abs, "pyvenv.cfg"))) continue;
        if (isIgnored(here, abs, true) || extra.ignores(rel + "/")) continue;
        visit(abs, here);
      } else if (isFile && (e.name.endsWith(".py") || e.name.endsWith(".pyi"))) {
        if (isIgnored(here, abs, false) || extra.ignores(rel)) continue;
        files.push(rel);
      }
    }
  };
  visit(root, []);
  files.sort();
  return { files, warnings };
}

function isIgnored(rules: { base: string; ig: Ignore }[], abs: string, dir: boolean): boolean {
  for (const r of rules) {
    const rel = toPosix(relative(r.base, abs));
    if (r.ig.ignores(dir ? rel + "/" : rel)) return true;
  }
  return false;
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
