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

export interface ToolConfig {
  remodel: RemodelConfig;
  /** Source roots declared by other tools, relative to the root, as written (may contain globs for pants). */
  declaredRoots: string[];
  /** The project's ruff/isort settings, for sorting touched import blocks. */
  ruff: Record<string, unknown> | null;
  /** Top-level import names of installed distributions (declared dependencies, a local virtualenv). */
  installed: string[];
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
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

export function readToolConfig(root: string): ToolConfig {
  const py = readToml(join(root, "pyproject.toml")) ?? {};
  const raw = (get(py, "tool", "remodel") as Record<string, unknown>) ?? {};
  const remodel: RemodelConfig = {
    src: strings(raw.src),
    exclude: strings(raw.exclude),
    commitMessage: typeof raw["commit-message"] === "string" ? (raw["commit-message"] as string) : null,
    raw,
  };
  const declared: string[] = [];
  // mypy: "src:stubs" or a list
  for (const p of strings(get(py, "tool", "mypy", "mypy_path"))) declared.push(...p.split(/[:,]/));
  declared.push(...strings(get(py, "tool", "pyright", "extraPaths")), ...strings(get(py, "tool", "pyright", "stubPath")));
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
  const ruff = (get(py, "tool", "ruff") as Record<string, unknown>) ?? readToml(join(root, "ruff.toml")) ?? readToml(join(root, ".ruff.toml"));
  return { remodel, declaredRoots: declared.map((p) => p.trim()).filter((p) => p !== undefined), ruff, installed: installedTopLevels(root, py) };
}

/** setup.cfg `[options] package_dir = =src` */
function setupCfgRoots(root: string): string[] {
  const path = join(root, "setup.cfg");
  if (!existsSync(path)) return [];
  const m = /^\s*package_dir\s*=\s*(?:\n\s+)?=\s*(\S+)/m.exec(readFileSync(path, "utf8"));
  return m ? [m[1]] : [];
}
