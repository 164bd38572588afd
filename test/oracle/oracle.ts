/**
 * Runs generated projects through Remodel and through CPython and compares the verdicts line by
 * line. One python3 process checks a whole batch of projects (see harness.py).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Problem } from "../../src/core/diagnostics.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { runChecks } from "../../src/verify/check.js";
import { moduleRoots } from "../../src/project/module-roots.js";
import type { GenProject } from "./generate-project.js";
import { writeProject as writeRecord } from "../support/write-project.js";

export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
/** Thousands of tiny files: a RAM disk when there is one (ten times faster than a VM's /tmp). */
export const SCRATCH = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const HARNESS = join(process.cwd(), "test/oracle/harness.py");
const IMPORT_CODES = ["RM001", "RM002", "RM003", "RM004"];

export interface PythonResult {
  library: Record<string, string | null>;
  /** probe path → line → null (ran) or "ErrorType: message". */
  probes: Record<string, Record<string, string | null>>;
}

export interface RemodelResult {
  problems: Problem[];
  /** Is this absolute module name first-party for Remodel (else it is never reported)? */
  firstParty(name: string): boolean;
  /** Does `module.name` resolve to a submodule (directly or through star imports)? */
  isSubmodule(module: string, name: string): boolean;
  /** The module Remodel takes an import-bound name of a file to be, if any. */
  moduleAlias(path: string, alias: string): string | undefined;
}

/** Allowed differences, each a documented choice of Remodel's static view. */
export type Leniency = "unloaded-submodule" | "value-attribute" | "not-first-party";

export interface Verdict {
  project: GenProject;
  path: string;
  line: number;
  text: string;
  python: string | null;
  remodel: Problem[];
  leniency: Leniency | null;
}

export function writeProject(dir: string, p: GenProject): void {
  writeRecord(p.files, dir);
}

export async function runRemodel(dir: string): Promise<RemodelResult> {
  const index = await loadProject(dir, { noCache: true, exactRoot: true });
  const resolver = new Resolver(index);
  const problems = runChecks(index, { select: IMPORT_CODES });
  const isSubmodule = (module: string, name: string) => {
    const d = resolver.definition(resolver.lookup(module, name));
    return !!d && "submodule" in d;
  };
  const roots = new Map<string, ReadonlyMap<string, string>>();
  const moduleAlias = (path: string, alias: string) => {
    const file = index.files.get(path);
    if (!file) return undefined;
    if (!roots.has(path)) roots.set(path, moduleRoots(resolver, file));
    return roots.get(path)!.get(alias);
  };
  return { problems, firstParty: (n) => resolver.isFirstParty(n), isSubmodule, moduleAlias };
}

/** Runs the harness over many projects in one python3 process. */
export function runPython(batch: { dir: string; project: GenProject }[]): Promise<PythonResult[]> {
  const input = batch.map(({ dir, project }) => ({
    sysPath: [join(dir, project.srcRoot)],
    library: project.library,
    probes: project.probes.map((p) => ({ ...p, abspath: join(dir, p.path) })),
  }));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ["-I", HARNESS], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`harness exited ${code}: ${err}`));
      resolve(
        out
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as PythonResult),
      );
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** Per probe line: both verdicts, and whether a difference is one of the allowed leniencies. */
export function compare(project: GenProject, remodel: RemodelResult, python: PythonResult): Verdict[] {
  const out: Verdict[] = [];
  for (const probe of project.probes) {
    const lines = project.files.get(probe.path)!.split("\n");
    for (const [line, error] of Object.entries(python.probes[probe.path] ?? {})) {
      const n = Number(line);
      const problems = remodel.problems.filter((p) => p.path === probe.path && p.line === n);
      // `from M import *` fails when M's __all__ names something M lacks: RM004, reported in M.
      const star = starTarget(probe, lines[n - 1]);
      const starFile = star ? fileOf(project, star) : null;
      if (starFile) problems.push(...remodel.problems.filter((p) => p.code === "RM004" && p.path === starFile));
      out.push({
        project,
        path: probe.path,
        line: n,
        text: lines[n - 1],
        python: error,
        remodel: problems,
        leniency: error && problems.length === 0 ? leniency(project, remodel, error, probe.path, lines[n - 1]) : null,
      });
    }
  }
  return out;
}

