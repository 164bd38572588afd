import { timed } from "../../core/timing.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Resolver } from "../../project/resolver.js";
import { executePlan, type ExecuteOptions } from "../../refactor/execute.js";
import { planMoveToPackage } from "../../refactor/move-to-package.js";
import { planMoveModule } from "../../refactor/move-module.js";
import type { LoadedProject } from "../../project/load.js";
import { commonOptions, UsageError, type Command, type Io, type Values } from "../command.js";
import { pathArg } from "../module-arg.js";
import { json } from "../project-arg.js";
import { loadForRefactoring } from "../refactor-arg.js";
import { renderExecution } from "../reporters/execution.js";

const move: Command = {
  name: "move",
  summary: "Move a module into a package (models/user.py -> models/user/row.py), verified",
  usage: [
    "usage: remodel move SRC DEST [--root DIR] [--dry-run] [--commit] [--allow-dirty] [--force] [--sort-imports] [--exports used|all-public] [--json]",
    "  SRC, DEST       file paths (like git mv) or dotted module names",
    "  --dry-run       print the plan and a unified diff; write nothing",
    "  --commit        commit the change (message from [tool.remodel] commit-message)",
    "  --allow-dirty   touch files that have uncommitted changes",
    "  --force         write even if verification finds new problems",
    "  --sort-imports  sort the touched import blocks with the project's Ruff/isort/Black settings (default: [tool.remodel] sort-imports)",
    "  --exports MODE  used (default): __all__ plus every name the project uses; all-public: every public name",
    "  --keep-facade   (other destinations) leave a re-exporting module at the old path instead of rewriting importers",
  ].join("\n"),
  options: {
    ...commonOptions,
    root: { type: "string" },
    "dry-run": { type: "boolean" },
    commit: { type: "boolean" },
    "allow-dirty": { type: "boolean" },
    force: { type: "boolean" },
    "sort-imports": { type: "boolean" },
    exports: { type: "string" },
    "keep-facade": { type: "boolean" },
  },
  async run({ positionals, values, io }) {
    if (positionals.length !== 2) throw new UsageError("move takes SRC and DEST");
    const exportsMode = (values.exports as string | undefined) ?? "used";
    if (exportsMode !== "used" && exportsMode !== "all-public") throw new UsageError("--exports is used or all-public");
    const { project, before } = await loadForRefactoring(values.root as string | undefined, values, io);
    const raw = pathArg(project, io.cwd, positionals[0], false);
    const isPackageArg = raw.endsWith("/__init__.py") || project.files.has(`${raw}/__init__.py`);
    const src = isPackageArg ? raw.replace(/\/__init__\.py$/, "") : raw;
    const dest = pathArg(project, io.cwd, positionals[1], false);
    const pkgDir = src.replace(/\.py$/, "");
    const destFile = project.files.get(dest) ?? project.files.get(`${dest.replace(/\.py$/, "")}/__init__.py`);
    const srcFile = project.files.get(src);
    if (destFile) {
      const converted = isPackageArg && dest.startsWith(src + "/");
      const facade = srcFile && srcFile.facts.imports.length > 0 && srcFile.facts.imports.every((i) => i.kind === "from" && i.level === 0 && i.module === destFile.module);
      if (converted || facade || (!srcFile && !isPackageArg)) {
        io.out(`${positionals[0]} is already moved to ${dest}${facade ? " (a facade re-exports it)" : ""}; nothing to do\n`);
        return 0;
      }
      throw new UsageError(`${dest} already exists`);
    }
    if (!srcFile && !isPackageArg) throw new UsageError(`${src} is not a Python file of the project`);
    const m = isPackageArg ? null : new RegExp(`^${escape(pkgDir)}/([A-Za-z_]\\w*)\\.py$`).exec(dest);
    const resolver = new Resolver(project);
    if (!m) return moveElsewhere(project, resolver, src, dest, values, io, before);
    const planned = timed("plan", () => planMoveToPackage(resolver, src, {
      submodule: m[1], exports: exportsMode, exists: (p) => existsSync(join(project.root, p)),
    }));
    if (planned.kind !== "planned") {
      io.err(`remodel move: ${planned.reason}\n`);
      return 2;
    }
    if (planned.refusals?.length && !values.force) return refuse(planned.refusals, io);
    const module = project.files.get(src)!.module;
    const message = values.commit ? commitMessage(project.config.commitMessage, module, src, dest) : null;
    const result = executePlan(project, planned.plan, new Map([[`${module}.${m[1]}`, module]]), {
      dryRun: Boolean(values["dry-run"]), force: Boolean(values.force), sortImports: values["sort-imports"] === true ? true : undefined, allowDirty: Boolean(values["allow-dirty"]), commitMessage: message, before,
    });
    if (values.json) io.out(json({ status: result.status, notes: planned.plan.notes, exports: planned.exports, added: result.added, commit: result.commit ?? null, reason: result.reason ?? null }));
    else io.out(renderExecution(planned.plan.notes, result, io.isTTY));
    return result.status === "written" || result.status === "dry-run" ? 0 : result.status === "refused" ? 2 : 1;
  },
};
export default move;

/** Any other destination: a rename, a move into another package, a package moved as a whole. */
function moveElsewhere(project: LoadedProject, resolver: Resolver, src: string, dest: string, values: Values, io: Io, before: ExecuteOptions["before"]): number {
  const planned = planMoveModule(resolver, src, dest, { keepFacade: Boolean(values["keep-facade"]), exists: (p) => existsSync(join(project.root, p)) });
  if (planned.kind !== "planned") {
    io.err(`remodel move: ${planned.reason}\n`);
    return 2;
  }
  const renames = new Map([...(planned.renames ?? [])].map(([from, to]) => [to, from]));
  const module = project.files.get(src)?.module ?? src;
  const message = values.commit ? commitMessage(project.config.commitMessage ?? "refactor: Move {src} to {dest}", module, src, planned.dest ?? dest) : null;
  const result = executePlan(project, planned.plan, renames, {
    dryRun: Boolean(values["dry-run"]), force: Boolean(values.force), sortImports: values["sort-imports"] === true ? true : undefined, allowDirty: Boolean(values["allow-dirty"]), commitMessage: message, before,
  });
  if (values.json) io.out(json({ status: result.status, notes: planned.plan.notes, added: result.added, commit: result.commit ?? null, reason: result.reason ?? null }));
  else io.out(renderExecution(planned.plan.notes, result, io.isTTY));
  return result.status === "written" || result.status === "dry-run" ? 0 : result.status === "refused" ? 2 : 1;
}

/** A change that verification cannot see break (a patch that stops reaching its target): exit 1, sites named. */
export function refuse(refusals: string[], io: Io): number {
  io.err(`${refusals.map((r) => `remodel move: ${r}`).join("\n")}\nrefused: nothing written (--force to move anyway)\n`);
  return 1;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `[tool.remodel] commit-message` with {name}, {src}, {dest}, {module}; a default in seed 000's style. */
export function commitMessage(template: string | null, module: string, src: string, dest: string): string {
  const name = module.split(".").pop()!;
  return (template ?? "refactor: Migrate {name} model to subpackage structure\n\n- Move {src} to {dest}\n- Create {init} with exports\n- Adjust relative imports for new directory depth")
    .replaceAll("{name}", name).replaceAll("{src}", src).replaceAll("{dest}", dest).replaceAll("{module}", module)
    .replaceAll("{init}", dest.replace(/[^/]+\.py$/, "__init__.py"));
}
