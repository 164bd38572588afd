import { summarize } from "../../project/summary.js";
import { commonOptions, type Command } from "../command.js";
import { json, loadFromArgs } from "../project-arg.js";
import { renderSummary } from "../reporters/summary.js";

const scan: Command = {
  name: "scan",
  summary: "Index a project: files, modules, source roots, warnings, model modules",
  usage: "usage: remodel scan [ROOT] [--json] [--no-cache]",
  options: commonOptions,
  async run({ positionals, values, io }) {
    const project = await loadFromArgs(positionals[0], values, io);
    const summary = summarize(project);
    io.out(values.json ? json({ ...summary, stats: project.stats }) : renderSummary(summary, io.isTTY));
    return 0;
  },
};
export default scan;
