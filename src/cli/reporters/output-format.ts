import { UsageError, type Io, type Options, type Values } from "../command.js";
import { didYouMean } from "../../core/did-you-mean.js";
import { renderFull } from "./formats/full.js";
import { renderGithub } from "./formats/github.js";
import { renderGitlab } from "./formats/gitlab.js";
import { renderJsonLines } from "./formats/json-lines.js";
import { renderJunit } from "./formats/junit.js";
import { renderSarif } from "./formats/sarif.js";
import type { Report } from "./report.js";

/**
 * `--output-format`, as ruff names its formats. `concise` (the default) and `json` are each
 * command's own text and JSON; the others cite paths from the current directory, where a CI job
 * runs. Add a format: one file in formats/, one line here.
 */
const FORMATS: Record<string, (report: Report, io: Io) => string> = {
  concise: (r, io) => r.concise(io.isTTY),
  full: (r, io) => renderFull(r, io.cwd, io.isTTY),
  json: (r) => r.json(),
  "json-lines": (r, io) => renderJsonLines(r, io.cwd),
  github: (r, io) => renderGithub(r, io.cwd),
  gitlab: (r, io) => renderGitlab(r, io.cwd),
  junit: (r, io) => renderJunit(r, io.cwd),
  sarif: (r, io) => renderSarif(r, io.cwd),
};
export const OUTPUT_FORMATS = Object.keys(FORMATS);

/** The options of a reporting command: `--output-format FORMAT` and `--json` (= `--output-format json`). */
export const reportOptions: Options = {
  json: { type: "boolean" },
  "output-format": { type: "string" },
};

export const OUTPUT_FORMAT_HELP = `  --output-format FMT    ${OUTPUT_FORMATS.join("|")} (default concise; --json = json)`;

/** The format asked for; a usage error names the formats (and the closest one) otherwise. */
export function outputFormatOf(values: Values): string {
  const asked = values["output-format"];
  if (asked === undefined) return values.json ? "json" : "concise";
  if (typeof asked !== "string" || !(asked in FORMATS)) {
    throw new UsageError(
      `unknown output format '${asked}' (formats: ${OUTPUT_FORMATS.join(", ")})${didYouMean(String(asked), OUTPUT_FORMATS, "output format")}`,
    );
  }
  if (values.json && asked !== "json")
    throw new UsageError(`--json and --output-format ${asked} contradict each other`);
  return asked;
}

export function renderReport(format: string, report: Report, io: Io): string {
  return FORMATS[format](report, io);
}
