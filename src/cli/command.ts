import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean } from "../core/did-you-mean.js";

/** Where a command writes. Tests pass a capturing Io; the bin passes the process's streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour on stdout (a terminal, or `--color always` / FORCE_COLOR; never with NO_COLOR or `--color never`). */
  isTTY: boolean;
  /** stderr is a terminal: a progress bar may be drawn there. */
  progress?: boolean;
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
  /**
   * With `--json`, every error that exits 2 (a usage error, a plan that cannot be made, a failed
   * import) also prints one JSON object on stdout (`errorJson`), so a script reading stdout never
   * gets nothing; the one-line message still goes to stderr.
   */
  jsonErrors?: boolean;
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
    throw new UsageError(argumentError(e as NodeJS.ErrnoException, cmd));
  }
}

/** node:util's parseArgs messages, said the way ruff says them, with a tip for a mistyped option. */
function argumentError(e: NodeJS.ErrnoException, cmd: Command): string {
  const flag = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "";
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const names = ["--help", ...Object.keys(cmd.options).map((o) => `--${o}`)];
    return `unknown option '${flag}'${didYouMean(flag.replace(/=.*/, ""), names, "option")}`;
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(e.message)
      ? `option '${flag}' takes no value`
      : `option '${flag}' needs a value`;
  }
  return e.message;
}
