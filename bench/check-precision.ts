import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Problem } from "../src/core/diagnostics.js";
import { loadProject } from "../src/project/load.js";
import type { ProjectIndex } from "../src/project/types.js";
import { runChecks } from "../src/verify/check.js";
import { notCounted } from "./check-precision/not-counted.js";
import { pyrightImportDiagnostics, type ImportDiagnostic } from "./check-precision/pyright.js";
import type { BenchSuite, Figure } from "./types.js";

/**
 * Issue 13's precision measure: `check` on public projects (bench/check-precision/projects.json)
 * against pyright. Every RM001-RM004 should be an import problem pyright also reports (precision),
 * and every import problem pyright reports about a first-party module should be found (recall).
 * Checkouts are read from `$REMODEL_PRECISION_ROOT/<owner>+<name>@<commit[:8]>/`; an absent one is
 * skipped and named. RM005/RM006 have no pyright counterpart: they are listed for reading by hand
 * (`REMODEL_PRECISION_LIST=1`).
 */
export interface PrecisionProject {
  id: string;
  kind: string;
  repo: string;
  commit: string;
  root: string;
}

const here = new URL(".", import.meta.url).pathname.replace("/dist/bench/", "/bench/");

export function loadProjects(): PrecisionProject[] {
  return (
    JSON.parse(readFileSync(join(here, "check-precision", "projects.json"), "utf8")) as { projects: PrecisionProject[] }
  ).projects;
}

const importCodes = new Set(["RM001", "RM002", "RM003", "RM004"]);

/**
 * A pyright diagnostic is Remodel's business when the module it is about belongs to the project.
 * A top-level folder without `__init__.py` is a namespace portion, and CPython prefers an
 * installed regular package of the same name to it (`alembic/` beside `alembic.ini`): then the
 * module is the installed one. `installed` are such names CPython finds outside the project.
 */
export function isFirstParty(index: ProjectIndex, d: ImportDiagnostic, installed: ReadonlySet<string>): boolean {
  if (d.module === "" || d.module.startsWith(".")) return true;
  const top = d.module.split(".")[0];
  return index.modules.has(top) && !installed.has(top);
}

/** Top-level namespace folders of the project that CPython (`python`) imports from an installed package instead. */
export function installedOverNamespace(index: ProjectIndex, python: string): Set<string> {
  const names = [...index.modules.values()].filter((m) => m.file === null && !m.name.includes(".")).map((m) => m.name);
  if (names.length === 0) return new Set();
  // -I: sys.path without the current directory or PYTHON* variables, so only installed packages count.
  const script =
    "import importlib.util,sys\nfor n in sys.argv[1:]:\n  s=importlib.util.find_spec(n)\n  if s is not None and s.origin not in (None,'namespace'): print(n)";
  const out = execFileSync(python, ["-I", "-c", script, ...names], { encoding: "utf8", cwd: "/" });
  return new Set(out.split("\n").filter(Boolean));
}

export interface Matching {
  matched: number;
  /** Remodel problems pyright does not report. */
  onlyRemodel: Problem[];
  /** First-party pyright diagnostics Remodel does not report. */
  onlyPyright: ImportDiagnostic[];
}

/**
 * Pairs problems by file and quoted subject (Remodel and pyright point at different columns and,
 * in a parenthesised `from` import, at different lines of one statement).
 */
export function match(remodel: readonly Problem[], pyright: readonly ImportDiagnostic[]): Matching {
  const key = (path: string, subject: string) => `${path}\0${subject.replace(/^\.+/, "")}`;
  const pending = new Map<string, ImportDiagnostic[]>();
  for (const d of pyright) {
    const k = key(d.path, d.subject);
    pending.set(k, [...(pending.get(k) ?? []), d]);
  }
  let matched = 0;
  const onlyRemodel: Problem[] = [];
  for (const p of remodel) {
    const subject = /"([^"]*)"/.exec(p.message)?.[1] ?? "";
    const list = pending.get(key(p.path, subject));
    if (list?.length) {
      list.shift();
      matched++;
    } else onlyRemodel.push(p);
  }
  return { matched, onlyRemodel, onlyPyright: [...pending.values()].flat() };
}

