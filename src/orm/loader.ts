import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { SourceInput } from "./project.js";

/** Directories never read: VCS, caches, virtual environments, build output, dependencies. */
const SKIP_DIRS = new Set([".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", "site-packages", "build", "dist", ".eggs"]);
const TEST_DIR = /^(tests?|testing)$/;
const TEST_FILE = /^(test_.*|.*_test|conftest)\.py$/;

export interface LoadOptions {
  /** Also read test directories and test files (skipped by default: their models are fixtures). */
  includeTests?: boolean;
}

/**
 * A small stand-alone loader for `remodel schema`: every .py file under root with its dotted
 * module name (relative to the nearest `src/` folder, else to the top of its `__init__.py` chain).
 */
export function loadPythonFiles(root: string, opts: LoadOptions = {}): SourceInput[] {
  const out: SourceInput[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name) || name.endsWith(".egg-info") || (!opts.includeTests && TEST_DIR.test(name))) continue;
        // Migrations snapshot old schemas (Alembic versions/, Django migrations/): not the model.
        if (name === "migrations" || (name === "versions" && /(^|[\\/])alembic$/.test(dir))) continue;
        walk(p);
      } else if (name.endsWith(".py") && (opts.includeTests || !TEST_FILE.test(name))) {
        const rel = relative(root, p).split(sep).join("/");
        let text: string;
        try {
          text = readFileSync(p, "utf8");
        } catch {
          continue;
        }
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        out.push({ path: rel, module: moduleName(root, rel), text });
      }
    }
  };
  walk(root);
  return out;
}

/** `src/pkg/models/user.py` → `pkg.models.user`; `app/models/__init__.py` → `app.models`. */
export function moduleName(root: string, rel: string): string {
  const parts = rel.replace(/\.py$/, "").split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  const srcAt = parts.lastIndexOf("src");
  if (srcAt >= 0 && srcAt < parts.length - 1) return parts.slice(srcAt + 1).join(".");
  // Walk up while the directory is a package.
  let start = parts.length - (rel.endsWith("__init__.py") ? 1 : 1);
  const dirs = rel.split("/").slice(0, -1);
  let i = dirs.length;
  while (i > 0 && existsSync(join(root, ...dirs.slice(0, i), "__init__.py"))) i--;
  start = i;
  return parts.slice(start).join(".") || parts[parts.length - 1];
}
