/** Runs the CLI in-process with a capturing Io. */
import { main } from "../../src/cli/main.js";

export async function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd });
  return { code, out, err };
}
