/**
 * `remodel demo`: copy the bundled example backend (Kestrel) to a fresh git repository, plan and
 * apply the `models/{name}.py` → `models/{name}/row.py` migration with one commit per model, and
 * check the result statically and, when a Python with SQLAlchemy is around, at runtime.
 */
import { git } from "../core/git.js";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Problem } from "../core/diagnostics.js";
import { RemodelError } from "../core/errors.js";
import { loadProject } from "../project/load.js";
import { Resolver } from "../project/resolver.js";
import { applyPackagePlan, type StepOutcome } from "../run/apply-package-plan.js";
import {
  planPackage,
  renderPackagePlan,
  type PackagePlan,
  type PackageStep,
} from "../refactor/package/package-plan.js";
import { runChecks } from "../verify/check.js";
import { alembicHeads, findPython, metadataDump, unittestSuite, type RuntimeResult } from "./runtime.js";

/** The example shipped with the package (examples/ is in package.json "files"). */
export const EXAMPLE_DIR = fileURLToPath(new URL("../../../examples/demo-backend", import.meta.url));
export const DEMO_PACKAGE = "kestrel.models";
export const DEMO_EXCLUDE = ["base"];
export const PLAN_FILE = "remodel-plan.toml";

export interface DemoOptions {
  /** Where to put the copy (absent or empty); default: a new folder in the temporary directory. */
  dir?: string;
  /** Interpreter for the runtime checks; null skips them; undefined looks for one with SQLAlchemy. */
  python?: string | null;
  /** The commit message of a step, from the project's `[tool.remodel] commit-message`. */
  message(template: string | null, step: PackageStep): string;
}

export interface RuntimeCheck {
  name: string;
  before: RuntimeResult;
  after: RuntimeResult;
  /** The after-state is as good as the before-state (and equal, for values that must not change). */
  ok: boolean;
}

export interface DemoReport {
  dir: string;
  plan: PackagePlan;
  outcomes: StepOutcome[];
  status: "written" | "failed" | "refused" | "dry-run" | "nothing-to-do";
  problemsBefore: Problem[];
  added: Problem[];
  python: string | null;
  runtime: RuntimeCheck[];
  commits: string[];
  shortstat: string;
  seconds: number;
}

export async function runDemo(opts: DemoOptions): Promise<DemoReport> {
  const t0 = performance.now();
  const dir = prepareCopy(opts.dir);
  const python = opts.python === undefined ? findPython() : opts.python;
  const before = python ? runtimeState(python, dir) : [];
  const project = await loadProject(dir, { noCache: true, exactRoot: true });
  const problemsBefore = runChecks(project);
  const plan = planPackage(new Resolver(project), DEMO_PACKAGE, { submodule: "row", exclude: DEMO_EXCLUDE });
  writeFileSync(join(dir, PLAN_FILE), renderPackagePlan(plan));
  const template = project.config.commitMessage;
  const { outcomes, result } = await applyPackagePlan(project, plan, {
    exports: "used",
    commitEach: true,
    dryRun: false,
    force: false,
    allowDirty: false,
    before: { problems: problemsBefore },
    message: (step) => opts.message(template, step),
  });
  const after = python ? runtimeState(python, dir) : [];
  const runtime = before.map((b, i) => ({
    name: b.name,
    before: b.result,
    after: after[i].result,
    ok: sameOrBetter(b.name, b.result, after[i].result),
  }));
  return {
    dir,
    plan,
    outcomes,
    python,
    runtime,
    status: result?.status ?? "nothing-to-do",
    problemsBefore,
    // apply's own verdict: it maps the moved modules' names before comparing (a cycle through
    // `audit_log` now runs through `audit_log.row`, which is the same cycle).
    added: result?.added ?? [],
    commits: git(dir, ["log", "--format=%h %s", "--reverse", `${rootCommit(dir)}..HEAD`])
      .split("\n")
      .filter(Boolean),
    shortstat: git(dir, ["diff", "--shortstat", "-M", rootCommit(dir), "HEAD"]).trim(),
    seconds: (performance.now() - t0) / 1000,
  };
}

function prepareCopy(target: string | undefined): string {
  const dir = target ? resolve(target) : mkdtempSync(join(tmpdir(), "remodel-demo-"));
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new RemodelError(`${dir}: folder exists and is not empty`);
  cpSync(EXAMPLE_DIR, dir, {
    recursive: true,
    filter: (src) => !/(__pycache__|\.remodel-cache|\.pyc$|\.db$)/.test(basename(src)),
  });
  git(dir, ["init", "-q"]);
  git(dir, ["config", "user.name", "Remodel demo"]);
  git(dir, ["config", "user.email", "demo@remodel.invalid"]);
  git(dir, ["config", "commit.gpgsign", "false"]);
  appendFileSync(join(dir, ".git", "info", "exclude"), `${PLAN_FILE}\n`);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "Kestrel: the example backend before the migration"]);
  return dir;
}

function runtimeState(python: string, dir: string): { name: string; result: RuntimeResult }[] {
  return [
    { name: "unittest", result: unittestSuite(python, dir) },
    { name: "metadata", result: metadataDump(python, dir, DEMO_PACKAGE) },
    { name: "alembic", result: alembicHeads(python, dir) },
  ];
}

function sameOrBetter(name: string, before: RuntimeResult, after: RuntimeResult): boolean {
  if (!after.ok && before.ok) return false;
  // The schema and the migration heads must not change at all; tests must pass as they did.
  return name === "unittest" ? after.ok || !before.ok : after.value === before.value;
}

const rootCommit = (dir: string) => git(dir, ["rev-list", "--max-parents=0", "HEAD"]).trim();
