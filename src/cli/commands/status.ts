import { resolve } from "node:path";
import { stepState } from "../../refactor/package/package-plan.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { planProjectDir, readPackagePlan } from "../plan-file.js";
import { json, loadFromArgs } from "../project-arg.js";

const status: Command = {
  name: "status",
  summary: "Show which steps of a plan are done and which remain, read from the tree",
  usage: "usage: remodel status PLAN [--root DIR] [--json]",
  options: { ...commonOptions, root: { type: "string" } },
  async run({ positionals, values, io }) {
    if (positionals.length !== 1) throw new UsageError("status takes one PLAN file");
    const planPath = resolve(io.cwd, positionals[0]);
    const plan = readPackagePlan(planPath);
    const project = await loadFromArgs(values.root as string | undefined, values, {
      ...io,
      cwd: planProjectDir(planPath, plan, values, io),
    });
    const rows = plan.steps.map((s) => ({ module: s.module, state: stepState(project, s) }));
    const done = rows.filter((r) => r.state === "done").length;
    if (values.json) io.out(json({ project: project.root, done, remaining: rows.length - done, steps: rows }));
    else
      io.out(
        `project: ${project.root}\n` +
          rows
            .map(
              (r) =>
                `${r.state === "done" ? "✔" : r.state === "remaining" ? "·" : "?"} ${r.module}${r.state === "missing" ? " (source missing)" : ""}`,
            )
            .join("\n") +
          `\n${done}/${rows.length} done\n`,
      );
    return 0;
  },
};
export default status;
