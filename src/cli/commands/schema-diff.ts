import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError, type Io, type Values } from "../command.js";
import { changeText, diffSchemas, formatDiff, type SchemaChange } from "../../schema/diff.js";
import type { Schema, SourceLocation } from "../../schema/model.js";
import type { Problem } from "../../core/diagnostics.js";
import { CODES } from "../../verify/codes.js";
import { outputFormatOf, renderReport } from "../reporters/output-format.js";
import { loadSide } from "../../schema/load.js";

/** `remodel schema diff A B`: the two schemas compared, each change an RM009 at its definition. */
export function runDiff(
  args: string[],
  values: Values,
  io: Io,
  emit: (io: Io, values: Values, text: string) => void,
): number {
  const format = outputFormatOf(values);
  if (args.length !== 2)
    throw new UsageError("schema diff needs two arguments: A B (schema JSON files, directories or git revisions)");
  const root = resolve(io.cwd, typeof values.root === "string" ? values.root : ".");
  const opts = { includeTests: values["include-tests"] === true };
  const a = loadSide(root, args[0], opts, io.cwd);
  const b = loadSide(root, args[1], opts, io.cwd);
  const d = diffSchemas(a, b);
  // Each change is cited at the element's definition on the side that has it (B, or A if removed).
  const sideRoot = (spec: string) => {
    const p = resolve(io.cwd, spec);
    return existsSync(p) && statSync(p).isDirectory() ? p : root;
  };
  const problems: Problem[] = d.changes.map((c) => {
    const removed = c.kind === "removed";
    const at = locateChange(removed ? a : b, c);
    const table = c.table ? `table ${c.table}: ` : "";
    return {
      code: "RM009",
      path: at?.path ?? "",
      line: at?.line ?? 0,
      column: at ? 1 : 0,
      message: `${table}${c.kind} ${changeText(c)}`,
    };
  });
  // One root for the report, B's: for two revisions it is A's too; for two directories a removed
  // element is cited by its path in A, read under B.
  const reportRoot = sideRoot(args[1]);
  emit(
    io,
    values,
    renderReport(
      format,
      {
        command: "schema diff",
        problems,
        root: reportRoot,
        rules: { RM009: CODES.RM009 },
        concise: () => formatDiff(d),
        json: () => JSON.stringify(d, null, 2) + "\n",
      },
      io,
    ),
  );
  return d.equal ? 0 : 1;
}

function locateChange(s: Schema, c: SchemaChange): SourceLocation | undefined {
  if (c.element === "enum") return s.enums?.find((e) => e.name === c.name)?.source;
  const t = s.tables.find((t) => (t.schema ? `${t.schema}.${t.name}` : t.name) === c.table);
  if (c.element === "column") return t?.columns.find((col) => col.name === c.name)?.source ?? t?.source;
  if (c.element === "relationship") return t?.relationships.find((r) => r.name === c.name)?.source ?? t?.source;
  return t?.source;
}
