/**
 * Top-level import names that an installed distribution provides, as far as the project says:
 * its declared dependencies (pyproject `[project]`, Poetry, dependency groups, `requirements*.txt`,
 * setup.cfg `install_requires`), the packages of a virtualenv inside the project, and Alembic when
 * an `alembic.ini` is present. CPython finds a regular package anywhere on `sys.path` before it
 * settles for a namespace package (a directory without `__init__.py`): a first-party folder
 * `alembic/` beside `alembic.ini` is the script directory, and `import alembic` is the installed one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `Flask-SQLAlchemy[async]>=3` → `flask_sqlalchemy` (the import name most distributions use). */
export function importNameOf(requirement: string): string | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return m ? m[1].toLowerCase().replace(/[-.]/g, "_") : null;
}

const get = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);

function requirementStrings(py: Record<string, unknown>): string[] {
  const out: string[] = [];
  const list = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) if (typeof x === "string") out.push(x);
  };
  list(get(py, "project", "dependencies"));
  for (const group of [get(py, "project", "optional-dependencies"), get(py, "dependency-groups")]) {
    if (group && typeof group === "object") for (const v of Object.values(group)) list(v);
  }
  const poetry = get(py, "tool", "poetry");
  for (const deps of [get(poetry, "dependencies"), get(poetry, "dev-dependencies")]) {
    if (deps && typeof deps === "object") out.push(...Object.keys(deps));
  }
  const groups = get(poetry, "group");
  if (groups && typeof groups === "object") {
    for (const g of Object.values(groups)) {
      const deps = get(g, "dependencies");
      if (deps && typeof deps === "object") out.push(...Object.keys(deps));
    }
  }
  return out;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split(/\r?\n/);
  } catch {
    return [];
  }
}

function requirementFiles(root: string): string[] {
  const out: string[] = [];
  const scan = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      return;
    }
    for (const n of names)
      if (/^requirements.*\.(txt|in)$/.test(n) || (dir && /\.(txt|in)$/.test(n))) out.push(join(root, dir, n));
  };
  scan("");
  scan("requirements");
  return out;
}

function setupCfgRequirements(root: string): string[] {
  const lines = readLines(join(root, "setup.cfg"));
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^install_requires\s*=/.test(line)) {
      inside = true;
      const rest = line.split("=").slice(1).join("=").trim();
      if (rest) out.push(rest);
      continue;
    }
    if (inside && /^\s+\S/.test(line)) {
      out.push(line.trim());
      continue;
    }
    inside = false;
  }
  return out;
}

/** Top-level names in the site-packages of a virtualenv kept inside the project. */
function virtualenvNames(root: string): string[] {
  const out: string[] = [];
  for (const venv of [".venv", "venv", "env", ".env"]) {
    const lib = join(root, venv, "lib");
    if (!existsSync(join(root, venv, "pyvenv.cfg")) || !existsSync(lib)) continue;
    let pythons: string[];
    try {
      pythons = readdirSync(lib);
    } catch {
      continue;
    }
    for (const p of pythons) {
      let names: string[];
      try {
        names = readdirSync(join(lib, p, "site-packages"));
      } catch {
        continue;
      }
      for (const n of names) {
        const m = /^([A-Za-z_]\w*)(\.py)?$/.exec(n);
        if (m) out.push(m[1]);
      }
    }
  }
  return out;
}

export function installedTopLevels(root: string, py: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const reqs = [...requirementStrings(py), ...setupCfgRequirements(root)];
  for (const f of requirementFiles(root)) for (const l of readLines(f)) if (!/^\s*(#|-)/.test(l)) reqs.push(l);
  for (const r of reqs) {
    const n = importNameOf(r);
    if (n && n !== "python") names.add(n);
  }
  for (const n of virtualenvNames(root)) names.add(n);
  if (existsSync(join(root, "alembic.ini"))) names.add("alembic");
  return [...names].sort();
}