/**
 * Remodel says "fine" where CPython fails, by design:
 * - a submodule read as an attribute (`import a; a.sub`), or star-exported by a package without
 *   `__all__`, exists only once something imported it; Remodel cannot know the import order and
 *   accepts every submodule (pitfall 9);
 * - attributes of values (classes, constants) are not checked;
 * - a missing child of a lone top-level namespace directory is not first-party (an installed
 *   distribution could provide it).
 */
function leniency(
  project: GenProject,
  remodel: RemodelResult,
  error: string,
  path: string,
  text: string,
): Leniency | null {
  const attr = /^AttributeError: module '([\w.]+)' has no attribute '(\w+)'/.exec(error);
  const name = /^ImportError: cannot import name '(\w+)' from '([\w.]+)'/.exec(error);
  if (attr || name) {
    const [module, n] = attr ? [attr[1], attr[2]] : [name![2], name![1]];
    const sub = project.modules.get(`${module}.${n}`);
    if ((sub && !sub.probe) || remodel.isSubmodule(module, n)) return "unloaded-submodule";
    return null;
  }
  if (/^AttributeError: ('[\w.]+' object|type object '\w+') has no attribute/.test(error)) {
    // Only if Remodel, too, took the name for a value: else it resolved it to the wrong thing.
    const alias = /; (\w+)\.\w+$/.exec(text);
    return alias && remodel.moduleAlias(path, alias[1]) ? null : "value-attribute";
  }
  const missing = /^ModuleNotFoundError: No module named '([\w.]+)'/.exec(error);
  if (missing && !remodel.firstParty(missing[1])) return "not-first-party";
  return null;
}

/** The absolute module of a probe line `from <dots><name> import *`, or null. */
function starTarget(probe: GenProject["probes"][number], text: string): string | null {
  const m = /^from (\.*)([\w.]*) import \*$/.exec(text);
  if (!m) return null;
  if (!m[1]) return m[2];
  const pkg = probe.isPackage ? probe.module.split(".") : probe.module.split(".").slice(0, -1);
  if (m[1].length - 1 >= pkg.length) return null;
  return [...pkg.slice(0, pkg.length - (m[1].length - 1)), ...(m[2] ? [m[2]] : [])].join(".");
}

function fileOf(project: GenProject, module: string): string | null {
  const mod = project.modules.get(module);
  if (!mod?.path) return null;
  return project.srcRoot ? `${project.srcRoot}/${mod.path}` : mod.path;
}

export function isDisagreement(v: Verdict): boolean {
  return (v.python === null) !== (v.remodel.length === 0) && v.leniency === null;
}

/**
 * Library modules: CPython imported each one, so Remodel must report nothing in them but the
 * deliberately broken `__all__` entries (`Ghost`), each exactly once.
 */
export function libraryFindings(project: GenProject, remodel: RemodelResult): string[] {
  const probePaths = new Set(project.probes.map((p) => p.path));
  const ghost = (p: Problem) => p.code === "RM004" && p.message.startsWith('"Ghost"');
  const out = remodel.problems
    .filter((p) => !probePaths.has(p.path) && !ghost(p))
    .map((p) => `${p.path}:${p.line}: ${p.code} ${p.message}`);
  const broken = [...project.modules.values()]
    .filter((m) => m.brokenAll)
    .map((m) => fileOf(project, m.name))
    .sort();
  const reported = remodel.problems
    .filter(ghost)
    .map((p) => p.path)
    .sort();
  if (JSON.stringify(broken) !== JSON.stringify(reported))
    out.push(`Ghost reported in ${reported.join(", ") || "no file"}, expected in ${broken.join(", ")}`);
  return out;
}
