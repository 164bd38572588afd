import { relative, sep } from "node:path";
import { formatProblem, type Problem } from "../../core/diagnostics.js";
import { RemodelError } from "../../core/errors.js";
import {
  checkGraph,
  graphJson,
  historyJson,
  loadVersionDirs,
  locateVersions,
  renderHeads,
  renderHistory,
  renderMermaid,
  type RevisionGraph,
  type VersionsLocation,
} from "../../alembic/index.js";
import { UsageError, type Command, type Io, type Values } from "../command.js";
import { bold, cyan, red } from "../reporters/style.js";
import { OUTPUT_FORMAT_HELP, outputFormatOf, renderReport, reportOptions } from "../reporters/output-format.js";
import { ALEMBIC_CODES } from "../../alembic/codes.js";

const usage = `usage: remodel alembic heads [DIR] [--json]
       remodel alembic graph [DIR] [--mermaid] [--json]
       remodel alembic check [DIR] [--json] [--output-format FMT]

Reads Alembic revision files statically (nothing is imported or executed).
DIR is a versions directory, a script directory (with env.py), an alembic.ini, or a project
root to search (default: the current directory; every alembic.ini script_location and every
versions/ next to an env.py is read).

  heads   the head revisions, like \`alembic heads\`
  graph   the history, newest first, like \`alembic history\`; --mermaid for a flowchart
  check   exit 1 on several heads, dangling down_revision/depends_on, duplicate ids, cycles,
          branch label clashes and unreadable revision files

  --json                  JSON instead of text
  --mermaid               (graph) a Mermaid flowchart
  --no-cache              accepted for uniformity (nothing is cached)
${OUTPUT_FORMAT_HELP} (check)`;

interface Loaded {
  location: VersionsLocation;
  graph: RevisionGraph;
}

const command: Command = {
  name: "alembic",
  summary: "Alembic revision graph: heads, history graph, checks (static)",
  usage,
  options: { ...reportOptions, mermaid: { type: "boolean" }, "no-cache": { type: "boolean" } },
  async run({ positionals, values, io }) {
    const [sub, dir, ...extra] = positionals;
    if (!sub || !["heads", "graph", "check"].includes(sub))
      throw new UsageError(sub ? `unknown subcommand '${sub}'` : "missing subcommand");
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (values.mermaid && sub !== "graph") throw new UsageError("--mermaid applies to `graph` only");
    if (values["output-format"] !== undefined && sub !== "check")
      throw new UsageError("--output-format applies to `check` only");
    const locations = locateVersions(io.cwd, dir);
    if (locations.length === 0)
      throw new RemodelError(`no Alembic versions directory found under ${io.cwd} (pass DIR)`);
    // Only check pays for a full parse of every file (syntax errors in function bodies).
    const loaded = locations.map((location) => ({
      location,
      graph: loadVersionDirs(location.versionDirs, io.cwd, { syntax: sub === "check" }),
    }));
    if (sub === "check") return runCheck(loaded, values, io);
    if (values.json) printJson(loaded, io, (l) => (sub === "graph" ? { history: historyJson(l.graph) } : {}));
    else for (const l of loaded) printText(sub, l, loaded.length > 1, values, io);
    return 0;
  },
};

function runCheck(loaded: Loaded[], values: Values, io: Io): number {
  const format = outputFormatOf(values);
  const problems = loaded.map((l) => checkGraph(l.graph));
  const concise = (color: boolean) => {
    const lines = problems.flat().map((p) => styled(p, color) + "\n");
    const count = problems.reduce((n, l) => n + l.length, 0);
    const revs = loaded.reduce((n, l) => n + l.graph.revisions.length, 0);
    const where = `${revs} revision${revs === 1 ? "" : "s"} in ${loaded.length} location${loaded.length === 1 ? "" : "s"}`;
    return (
      lines.join("") +
      (count === 0
        ? `All checks passed: ${where}, one head each.\n`
        : `Found ${count} problem${count === 1 ? "" : "s"} (${where}).\n`)
    );
  };
  const json = () => jsonText(loaded, io, (_, i) => ({ ok: problems[i].length === 0, problems: problems[i] }));
  const rules = Object.fromEntries(
    Object.entries(ALEMBIC_CODES).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)]),
  );
  io.out(
    renderReport(
      format,
      { command: "alembic check", problems: problems.flat(), root: io.cwd, rules, concise, json },
      io,
    ),
  );
  return problems.some((l) => l.length > 0) ? 1 : 0;
}

/** `path:line:col: CODE message`, with path and code coloured on a terminal (like `remodel check`). */
function styled(p: Problem, color: boolean): string {
  const line = formatProblem(p);
  return color
    ? line.replace(p.path, cyan(p.path, true)).replace(` ${p.code} `, ` ${red(bold(p.code, true), true)} `)
    : line;
}

function printText(sub: string, l: Loaded, header: boolean, values: Values, io: Io): void {
  if (header) io.out(`# ${displayDirs(l.location, io.cwd)} (${l.location.sources.join(", ")})\n`);
  for (const w of l.graph.warnings) io.err(formatProblem(w) + "\n");
  if (sub === "heads") {
    for (const line of renderHeads(l.graph)) io.out(line + "\n");
  } else if (values.mermaid) io.out(renderMermaid(l.graph));
  else io.out(renderHistory(l.graph).join("\n") + (l.graph.revisions.length ? "\n" : ""));
}

/** One location prints the contract's object itself; several print `{"locations": [...]}`. */
function printJson(loaded: Loaded[], io: Io, extra: (l: Loaded, i: number) => Record<string, unknown>): void {
  io.out(jsonText(loaded, io, extra));
}

function jsonText(loaded: Loaded[], io: Io, extra: (l: Loaded, i: number) => Record<string, unknown>): string {
  const docs = loaded.map((l, i) => ({
    location: displayDirs(l.location, io.cwd),
    sources: l.location.sources,
    ...graphJson(l.graph),
    ...extra(l, i),
  }));
  return JSON.stringify(docs.length === 1 ? docs[0] : { locations: docs }, null, 2) + "\n";
}

function displayDirs(loc: VersionsLocation, cwd: string): string {
  return loc.versionDirs.map((d) => relative(cwd, d).split(sep).join("/") || ".").join(", ");
}

export default command;
