import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { allCases, type BuiltCase, buildCase, OPERATIONS, writeCase } from "../test/conformance/cases.js";
import { diffLines, median } from "./conformance/numstat.js";
import { added, pyrightImportDiagnostics, type PyrightTree } from "./conformance/pyright.js";
import { LAZY_FILE, ropeSteps } from "./conformance/rope.js";
import { probeKind, tally } from "./conformance/tally.js";
import type { BenchSuite, Figure } from "./types.js";

/**
 * Issue 13's side-by-side: every conformance case (test/conformance/cases.ts) moved by Remodel (its
 * CLI, as the conformance test runs it) and by rope's closest refactorings (bench/conformance/rope.ts)
 * on copies of one before tree, both results judged by CPython (test/conformance/conformance.py:
 * every module imports, every probe passes) and by one pyright run over every tree (first-party
 * import diagnostics added over the before tree), with the diff each wrote (`git diff --no-index -M
 * --numstat`, added + removed). rope cannot parse PEP 810 `lazy` imports: its run leaves the lazy
 * module unread, and its figures are given with that module (unchanged, so broken) and without it.
 * `REMODEL_CONFORMANCE_ONLY=substring[,substring]` keeps the cases whose name contains one of them.
 */
const here = new URL(".", import.meta.url).pathname.replace("/dist/bench/", "/bench/");
const JUDGE = join(here, "..", "test", "conformance", "conformance.py");
const ROPE = join(here, "conformance", "rope_move.py");
const PYTHON = "/usr/bin/python3";

interface Outcome {
  /** The move's own failure (non-zero exit, rope error), or null. */
  failed: string | null;
  diff: number;
  cpython: string[];
  pyright: string[];
}

interface CaseRun {
  c: BuiltCase;
  dir: string;
  remodel: Outcome;
  /** Absent where rope has no refactoring for the operation. */
  rope?: Outcome;
}

export const suite: BenchSuite = {
  name: "conformance",
  async run() {
    const only = process.env.REMODEL_CONFORMANCE_ONLY?.split(",").filter(Boolean);
    const cases = allCases()
      .filter((s) => !only || only.some((o) => s.name.includes(o)))
      .map(buildCase);
    const base = mkdtempSync(join(tmpdir(), "remodel-bench-conformance-"));
    const runs: CaseRun[] = [];
    for (const c of cases) {
      const dir = join(base, c.spec.name);
      writeCase(c, join(dir, "before"));
      cpSync(join(dir, "before"), join(dir, "remodel"), { recursive: true });
      const r = await remodel(c.args, join(dir, "remodel"));
      rmSync(join(dir, "remodel", ".remodel_cache"), { recursive: true, force: true });
      runs.push({ c, dir, remodel: { failed: r, diff: 0, cpython: [], pyright: [] } });
    }
    const ropeJobs = runs.flatMap((run) => {
      const steps = ropeSteps(run.c);
      if (!steps) return [];
      cpSync(join(run.dir, "before"), join(run.dir, "rope"), { recursive: true });
      run.rope = { failed: null, diff: 0, cpython: [], pyright: [] };
      return [{ root: join(run.dir, "rope"), steps, ignored: [LAZY_FILE.split("/").pop()] }];
    });
    const ropeOut = python(ROPE, ropeJobs);
    for (const run of runs)
      if (run.rope) run.rope.failed = (ropeOut.get(join(run.dir, "rope")) as { error: string | null }).error;
    for (const run of runs)
      for (const [name, o] of outcomes(run)) o.diff = diffLines(join(run.dir, "before"), join(run.dir, name));

    // CPython: before trees must pass (else the case proves nothing), then both results.
    const trees = runs.flatMap((run) =>
      ["before", ...outcomes(run).map(([n]) => n)].map((n) => ({
        root: join(run.dir, n),
        srcRoot: run.c.srcRoot,
        django: run.c.spec.framework === "django",
      })),
    );
    const verdicts = python(JUDGE, trees);
    const errorsOf = (root: string) => (verdicts.get(root) as { errors: string[] }).errors;
    const notes: string[] = [];
    for (const run of runs) {
      const bad = errorsOf(join(run.dir, "before"));
      if (bad.length > 0) notes.push(`${run.c.spec.name}: the before tree fails CPython: ${bad.join("; ")}`);
      for (const [name, o] of outcomes(run)) o.cpython = errorsOf(join(run.dir, name));
    }
    const pyTrees: PyrightTree[] = trees.map((t) => ({ root: t.root, srcRoot: t.srcRoot }));
    const diags = pyrightImportDiagnostics(base, pyTrees, "app");
    for (const run of runs) {
      const before = diags.get(join(run.dir, "before")) as Map<string, number>;
      for (const [name, o] of outcomes(run))
        o.pyright = added(before, diags.get(join(run.dir, name)) as Map<string, number>);
    }
    if (process.env.REMODEL_CONFORMANCE_KEEP !== "1") rmSync(base, { recursive: true, force: true });
    else notes.push(`trees kept in ${base}`);
    return { figures: figures(runs), notes: [...notes, ...tallyNotes(runs)] };
  },
};

