/**
 * Reads the configuration that decides what a module's name is: `[tool.remodel]`, and the source
 * roots other tools already declare (mypy `mypy_path`, pyright `extraPaths`, pants
 * `[source] root_patterns`, setuptools `package-dir` / `packages.find.where`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { RemodelError } from "../core/errors.js";
import type { RemodelConfig } from "./types.js";
import { installedTopLevels } from "./installed.js";
import { schemaError, shippedSchema } from "../core/json-schema.js";

export interface ToolConfig {
  remodel: RemodelConfig;
  /** Source roots declared by other tools, relative to the root, as written (may contain globs for pants). */
  declaredRoots: string[];
  /** The project's ruff/isort settings, for sorting touched import blocks. */
  ruff: Record<string, unknown> | null;
  /** Top-level import names of installed distributions (declared dependencies, a local virtualenv). */
  installed: string[];
  /** isort settings: `[tool.isort]`, else `.isort.cfg` `[settings]`, else setup.cfg / tox.ini `[isort]`. */
  isort: Record<string, unknown> | null;
  /** `[tool.black] line-length`. */
  blackLineLength: number | null;
  /**
   * The distribution the project builds (a `[build-system]`, setup.py or setup.cfg `[metadata]`),
   * by name: its modules are a published API. Null for an application that builds nothing.
   */
  distribution: string | null;
}

function readToml(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  try {
    return parseToml(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new RemodelError(`${path}: invalid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
}

const get = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];

export function readToolConfig(root: string): ToolConfig {
  const py = readToml(join(root, "pyproject.toml")) ?? {};
  const raw = (get(py, "tool", "remodel") as Record<string, unknown>) ?? {};
  const invalid = schemaError(raw, shippedSchema("remodel-config.schema.json"), "tool.remodel");
  if (invalid) throw new RemodelError(`${join(root, "pyproject.toml")}: ${invalid}`);
  const remodel: RemodelConfig = {
    src: strings(raw.src),
    exclude: strings(raw.exclude),
    commitMessage: typeof raw["commit-message"] === "string" ? (raw["commit-message"] as string) : null,
    raw,
  };
  const declared: string[] = [];
  // mypy: "src:stubs" or a list
  for (const p of strings(get(py, "tool", "mypy", "mypy_path"))) declared.push(...p.split(/[:,]/));
  declared.push(
    ...strings(get(py, "tool", "pyright", "extraPaths")),
    ...strings(get(py, "tool", "pyright", "stubPath")),
  );
  const pyrightJson = join(root, "pyrightconfig.json");
  if (existsSync(pyrightJson)) {
    try {
      declared.push(...strings(JSON.parse(readFileSync(pyrightJson, "utf8")).extraPaths));
    } catch {
      // a broken pyrightconfig.json is pyright's problem, not a reason to stop
    }
  }
  const pkgDir = get(py, "tool", "setuptools", "package-dir");
  if (pkgDir && typeof pkgDir === "object") declared.push(...strings((pkgDir as Record<string, unknown>)[""]));
  declared.push(...strings(get(py, "tool", "setuptools", "packages", "find", "where")));
  declared.push(...setupCfgRoots(root));
  const pants = readToml(join(root, "pants.toml"));
  declared.push(...strings(get(pants, "source", "root_patterns")).map((p) => p.replace(/^\//, "")));
  const ruff =
    (get(py, "tool", "ruff") as Record<string, unknown>) ??
    readToml(join(root, "ruff.toml")) ??
    readToml(join(root, ".ruff.toml"));
  return {
    remodel,
    declaredRoots: declared.map((p) => p.trim()).filter((p) => p !== undefined),
    ruff,
    installed: installedTopLevels(root, py),
    isort: (get(py, "tool", "isort") as Record<string, unknown>) ?? isortIni(root),
    blackLineLength:
      typeof get(py, "tool", "black", "line-length") === "number"
        ? (get(py, "tool", "black", "line-length") as number)
        : null,
    distribution: distributionOf(root, py),
  };
}

/** setup.cfg `[options] package_dir = =src` */
function setupCfgRoots(root: string): string[] {
  const path = join(root, "setup.cfg");
  if (!existsSync(path)) return [];
  const m = /^\s*package_dir\s*=\s*(?:\n\s+)?=\s*(\S+)/m.exec(readFileSync(path, "utf8"));
  return m ? [m[1]] : [];
}

/** isort's INI homes, in isort's order of precedence: `.isort.cfg [settings]`, `setup.cfg [isort]`, `tox.ini [isort]`. */
function isortIni(root: string): Record<string, unknown> | null {
  for (const [file, section] of [
    [".isort.cfg", "settings"],
    [".isort.cfg", "isort"],
    ["setup.cfg", "isort"],
    ["tox.ini", "isort"],
  ]) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const values = iniSection(readFileSync(path, "utf8"), section);
    if (values) return values;
  }
  return null;
}

/** One section of an INI file; values `true`/`false`, integers and comma lists read as isort reads them. */
export function iniSection(text: string, section: string): Record<string, unknown> | null {
  let inside = false;
  let found = false;
  let key: string | null = null;
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      inside = header[1].trim() === section;
      found ||= inside;
      key = null;
      continue;
    }
    if (!inside || /^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const kv = /^(\w[\w-]*)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv) {
      key = kv[1];
      out[key] = kv[2].trim();
    } else if (key && /^\s/.test(raw)) out[key] = `${out[key]},${raw.trim()}`.replace(/^,/, "");
  }
  if (!found) return null;
  const value = (v: string): unknown => {
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    if (/^\d+$/.test(v)) return Number(v);
    return v.includes(",")
      ? v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : v;
  };
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, value(v)]));
}

function distributionOf(root: string, py: Record<string, unknown>): string | null {
  const cfg = existsSync(join(root, "setup.cfg"))
    ? iniSection(readFileSync(join(root, "setup.cfg"), "utf8"), "metadata")
    : null;
  const builds =
    get(py, "build-system") !== undefined || existsSync(join(root, "setup.py")) || typeof cfg?.name === "string";
  if (!builds) return null;
  const name = get(py, "project", "name") ?? get(py, "tool", "poetry", "name") ?? cfg?.name;
  return typeof name === "string" ? name : "(setup.py)";
}