export const suite: BenchSuite = {
  name: "check-precision",
  async run() {
    const base = resolve(process.env.REMODEL_PRECISION_ROOT ?? "/tmp/real");
    const list = process.env.REMODEL_PRECISION_LIST === "1";
    const figures: Figure[] = [];
    const notes: string[] = [];
    let remodelTotal = 0,
      pyrightTotal = 0,
      matchedTotal = 0;
    // REMODEL_PRECISION_ONLY=id,id: only these projects (pyright takes minutes on the large ones).
    const only = process.env.REMODEL_PRECISION_ONLY?.split(",");
    for (const p of loadProjects().filter((x) => !only || only.includes(x.id))) {
      const dir = join(base, `${p.repo.replace("/", "+")}@${p.commit.slice(0, 8)}`, p.root);
      if (!existsSync(dir)) {
        notes.push(`${p.id}: no checkout at ${dir}, skipped`);
        continue;
      }
      const index = await loadProject(dir, { noCache: true, exactRoot: true });
      const problems = runChecks(index);
      const remodel = problems.filter((x) => importCodes.has(x.code));
      const installed = installedOverNamespace(index, process.env.REMODEL_PRECISION_PYTHON ?? "/usr/bin/python3");
      const run = pyrightImportDiagnostics(index);
      const pyright: ImportDiagnostic[] = [];
      const left = new Map<string, number>();
      for (const d of run.diagnostics.filter((x) => isFirstParty(index, x, installed))) {
        const kind = notCounted.find((k) => k.applies(d, { index, lines: run.lines }));
        if (kind) left.set(kind.name, (left.get(kind.name) ?? 0) + 1);
        else pyright.push(d);
      }
      for (const [name, n] of left) notes.push(`${p.id}: ${n} pyright first-party diagnostics not counted: ${name}`);
      const m = match(remodel, pyright);
      remodelTotal += remodel.length;
      pyrightTotal += pyright.length;
      matchedTotal += m.matched;
      const precision = remodel.length ? m.matched / remodel.length : 1;
      const recall = pyright.length ? m.matched / pyright.length : 1;
      figures.push({
        name: `${p.id} precision / recall`,
        value: Math.min(precision, recall),
        unit: "ratio",
        detail: `${p.repo}@${p.commit.slice(0, 8)} (${p.kind}): RM001-RM004 ${remodel.length}, pyright first-party ${pyright.length}, matched ${m.matched}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; RM005 ${count(problems, "RM005")}, RM006 ${count(problems, "RM006")}`,
      });
      for (const x of m.onlyRemodel) notes.push(`${p.id}: only Remodel: ${x.path}:${x.line}: ${x.code} ${x.message}`);
      for (const d of m.onlyPyright)
        notes.push(`${p.id}: only pyright: ${d.path}:${d.line}: ${d.message} [${d.module}]`);
      if (list)
        for (const x of problems)
          if (x.code === "RM005" || x.code === "RM006")
            notes.push(`${p.id}: ${x.path}:${x.line}: ${x.code} ${x.message}`);
    }
    const precision = remodelTotal ? matchedTotal / remodelTotal : 1;
    const recall = pyrightTotal ? matchedTotal / pyrightTotal : 1;
    figures.push({
      name: "all projects precision",
      value: precision,
      unit: "ratio",
      detail: `${matchedTotal} of ${remodelTotal} RM001-RM004 confirmed by pyright (goal ≥ 0.99)`,
    });
    figures.push({
      name: "all projects recall",
      value: recall,
      unit: "ratio",
      detail: `${matchedTotal} of ${pyrightTotal} pyright first-party import errors found (goal ≥ 0.99)`,
    });
    return { figures, notes };
  },
};

function count(problems: readonly Problem[], code: string): number {
  return problems.filter((x) => x.code === code).length;
}
