import type { Io } from "../../src/cli/command.js";

export { writeProject } from "../support/write-project.js";

/** An Io that captures what a command prints. */
export function captureIo(cwd: string): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTTY: false,
    cwd,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}
