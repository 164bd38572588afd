import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's interpreter: the one with SQLAlchemy 1.4, Alembic and Pydantic installed. */
export const PYTHON = "/usr/bin/python3";

export const DEMO_ROOT = join(process.cwd(), "examples", "demo-backend");

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `python3 args…` in `cwd` with `cwd/src` on the path and no bytecode written. */
export function runPython(cwd: string, args: string[], input?: string): PythonRun {
  const r = spawnSync(PYTHON, args, {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: join(cwd, "src"), PYTHONDONTWRITEBYTECODE: "1" },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Runs a Python script given on stdin and parses the last stdout line as JSON. */
export function pythonJson<T>(cwd: string, script: string): T {
  const r = runPython(cwd, ["-"], script);
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** A private copy of the demo backend, for tests that change it. */
export function copyDemo(): string {
  const dir = mkdtempSync(join(tmpdir(), "remodel-demo-"));
  cpSync(DEMO_ROOT, dir, { recursive: true, filter: (src) => !src.includes("__pycache__") });
  return dir;
}
