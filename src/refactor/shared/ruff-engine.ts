/**
 * Ruff's import sorter (its WebAssembly build), run where it costs least. V8 compiles a module
 * with its baseline tier (Liftoff) and then recompiles hot code with its optimizing tier on
 * background threads: for Ruff's 10 MB module that is 3-4 s of CPU, and a process that wants to
 * exit waits for it. Only a process started with `--liftoff-only` skips that, and a library must
 * not set a process-wide V8 flag. So Ruff runs in this process when it already runs baseline-only
 * (bin/remodel.js sets the flag and says so), else in one short-lived child started with the
 * flag, one batch per call.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface RuffFix {
  edits: {
    content: string | null;
    location: { row: number; column: number };
    end_location: { row: number; column: number };
  }[];
}
export interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number };
  end_location: { row: number };
  fix: RuffFix | null;
}
interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[];
}

/** Set by an executable that started V8 with `--liftoff-only` (a process-wide fact, not a setting). */
export const BASELINE_WASM = Symbol.for("remodel.baseline-wasm");

function baselineOnly(): boolean {
  if ((globalThis as Record<symbol, unknown>)[BASELINE_WASM] === true) return true;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return flags.includes("--liftoff-only");
}

let workspaceCtor: { new (options: unknown, encoding: number): RuffWorkspace } | null = null;

/** Ruff's diagnostics for each text, in this process; null where Ruff cannot parse the text. */
export function ruffCheckHere(options: Record<string, unknown>, texts: string[]): (RuffDiagnostic[] | null)[] {
  workspaceCtor ??= createRequire(import.meta.url)("@astral-sh/ruff-wasm-nodejs").Workspace;
  const ws = new workspaceCtor!(options, 1 /* UTF-16 offsets, like ours */);
  return texts.map((text) => {
    try {
      return ws.check(text);
    } catch {
      return null; // Ruff could not parse it; verification will say why
    }
  });
}

const CHILD = fileURLToPath(new URL("./ruff-child.js", import.meta.url));

/** Ruff's diagnostics for each text (null where it cannot parse one), in the cheaper place. */
export function ruffCheck(options: Record<string, unknown>, texts: string[]): (RuffDiagnostic[] | null)[] {
  if (texts.length === 0) return [];
  if (baselineOnly()) return ruffCheckHere(options, texts);
  const child = spawnSync(process.execPath, ["--liftoff-only", CHILD], {
    input: JSON.stringify({ options, texts }),
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  if (child.status === 0) return JSON.parse(child.stdout) as (RuffDiagnostic[] | null)[];
  // No child process here (a sandbox, a missing executable): the same answer, at V8's price.
  return ruffCheckHere(options, texts);
}
