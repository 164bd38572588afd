import { resolve } from "node:path";
import { discardJournal, recoverInterrupted } from "../../core/transaction/index.js";
import { findRoot } from "../../project/roots.js";
import { commonOptions, type Command } from "../command.js";
import { json } from "../project-arg.js";

const recover: Command = {
  name: "recover",
  summary: "Finish a write that was interrupted (every command does this first), or --discard its journal",
  usage: [
    "usage: remodel recover [ROOT] [--discard] [--json]",
    "  Rolls back a write that was interrupted before it completed, or removes the journal of one that completed.",
    "  --discard deletes the journal without touching any file (when the tree has moved on since).",
  ].join("\n"),
  options: { ...commonOptions, discard: { type: "boolean" } },
  async run({ positionals, values, io }) {
    const start = resolve(io.cwd, positionals[0] ?? ".");
    const root = positionals[0] !== undefined ? start : findRoot(start);
    const outcome = values.discard ? (discardJournal(root) ? "discarded" : "none") : recoverInterrupted(root);
    const say: Record<string, string> = {
      none: "nothing to recover",
      discarded: "journal discarded; no file was changed",
      "rolled back": "an interrupted write was rolled back: the tree is as it was before it",
      completed: "an interrupted write had completed: its journal was removed",
      cleaned: "an interrupted write had not started changing the tree: its leftovers were removed",
    };
    io.out(values.json ? json({ outcome }) : say[outcome] + "\n");
    return 0;
  },
};
export default recover;
