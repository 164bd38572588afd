import { parseArgs, type ParseArgsConfig } from "node:util";

/** Where a command writes. Tests pass a capturing Io; the bin passes the process's streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal: progress bars and colour are allowed. */
  isTTY: boolean;
  cwd: string;
}

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One CLI command: parse → call the library → print. Returns the exit code (0 ok, 1 findings, 2 error). */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines shown by `remodel help NAME` and on usage errors. */
  usage: string;
  options: Options;
  run(args: { positionals: string[]; values: Values; io: Io }): Promise<number>;
}

/** A usage or configuration error: printed as one line, exit 2. */
export class UsageError extends Error {}

/** Options every command that reads a project accepts. */
export const commonOptions: Options = {
  json: { type: "boolean" },
  "no-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export function parseCommandArgs(cmd: Command, argv: string[]): { positionals: string[]; values: Values } {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      options: { help: { type: "boolean", short: "h" }, ...cmd.options },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as Values };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
