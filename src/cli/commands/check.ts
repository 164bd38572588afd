import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { formatProblem, type Problem } from "../../core/diagnostics.js";
import { RemodelError } from "../../core/errors.js";
import { newProblems, runChecks, withSources } from "../../verify/check.js";
import { decodeSource } from "../../project/read-source.js";
import { checkedHome } from "../../project/checked-home.js";
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
    const { start, given, scope, kind } = checkedFolder(positionals[0], io.cwd);
    const found = discoverFromArgs(start, values, io);
    const files = scope ? found.files.filter((f) => f.startsWith(`${scope}/`)) : found.files;
    const layout = layoutWarning(found.files, files, scope ? found.root : null);
    if (layout) io.err(`remodel check: warning: ${layout}\n`);
    else if (scope)
      io.err(
        kind === "project"
          ? `remodel check: ROOT is inside the project at ${found.root}: module names are read from its source roots\n`
          : `remodel check: ROOT is inside a package: module names are read from ${found.root}, the folder above it\n`,
      );
    // Paths are relative to ROOT as given, whatever folder the modules are named from.
    const shown = scope ? given : found.root;
    const sourceText = (path: string) => decodeSource(readFileSync(resolve(shown, path))).text;
    const checked = values["no-cache"]
      ? runChecks(await loadFromArgs(start, values, io, found), { select })
      : await cachedChecks(found, select, () => loadFromArgs(start, values, io, found));
    const all = scope ? underScope(checked, scope, found.files, found.root) : checked;
    if (typeof values["write-baseline"] === "string") {
      writeFileSync(resolve(io.cwd, values["write-baseline"]), json({ problems: withSources(all, sourceText) }));
      io.err(`wrote ${all.length} problem${all.length === 1 ? "" : "s"} to ${values["write-baseline"]}\n`);
      return 0;
    }
    const problems =
      typeof values.baseline === "string"
        ? newProblems(withSources(all, sourceText), readBaseline(resolve(io.cwd, values.baseline)))
        : all;
    if (format === "concise" && files.length === 0) io.out("Nothing checked.\n");
    else if (format === "concise" && layout && problems.length === 0) io.out("No problems found (1 warning, above).\n");
    else
      io.out(
        renderReport(
          format,
          {
            command: "check",
            problems,
            root: shown,
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
 * Where to read the project from for ROOT. A ROOT inside a package (`tests/` with `__init__.py`)
 * or inside a source root of its project (`src/ai/backend/common`) has its modules named as
 * CPython names them from the folder checkedHome finds: the project is read from there (`start`),
 * and only problems in files under ROOT (`scope`, relative to `start`; "" when ROOT is the folder
 * read) are reported.
 */
function checkedFolder(
  positional: string | undefined,
  cwd: string,
): { start: string | undefined; given: string; scope: string; kind: "package" | "project" } {
  const given = resolve(cwd, positional ?? ".");
  if (positional === undefined || !isDirectory(given)) return { start: positional, given, scope: "", kind: "package" };
  const { home, kind } = checkedHome(given);
  const scope = relative(home, given).split(sep).join("/");
  return scope ? { start: home, given, scope, kind } : { start: positional, given, scope, kind };
}

/** A missing ROOT or a file is left to the discovery, which says so. */
const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The problems of files under `scope`, with paths relative to it, and the notes about the project
 * as a whole (a git index that could not be read, an unreadable folder): they are about no one
 * module of `files`, and what they say holds for ROOT's findings too. Those keep their place as an
 * absolute path, `home` being the folder read.
 */
function underScope(problems: readonly Problem[], scope: string, files: readonly string[], home: string): Problem[] {
  const prefix = `${scope}/`;
  const modules = new Set(files);
  const out: Problem[] = [];
  for (const p of problems) {
    if (p.path.startsWith(prefix)) out.push({ ...p, path: p.path.slice(prefix.length) });
    else if (!modules.has(p.path)) out.push({ ...p, path: resolve(home, p.path) });
  }
  return out;
}

/**
 * A ROOT that cannot be what the user meant: nothing to read, or files whose module names are not
 * the ones Python gives them (ROOT a package whose folder is a project of its own, or loose
 * scripts with no package at all). `own`: the files under ROOT; `home`: the folder read when it
 * is not ROOT.
 */
function layoutWarning(files: readonly string[], own: readonly string[], home: string | null): string | null {
  if (own.length === 0) return "no Python files under ROOT; nothing was checked";
  if (files.includes("__init__.py"))
    return home
      ? `${home} is itself a package (it has __init__.py) and holds a project marker: module names are read from it, run from the folder above it to check imports as Python names them`
      : "ROOT is itself a package (it has __init__.py): module names are read from ROOT, run from the folder above it to check imports as Python names them";
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
