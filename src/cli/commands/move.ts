import { existsSync } from "node:fs";
import { join } from "node:path";
import { Resolver } from "../../project/resolver.js";
import { executePlan } from "../../refactor/execute.js";
import { planMoveToPackage } from "../../refactor/move-to-package.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { pathArg } from "../module-arg.js";
import { json, loadFromArgs } from "../project-arg.js";
import { renderExecution } from "../reporters/execution.js";

const move: Command = {
  name: "move",
  summary: "Move a module into a package (models/user.py -> models/user/row.py), verified",
  usage: [
    "usage: remodel move SRC DEST [--root DIR] [--dry-run] [--commit] [--allow-dirty] [--force] [--exports used|all-public] [--json]",
    "  SRC, DEST       file paths (like git mv) or dotted module names",
    "  --dry-run       print the plan and a unified diff; write nothing",
    "  --commit        commit the change (message from [tool.remodel] commit-message)",
    "  --allow-dirty   touch files that have uncommitted changes",
    "  --force         write even if verification finds new problems",
    "  --exports MODE  used (default): __all__ plus every name the project uses; all-public: every public name",
  ].join("\n"),
  options: {
    ...commonOptions,
    root: { type: "string" },
    "dry-run": { type: "boolean" },
    commit: { type: "boolean" },
    "allow-dirty": { type: "boolean" },
    force: { type: "boolean" },
    exports: { type: "string" },
  },
  async run({ positionals, values, io }) {
    if (positionals.length !== 2) throw new UsageError("move takes SRC and DEST");
    const exportsMode = (values.exports as string | undefined) ?? "used";
    if (exportsMode !== "used" && exportsMode !== "all-public") throw new UsageError("--exports is used or all-public");
    const project = await loadFromArgs(values.root as string | undefined, values, io);
    const src = pathArg(project, io.cwd, positionals[0], false).replace(/\/__init__\.py$/, ".py");
    const dest = pathArg(project, io.cwd, positionals[1], false);
    const pkgDir = src.replace(/\.py$/, "");
    if (!project.files.has(src)) {
      if (project.files.has(dest) && project.files.has(`${pkgDir}/__init__.py`)) {
        io.out(`${src} is already moved to ${dest}; nothing to do\n`);
        return 0;
      }
      throw new UsageError(`${src} is not a Python file of the project`);
    }
    const m = new RegExp(`^${escape(pkgDir)}/([A-Za-z_]\\w*)\\.py$`).exec(dest);
    if (!m) throw new UsageError(`moving ${src} to ${dest} is not supported yet: DEST must be inside SRC's own name (e.g. ${pkgDir}/row.py)`);
    const resolver = new Resolver(project);
    const planned = planMoveToPackage(resolver, src, {
      submodule: m[1], exports: exportsMode, exists: (p) => existsSync(join(project.root, p)),
    });
    if (planned.kind !== "planned") {
      io.err(`remodel move: ${planned.reason}\n`);
      return 2;
    }
    const module = project.files.get(src)!.module;
    const message = values.commit ? commitMessage(project.config.commitMessage, module, src, dest) : null;
    const result = executePlan(project, planned.plan, new Map([[`${module}.${m[1]}`, module]]), {
      dryRun: Boolean(values["dry-run"]), force: Boolean(values.force), allowDirty: Boolean(values["allow-dirty"]), commitMessage: message,
    });
    if (values.json) io.out(json({ status: result.status, notes: planned.plan.notes, exports: planned.exports, added: result.added, commit: result.commit ?? null, reason: result.reason ?? null }));
    else io.out(renderExecution(planned.plan.notes, result, io.isTTY));
    return result.status === "written" || result.status === "dry-run" ? 0 : result.status === "refused" ? 2 : 1;
  },
};
export default move;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `[tool.remodel] commit-message` with {name}, {src}, {dest}, {module}; a default in seed 000's style. */
export function commitMessage(template: string | null, module: string, src: string, dest: string): string {
  const name = module.split(".").pop()!;
  return (template ?? "refactor: Migrate {name} model to subpackage structure\n\n- Move {src} to {dest}\n- Create {init} with exports\n- Adjust relative imports for new directory depth")
    .replaceAll("{name}", name).replaceAll("{src}", src).replaceAll("{dest}", dest).replaceAll("{module}", module)
    .replaceAll("{init}", dest.replace(/[^/]+\.py$/, "__init__.py"));
}
