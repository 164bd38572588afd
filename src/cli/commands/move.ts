import { existsSync } from "node:fs";
import { join } from "node:path";
import { move, type MoveDetails } from "../../refactor/move/move.js";
import { runRefactoring, type Planned } from "../../run/runner.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { pathArg } from "../module-arg.js";
import { outsideImportersRefusal } from "../../project/outside-importers.js";
import { loadForRefactoring } from "../refactor-arg.js";
import { reportRun } from "../reporters/execution.js";

const command: Command = {
  name: "move",
  summary: "Move a module into a package (models/user.py -> models/user/row.py), verified",
  usage: [
    "usage: remodel move SRC DEST [--root DIR] [--dry-run] [--commit] [--allow-dirty] [--force] [--sort-imports] [--exports used|all-public] [--json]",
    "  SRC, DEST       file paths (like git mv) or dotted module names",
    "  --dry-run       print the plan and a unified diff; write nothing",
    "  --commit        commit the change (message from [tool.remodel] commit-message)",
    "  --allow-dirty   touch files that have uncommitted changes",
    "  --force         write even if verification finds new problems (or a patch.object would stop patching)",
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
    const src = pathArg(project, io.cwd, positionals[0], false);
    const dest = pathArg(project, io.cwd, positionals[1], false);
    // A move that rewrites importers must see all of them: refuse when some live outside this project.
    const toPackage = dest.startsWith(src.replace(/\.py$/, "") + "/");
    const moved = project.files.get(src)?.module ?? project.files.get(`${src.replace(/\/$/, "")}/__init__.py`)?.module;
    if (moved && !toPackage && !values["keep-facade"]) {
      // --force writes anyway, but never silently: the files it leaves broken are named.
      const refusal = outsideImportersRefusal(project.root, moved, "move", "use --keep-facade", Boolean(values.force));
      if (refusal) {
        io.err(refusal);
        if (!values.force) return 2;
      }
    }
    const result = await runRefactoring(
      project,
      move,
      {
        src,
        dest,
        exports: exportsMode,
        keepFacade: Boolean(values["keep-facade"]),
        exists: (p) => existsSync(join(project.root, p)),
      },
      {
        dryRun: Boolean(values["dry-run"]),
        force: Boolean(values.force),
        allowDirty: Boolean(values["allow-dirty"]),
        before,
        sortImports: values["sort-imports"] === true ? true : undefined,
        commitMessage: (planned) => {
          if (!values.commit) return null;
          const p = planned as Planned<MoveDetails>;
          const template =
            p.shape === "to-package"
              ? project.config.commitMessage
              : (project.config.commitMessage ?? "refactor: Move {src} to {dest}");
          return commitMessage(template, p.module, src.replace(/\/__init__\.py$/, ""), p.dest);
        },
      },
    );
    const exports =
      result.kind === "executed" && result.planned.shape === "to-package" ? { exports: result.planned.exports } : {};
    return reportRun("move", result, io, Boolean(values.json), exports);
  },
};
export default command;

/** `[tool.remodel] commit-message` with {name}, {src}, {dest}, {module}; a default in seed 000's style. */
export function commitMessage(template: string | null, module: string, src: string, dest: string): string {
  const name = module.split(".").pop()!;
  return (
    template ??
    "refactor: Migrate {name} model to subpackage structure\n\n- Move {src} to {dest}\n- Create {init} with exports\n- Adjust relative imports for new directory depth"
  )
    .replaceAll("{name}", name)
    .replaceAll("{src}", src)
    .replaceAll("{dest}", dest)
    .replaceAll("{module}", module)
    .replaceAll("{init}", dest.replace(/[^/]+\.py$/, "__init__.py"));
}
