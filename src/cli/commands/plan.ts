import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Resolver } from "../../project/resolver.js";
import { planPackage, renderPackagePlan } from "../../refactor/package/package-plan.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { json, loadFromArgs } from "../project-arg.js";

const list = (v: unknown) =>
  typeof v === "string"
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

const plan: Command = {
  name: "plan",
  summary:
    "Write an editable plan: `plan package PKG` (module -> package migration), `plan split FILE` (monolith -> package)",
  usage: [
    "usage: remodel plan split FILE [--root DIR] [--modules N] [--out split.toml] [--explain] [--json]",
    "  FILE           the module to split (pkg/models.py); the plan maps each new module to its statements",
    "  --modules N    at most N modules: the planner's modules merged along their strongest links (an upper bound)",
    "  --explain      say per module which signals put its statements together",
    "usage: remodel plan package PKG [--root DIR] [--submodule row] [--only a,b] [--exclude a,b] [--out plan.toml] [--json]",
    "  PKG            the package whose modules become packages (dotted name or directory)",
    "  --submodule    the module that receives each module's code (default: row)",
    "  --only/--exclude  module names (last part) to include or leave out",
  ].join("\n"),
  options: {
    ...commonOptions,
    root: { type: "string" },
    submodule: { type: "string" },
    only: { type: "string" },
    exclude: { type: "string" },
    out: { type: "string" },
    explain: { type: "boolean" },
    modules: { type: "string" },
  },
  jsonErrors: true,
  async run({ positionals, values, io }) {
    const [kind, target] = positionals;
    if (kind === "split" && target) return (await import("./split.js")).runPlanSplit(target, values, io);
    if (kind !== "package" || !target) throw new UsageError("expected: plan package PKG, or plan split FILE");
    // An option of the other plan would be read and do nothing: say so instead.
    for (const only of ["modules", "explain"])
      if (values[only] !== undefined) throw new UsageError(`--${only} applies to plan split, not plan package`);
    const project = await loadFromArgs(values.root as string | undefined, values, io);
    const pkg = target.includes("/") ? packageOfDir(project.files, target.replace(/\/$/, "")) : target;
    if (!project.modules.get(pkg)?.isPackage) throw new UsageError(`${target} is not a package of the project`);
    const result = planPackage(new Resolver(project), pkg, {
      submodule: (values.submodule as string) ?? "row",
      only: list(values.only),
      exclude: list(values.exclude),
    });
    if (values.json) {
      io.out(json(result));
      return 0;
    }
    const text = renderPackagePlan(result);
    if (typeof values.out === "string") {
      writeFileSync(resolve(io.cwd, values.out), text);
      io.err(`wrote ${values.out}: ${result.steps.length} step(s)\n`);
    } else io.out(text);
    return 0;
  },
};
export default plan;

function packageOfDir(files: ReadonlyMap<string, { module: string }>, dir: string): string {
  const init = files.get(`${dir}/__init__.py`);
  if (!init) throw new UsageError(`${dir} has no __init__.py`);
  return init.module;
}