function outcomes(run: CaseRun): [string, Outcome][] {
  return [
    ["remodel", run.remodel] as [string, Outcome],
    ...(run.rope ? [["rope", run.rope] as [string, Outcome]] : []),
  ];
}

async function remodel(args: string[], cwd: string): Promise<string | null> {
  let out = "";
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (out += t), isTTY: false, cwd });
  return code === 0 ? null : `exit ${code}: ${out.trim().split("\n").pop()}`;
}

/** Runs a JSON-lines Python helper on a list of jobs; its answers keyed by `root`. */
function python(script: string, jobs: { root: string }[]): Map<string, unknown> {
  if (jobs.length === 0) return new Map();
  const r = spawnSync(PYTHON, [script], {
    input: JSON.stringify(jobs),
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  const out = new Map<string, unknown>();
  for (const line of r.stdout.split("\n").filter(Boolean)) {
    const v = JSON.parse(line) as { root: string };
    out.set(v.root, v);
  }
  if (out.size !== jobs.length)
    throw new Error(`${script} answered for ${out.size} of ${jobs.length} trees:\n${r.stderr}`);
  return out;
}

/** Whether an outcome passes a judge, counting or not the lazy module's findings. */
function passes(o: Outcome, judge: "cpython" | "pyright", lazy: boolean): boolean {
  if (o.failed !== null) return false;
  const found =
    judge === "cpython"
      ? o.cpython.filter((e) => lazy || probeKind(e) !== "lazy import")
      : o.pyright.filter((d) => lazy || !d.split(": ")[0].endsWith(LAZY_FILE));
  return found.length === 0;
}

function figures(runs: CaseRun[]): Figure[] {
  const out: Figure[] = [];
  const groups: [string, CaseRun[]][] = [
    ...OPERATIONS.map((op) => [op, runs.filter((r) => r.c.spec.op === op)] as [string, CaseRun[]]),
    // rope names a module by the folders with __init__.py above it: namespace packages are where it parts from CPython.
    ["regular packages", runs.filter((r) => r.c.spec.ns === "regular")],
    ["namespace packages", runs.filter((r) => r.c.spec.ns === "namespace")],
    ["all", runs],
  ];
  for (const [op, rs] of groups) {
    if (rs.length === 0) continue;
    const n = rs.length;
    const count = (pick: (r: CaseRun) => Outcome | undefined, judge: "cpython" | "pyright", lazy: boolean) =>
      rs.filter((r) => {
        const o = pick(r);
        return o !== undefined && passes(o, judge, lazy);
      }).length;
    const rm = (r: CaseRun) => r.remodel;
    const rp = (r: CaseRun) => r.rope;
    const ropeRan = rs.filter((r) => r.rope);
    const ropeFailed = ropeRan.filter((r) => r.rope?.failed !== null).length;
    out.push({
      name: `${op}: Remodel CPython / pyright pass`,
      value: count(rm, "cpython", true),
      unit: "count",
      detail: `of ${n}: CPython ${count(rm, "cpython", true)}/${n}, pyright ${count(rm, "pyright", true)}/${n}; without the lazy module CPython ${count(rm, "cpython", false)}/${n}, pyright ${count(rm, "pyright", false)}/${n}; moves failed ${rs.filter((r) => r.remodel.failed !== null).length}; median diff ${median(rs.map((r) => r.remodel.diff))} lines`,
    });
    out.push({
      name: `${op}: rope CPython / pyright pass`,
      value: count(rp, "cpython", true),
      unit: "count",
      detail: `of ${n}: with the lazy module CPython ${count(rp, "cpython", true)}/${n}, pyright ${count(rp, "pyright", true)}/${n}; lazy module set aside CPython ${count(rp, "cpython", false)}/${n}, pyright ${count(rp, "pyright", false)}/${n}; not supported by rope ${n - ropeRan.length}, rope errors ${ropeFailed}; median diff ${median(ropeRan.map((r) => (r.rope as Outcome).diff))} lines`,
    });
  }
  return out;
}

/**
 * Which probes (string kinds, import contexts) each tool breaks, and in how many cases; for rope
 * also over the cases whose imports it rewrote right (pyright clean, lazy module aside), where a
 * probe that fails is a string or comment it left, not the fallout of an importer that no longer imports.
 */
function tallyNotes(runs: CaseRun[]): string[] {
  const notes: string[] = [];
  const ropeOuts = runs.map((r) => r.rope).filter((o): o is Outcome => o !== undefined);
  const sets: [string, Outcome[]][] = [
    ["remodel", runs.map((r) => r.remodel)],
    ["rope", ropeOuts],
    ["rope, imports right", ropeOuts.filter((o) => passes(o, "pyright", false))],
  ];
  for (const [label, outs] of sets)
    for (const [kind, n] of tally(outs)) notes.push(`${label}: ${kind}: ${n} of ${outs.length} cases`);
  return notes;
}
