/**
 * CPython as the judge of single lines of a fixture project: each probe's code runs in a fresh
 * namespace with the project first on sys.path, and either passes or raises one of the given
 * exceptions. Compared with the lines `remodel check` reports (oracle tests under test/check/).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { runCli } from "./run-cli.js";

const PYTHON = "/usr/bin/python3";

/** Whether each probe's code runs (`true`) or raises one of `errors` (a Python exception tuple). */
export function runProbes(project: string, probes: { where: string; code: string }[], errors: string) {
  const script = [
    "import contextlib, io, json, sys",
    "sys.path.insert(0, '.')",
    "out = {}",
    "for where, code in json.load(sys.stdin):",
    "    try:",
    "        with contextlib.redirect_stdout(io.StringIO()):",
    "            exec(code, {})",
    "        out[where] = True",
    `    except ${errors}:`,
    "        out[where] = False",
    "print(json.dumps(out))",
  ].join("\n");
  const py = spawnSync(PYTHON, ["-c", script], {
    cwd: project,
    input: JSON.stringify(probes.map((p) => [p.where, p.code])),
    encoding: "utf8",
  });
  assert.equal(py.status, 0, py.stderr);
  const cpython: Record<string, boolean> = JSON.parse(py.stdout);
  const failing = Object.keys(cpython)
    .filter((k) => !cpython[k])
    .sort();
  return { cpython, failing };
}

/** `path:line` of every problem `remodel check --select <codes>` reports, sorted, once each. */
export async function reportedLines(project: string, codes: string): Promise<string[]> {
  const r = await runCli(["check", project, "--no-cache", "--select", codes, "--json"], project);
  return [
    ...new Set((JSON.parse(r.out).problems as { path: string; line: number }[]).map((p) => `${p.path}:${p.line}`)),
  ].sort();
}
