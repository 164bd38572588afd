import { resolve } from "node:path";
import { applyPackagePlan, type StepOutcome } from "../../run/apply-package-plan.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { planProjectDir, readPackagePlan } from "../plan-file.js";
import { json } from "../project-arg.js";
import { loadForRefactoring } from "../refactor-arg.js";
import { renderExecution } from "../reporters/execution.js";
import { commitMessage } from "./move.js";

const apply: Command = {
  name: "apply",
  summary: "Run a plan written by `remodel plan`, verified as a whole, optionally one commit per step",
  usage: [
    "usage: remodel apply PLAN [--root DIR] [--commit-each] [--dry-run] [--force] [--sort-imports] [--allow-dirty] [--exports used|all-public] [--json]",
    "  Steps already done are skipped; the whole plan is verified before anything is written.",
  ].join("\n"),
  options: {
    ...commonOptions,
    root: { type: "string" },
    "commit-each": { type: "boolean" },
    "dry-run": { type: "boolean" },
    force: { type: "boolean" },
    "sort-imports": { type: "boolean" },
    "allow-dirty": { type: "boolean" },
    exports: { type: "string" },
  },
  async run({ positionals, values, io }) {
    if (positionals.length !== 1) throw new UsageError("apply takes one PLAN file");
    const planPath = resolve(io.cwd, positionals[0]);
    const plan = readPackagePlan(planPath);
    const { project, before } = await loadForRefactoring(values.root as string | undefined, values, {
      ...io,
      cwd: planProjectDir(planPath, plan, values, io),
    });
    if (!values.json) io.out(`project: ${project.root}\n`);
    const exportsMode = (values.exports as string | undefined) ?? "used";
    if (exportsMode !== "used" && exportsMode !== "all-public") throw new UsageError("--exports is used or all-public");
    const t0 = performance.now();
    const { outcomes, result } = await applyPackagePlan(project, plan, {
      exports: exportsMode,
      commitEach: Boolean(values["commit-each"]),
      dryRun: Boolean(values["dry-run"]),
      force: Boolean(values.force),
      sortImports: values["sort-imports"] === true ? true : undefined,
      allowDirty: Boolean(values["allow-dirty"]),
      before,
      message: (s) => commitMessage(project.config.commitMessage, s.module, s.src, s.dest),
    });
    const seconds = ((performance.now() - t0) / 1000).toFixed(2);
    // A step that cannot be planned (or is refused) stops the plan before any verification: no result.
    const failed = result ? undefined : outcomes.find((o) => o.state === "failed");
    if (values.json) {
      io.out(
        json({
          project: project.root,
          status: result?.status ?? (failed ? "failed" : "nothing-to-do"),
          seconds: Number(seconds),
          steps: outcomes.map((o) => ({
            module: o.step.module,
            state: o.state,
            reason: o.reason ?? null,
            commit: o.commit ?? null,
          })),
          added: result?.added ?? [],
        }),
      );
    } else {
      const lines: string[] = [];
      for (const o of outcomes) {
        lines.push(
          `${o.state === "planned" ? "•" : o.state === "skipped" ? "-" : "✖"} ${o.step.module}${o.reason ? ` (${o.reason})` : ""}${o.commit ? ` [${o.commit}]` : ""}`,
        );
      }
      const notes = outcomes.flatMap((o) => o.notes.filter((n) => n.startsWith("warning")));
      const summary = result
        ? renderExecution(notes, result, io.isTTY)
        : failed
          ? `${notWritten(failed)}\n`
          : "nothing to do: every step is done\n";
      io.out(lines.join("\n") + "\n" + summary + `(${seconds} s)\n`);
    }
    // A step that cannot be planned is a planning failure (2, as for every command); otherwise the write decides.
    if (!result) return failed ? 2 : 0;
    return result.status === "written" || result.status === "dry-run" ? 0 : result.status === "refused" ? 2 : 1;
  },
};

/** The line that says why nothing was written when a step stopped the plan. */
function notWritten(o: StepOutcome): string {
  const reason = o.reason ?? "";
  return `not written: step ${o.step.module} ${reason.startsWith("refused") ? reason : `cannot be planned: ${reason}`}`;
}
export default apply;
