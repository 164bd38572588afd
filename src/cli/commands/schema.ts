import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { commonOptions, UsageError, type Command, type Io, type Values } from "../command.js";
import { OUTPUT_FORMAT_HELP, reportOptions } from "../reporters/output-format.js";
import { NoPythonFiles, projectScope, schemaOfScope } from "../../schema/load.js";
import { formatSummary } from "../../schema/summary.js";
import { toTbls } from "../../schema/tbls.js";
import type { ReadWarning } from "../../orm/loader.js";

const usage = `usage: remodel schema [PATH] [--only PATH] [--json] [--format tbls] [--out FILE] [--include-tests]
       remodel schema diff A B [--json] [--output-format FMT] [--root DIR] [--include-tests]

Reads the ORM models of the project holding PATH (default: .) from source, without importing it.
The project root is found as every command finds it (the nearest pyproject.toml, setup.cfg,
setup.py or .git); names resolve across the whole project, and the tables defined under PATH
(or under --only PATH) are shown.
  --json            the neutral schema as JSON (schema/remodel-schema.json describes it)
  --format tbls     tbls' schema.json (render and lint it with tbls)
  --out FILE        write to FILE instead of standard output
  --include-tests   also read tests/ and test_*.py files (skipped by default)
  --no-cache        neither read nor write the project's .remodel_cache

schema diff: A and B are schema JSON files, project directories or git revisions of the
project at --root (e.g. HEAD~1 HEAD). Exit 0 when equal, 1 when anything changed, 2 on errors.
  --root DIR        the project whose git revisions A and B name (default: .)
${OUTPUT_FORMAT_HELP} (diff; each change is an RM009 at its definition)`;

const command: Command = {
  name: "schema",
  summary: "read the ORM schema from source; diff two schemas or revisions",
  usage,
  // What is known of each file's content is kept in the project's .remodel_cache (see schemaOfScope).
  options: {
    "no-cache": { type: "boolean" },
    ...commonOptions,
    ...reportOptions,
    format: { type: "string" },
    out: { type: "string" },
    root: { type: "string" },
    only: { type: "string" },
    "include-tests": { type: "boolean" },
  },
  async run({ positionals, values, io }) {
    // The diff's reporters and check codes are loaded only for a diff: reading a schema is the common, timed path.
    if (positionals[0] === "diff")
      return (await import("./schema-diff.js")).runDiff(positionals.slice(1), values, io, emit);
    if (values["output-format"] !== undefined)
      throw new UsageError("--output-format applies to `schema diff` (use --format or --json for the schema itself)");
    if (positionals.length > 1) throw new UsageError(`expected at most one ROOT, got ${positionals.length}`);
    const format = values.format as string | undefined;
    if (format && format !== "tbls" && format !== "json")
      throw new UsageError(`unknown --format '${format}' (expected tbls or json)`);
    const scope = projectScope(
      resolve(io.cwd, positionals[0] ?? "."),
      typeof values.only === "string" ? resolve(io.cwd, values.only) : null,
    );
    let schema;
    const warnings: ReadWarning[] = [];
    try {
      schema = schemaOfScope(scope, {
        includeTests: values["include-tests"] === true,
        onWarning: (w) => warnings.push(w),
        cache: values["no-cache"] !== true,
      });
    } catch (e) {
      if (!(e instanceof NoPythonFiles)) throw e;
      io.err(`remodel schema: warning: ${e.message}\n`);
      return 2;
    }
    const text =
      format === "tbls"
        ? JSON.stringify(toTbls(schema, scope.root.split(/[\\/]/).pop()), null, 2) + "\n"
        : values.json || format === "json"
          ? JSON.stringify(schema, null, 2) + "\n"
          : formatSummary(schema);
    emit(io, values, text);
    return reportReadWarnings(io, warnings);
  },
};

/**
 * A models file that could not be read cleanly (a syntax error, bytes not valid in its encoding)
 * leaves the schema short of what it defines: each is said as `check` says it, and the exit code
 * is 1 (findings), as for `check`.
 */
export function reportReadWarnings(io: Io, warnings: ReadWarning[]): number {
  for (const w of warnings)
    io.err(`${w.path}:${w.line}:${w.column}: RM100 ${w.message} (the schema may be incomplete)\n`);
  return warnings.length ? 1 : 0;
}

export function emit(io: Io, values: Values, text: string): void {
  if (typeof values.out === "string") writeFileSync(resolve(io.cwd, values.out), text);
  else io.out(text);
}

export default command;
