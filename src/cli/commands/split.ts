import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RemodelError } from "../../core/errors.js";
import { outsideImportersRefusal } from "../../project/outside-importers.js";
import { Resolver } from "../../project/resolver.js";
import { proposeSplit } from "../../refactor/split/propose.js";
import { split } from "../../refactor/split/refactoring.js";
import type { SplitDetails } from "../../refactor/split/split.js";
import { parseSplitPlan, renderSplitPlan } from "../../refactor/split/split-toml.js";
import { runRefactoring, type Planned } from "../../run/runner.js";
import { commonOptions, UsageError, type Command, type Io, type Values } from "../command.js";
import { pathArg } from "../module-arg.js";
import { json, loadFromArgs } from "../project-arg.js";
import { loadForRefactoring } from "../refactor-arg.js";
import { errorJson, reportRun } from "../reporters/execution.js";
import { countNote } from "../../refactor/split/asked-count.js";
import { isFailure } from "../../core/outcome.js";

const command: Command = {
  name: "split",
  summary: "Split a monolithic module (models.py) into a package of domain modules, verified",
  usage: [
    "usage: remodel split FILE [--plan split.toml | --modules N] [--root DIR] [--no-facade] [--dry-run] [--commit] [--allow-dirty] [--force] [--python PYTHON] [--json]",
    "  FILE            the module to split: pkg/models.py becomes the package pkg/models/",
    "  --plan FILE     the plan written by `remodel plan split` (default: plan now, as plan split would)",
    "  --modules N     plan at most N modules: the planner's modules merged along their strongest links",
    "  --no-facade     rewrite importers to the new modules; __init__.py keeps only what they cannot import directly",
    "  --dry-run       print the plan and a unified diff; write nothing",
    "  --commit        commit the change",
    "  --allow-dirty   touch files that have uncommitted changes",
    "  --force         write even if verification finds new problems",
    "  --python PATH   also import the package before and after with this interpreter and compare the ORM metadata",
    "                  (default: the project's .venv/bin/python when it exists)",
  ].join("\n"),
  options: {
    ...commonOptions,
    root: { type: "string" },
    plan: { type: "string" },
    "dry-run": { type: "boolean" },
    commit: { type: "boolean" },
    "allow-dirty": { type: "boolean" },
    force: { type: "boolean" },
    python: { type: "string" },
    "no-facade": { type: "boolean" },
    modules: { type: "string" },
  },
  jsonErrors: true,
  async run({ positionals, values, io }) {
    if (positionals.length !== 1) throw new UsageError("split takes one FILE");
    const modules = moduleCount(values);
    if (modules !== undefined && values.plan)
      throw new RemodelError("--modules applies when split plans; a --plan file already says its modules");
    // One module is the file as it is: say so rather than skip with "the file is one domain".
    if (modules === 1)
      throw new RemodelError("--modules 1 leaves the file in one module, which is no split: give 2 or more");
    const { project, before } = await loadForRefactoring(values.root as string | undefined, values, io, {
      backgroundSchema: true,
    });
    const file = pathArg(project, baseDir(io, values, project.root, positionals[0]), positionals[0], true);
    const pkgDir = file.replace(/\.py$/, "");
    const plan = values.plan
      ? parseSplitPlan(readFileSync(resolve(io.cwd, values.plan as string), "utf8"), values.plan as string)
      : undefined;
    if (plan && plan.file !== file) throw new UsageError(`the plan splits ${plan.file}, not ${file}`);
    // Without a facade every importer must be rewritten: refuse when some live outside this project.
    const module = project.files.get(file)?.module;
    if (values["no-facade"] && module) {
      // --force writes anyway, but never silently: the files it leaves broken are named.
      const refusal = outsideImportersRefusal(project.root, module, "split", "drop --no-facade", Boolean(values.force));
      if (refusal) {
        io.err(refusal);
        if (values.json && !values.force) io.out(errorJson(refusal.trim().split("\n")[0]));
        if (!values.force) return 2;
      }
    }
    const result = await runRefactoring(
      project,
      split,
      {
        file,
        plan,
        modules,
        exists: (p) => existsSync(join(project.root, p)),
        noFacade: Boolean(values["no-facade"]),
        beforeSchema: before.schema,
      },
      {
        // The blocks split writes into new modules are laid out by the project's import sorter.
        dryRun: Boolean(values["dry-run"]),
        force: Boolean(values.force),
        allowDirty: Boolean(values["allow-dirty"]),
        before,
        sortImports: true,
        python: pythonOf(values, project.root),
        commitMessage: (planned) =>
          values.commit
            ? `refactor: split ${file} into ${pkgDir}/ (${(planned as Planned<SplitDetails>).modules.join(", ")})`
            : null,
      },
    );
    return reportRun("split", result, io, Boolean(values.json));
  },
};
export default command;

/** FILE is relative to the working directory, or to --root when it names nothing there. */
function baseDir(io: Io, values: Values, root: string, file: string): string {
  return values.root && !existsSync(resolve(io.cwd, file)) ? root : io.cwd;
}

function pythonOf(values: Values, root: string): string | null {
  if (typeof values.python === "string") return values.python;
  const venv = join(root, ".venv", "bin", "python");
  return existsSync(venv) ? venv : null;
}

/** `--modules N`: a whole number of 1 or more (the planner checks it against the file's classes). */
function moduleCount(values: Values): number | undefined {
  const raw = values.modules;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < 1)
    throw new RemodelError(`--modules takes a whole number of modules, 1 or more; got '${raw}'`);
  return n;
}

/** `remodel plan split FILE [--modules N] [--out split.toml] [--json]`. */
export async function runPlanSplit(target: string, values: Values, io: Io): Promise<number> {
  for (const only of ["submodule", "only", "exclude"])
    if (values[only] !== undefined) throw new UsageError(`--${only} applies to plan package, not plan split`);
  const modules = moduleCount(values);
  const project = await loadFromArgs(values.root as string | undefined, values, io);
  const file = pathArg(project, baseDir(io, values, project.root, target), target, true);
  const plan = proposeSplit(new Resolver(project), file, modules);
  if (isFailure(plan)) throw new RemodelError(plan.error);
  const why = plan.why;
  if (!values.explain) delete plan.why;
  const bound = countNote(modules, plan.modules.length);
  if (values.json) {
    // `notes` is always there (empty when there is none): a consumer reads it without a key check.
    io.out(json({ ...plan, notes: bound ? [bound] : [] }));
    return 0;
  }
  let text = renderSplitPlan(plan);
  if (bound) text += `\n# ${bound}\n`;
  // Comments, so the explained plan is still a plan file `split --plan` reads.
  if (values.explain && why)
    text += `\n# Why each module's statements are together (strongest signals first):\n${plan.modules.map((m) => `#   ${m.name}: ${(why[m.name] ?? []).join("; ")}`).join("\n")}\n`;
  if (typeof values.out === "string") {
    writeFileSync(resolve(io.cwd, values.out), text);
    io.err(
      `wrote ${values.out}: ${plan.modules.length} module(s)${plan.unplaced.length ? `, ${plan.unplaced.length} statement(s) to place by hand` : ""}${bound ? ` (${bound})` : ""}\n`,
    );
  } else io.out(text);
  return plan.unplaced.length ? 1 : 0;
}
