import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatProblem, type Problem } from "../../core/diagnostics.js";
import { RemodelError } from "../../core/errors.js";
import { newProblems, runChecks, withSources } from "../../verify/check.js";
import { decodeSource } from "../../project/read-source.js";
import { CODES } from "../../verify/codes.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import { discoverFromArgs, json, loadFromArgs } from "../project-arg.js";
import { cachedChecks } from "../../verify/check-cache.js";
import { bold, cyan, red } from "../reporters/style.js";
import { OUTPUT_FORMAT_HELP, outputFormatOf, renderReport, reportOptions } from "../reporters/output-format.js";

const check: Command = {
  name: "check",
  summary: "Verify imports, __all__, string references and import cycles",
  usage: [
    "usage: remodel check [ROOT] [--output-format FMT] [--json] [--baseline FILE] [--write-baseline FILE] [--select CODES] [--no-cache]",
    OUTPUT_FORMAT_HELP,
    '  --json                 the problems as JSON: {"problems": [...]}, paths relative to ROOT',
    "  --no-cache             neither read nor write the facts cache (.remodel_cache/)",
    "  --baseline FILE        report only problems not in FILE (written by --write-baseline)",
    "  --write-baseline FILE  write the current problems to FILE and exit 0",
    "  --select CODES         comma-separated codes to run, e.g. RM001,RM002",
  ].join("\n"),
  options: {
    ...commonOptions,
    ...reportOptions,
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
    select: { type: "string" },
  },
  async run({ positionals, values, io }) {
    if (positionals.length > 1) throw new UsageError(`one ROOT expected, got ${positionals.length}`);
    const format = outputFormatOf(values);
    const select =
      typeof values.select === "string" ? values.select.split(",").map((s) => s.trim().toUpperCase()) : undefined;
    const unknown = select?.filter((c) => !(c in CODES));
    if (unknown?.length)
      throw new UsageError(`unknown code ${unknown.join(", ")} in --select (codes: ${Object.keys(CODES).join(", ")})`);
    const found = discoverFromArgs(positionals[0], values, io);
    const layout = layoutWarning(found.files);
    if (layout) io.err(`remodel check: warning: ${layout}\n`);
    const sourceText = (path: string) => decodeSource(readFileSync(join(found.root, path))).text;
    const all = values["no-cache"]
      ? runChecks(await loadFromArgs(positionals[0], values, io, found), { select })
      : await cachedChecks(found, select, () => loadFromArgs(positionals[0], values, io, found));
    if (typeof values["write-baseline"] === "string") {
      writeFileSync(resolve(io.cwd, values["write-baseline"]), json({ problems: withSources(all, sourceText) }));
      io.err(`wrote ${all.length} problem${all.length === 1 ? "" : "s"} to ${values["write-baseline"]}\n`);
      return 0;
    }
    const problems =
      typeof values.baseline === "string"
        ? newProblems(withSources(all, sourceText), readBaseline(resolve(io.cwd, values.baseline)))
        : all;
    if (format === "concise" && found.files.length === 0) io.out("Nothing checked.\n");
    else if (format === "concise" && layout && problems.length === 0) io.out("No problems found (1 warning, above).\n");
    else
      io.out(
        renderReport(
          format,
          {
            command: "check",
            problems,
            root: found.root,
            rules: CODES,
            concise: (color) => renderText(problems, all.length - problems.length, color),
            json: () => json({ problems, ...(layout ? { warnings: [layout] } : {}) }),
          },
          io,
        ),
      );
    return problems.length ? 1 : 0;
  },
};
export default check;

/**
 * A ROOT that cannot be what the user meant: nothing to read, or files whose module names are not
 * the ones Python gives them (ROOT inside a package, or loose scripts with no package at all).
 */
function layoutWarning(files: readonly string[]): string | null {
  if (files.length === 0) return "no Python files under ROOT; nothing was checked";
  if (files.includes("__init__.py"))
    return "ROOT is itself a package (it has __init__.py): module names are read from ROOT, run from the folder above it to check imports as Python names them";
  if (!files.some((f) => f.includes("/")))
    return "ROOT holds no package, only top-level modules: imports are checked as top-level names";
  return null;
}

function readBaseline(path: string): Problem[] {
  try {
    const data = JSON.parse(readFileSync(path, "utf8"));
    if (!Array.isArray(data.problems)) throw new Error("no `problems` array");
    return data.problems as Problem[];
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new RemodelError(`cannot read baseline ${path}: ${why}`);
  }
}

function renderText(problems: Problem[], baselined: number, color: boolean): string {
  const lines = problems.map((p) => {
    const line = formatProblem(p);
    return color ? line.replace(p.code, red(bold(p.code, true), true)).replace(p.path, cyan(p.path, true)) : line;
  });
  const suffix = baselined ? ` (${baselined} in the baseline)` : "";
  lines.push(
    problems.length
      ? `Found ${problems.length} problem${problems.length === 1 ? "" : "s"}${suffix}.`
      : `All checks passed${suffix}.`,
  );
  return lines.join("\n") + "\n";
}
