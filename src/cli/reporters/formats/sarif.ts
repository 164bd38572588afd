import { pathToFileURL } from "node:url";
import type { Report } from "../report.js";
import { citedPath } from "../report.js";
import { VERSION } from "../../../core/version.js";

/** GitHub code scanning accepts at most this many results in one run. */
export const SARIF_MAX_RESULTS = 25_000;

/**
 * SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it: one run, one rule per
 * code, one result per problem with its file and position relative to the directory the command
 * ran in (%SRCROOT%). Past SARIF_MAX_RESULTS the rest are left out and a notification says how many.
 */
export function renderSarif(report: Report, cwd: string): string {
  const kept = report.problems.slice(0, SARIF_MAX_RESULTS);
  const codes = [...new Set(report.problems.map((p) => p.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const results = kept.map((p) => {
    const path = citedPath(report, p, cwd);
    return {
      ruleId: p.code,
      ruleIndex: ruleIndex.get(p.code)!,
      level: "error",
      message: { text: p.suggestion ? `${p.message} (${p.suggestion})` : p.message },
      ...(path
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(path), uriBaseId: "%SRCROOT%" },
                  region: { startLine: Math.max(1, p.line), startColumn: Math.max(1, p.column) },
                },
              },
            ],
          }
        : {}),
    };
  });
  const omitted = report.problems.length - kept.length;
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "remodel",
            version: VERSION,
            informationUri: "https://www.npmjs.com/package/remodel",
            rules: codes.map((id) => ({
              id,
              name: report.rules[id] ?? id,
              shortDescription: { text: report.rules[id] ?? id },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd.endsWith("/") ? cwd : cwd + "/").href } },
        invocations: [
          {
            executionSuccessful: true,
            commandLine: `remodel ${report.command}`,
            ...(omitted > 0
              ? {
                  toolExecutionNotifications: [
                    {
                      level: "warning",
                      message: {
                        text: `${omitted} of ${report.problems.length} results left out: GitHub accepts at most ${SARIF_MAX_RESULTS} a run`,
                      },
                    },
                  ],
                }
              : {}),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
