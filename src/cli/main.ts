import { commands } from "./registry.js";
import { UsageError, parseCommandArgs, type Command, type Io } from "./command.js";
import { RemodelError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { releaseCommandLocks } from "../core/transaction/index.js";
import { didYouMean } from "../core/did-you-mean.js";

export type ColorMode = "auto" | "always" | "never";

/**
 * Colour on standard output, as ruff decides it: `--color always|never` wins; otherwise a
 * non-empty NO_COLOR turns it off, a FORCE_COLOR other than empty or 0 turns it on, and
 * otherwise a terminal gets colour.
 */
export function colorEnabled(mode: ColorMode, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (mode !== "auto") return mode === "always";
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return env.FORCE_COLOR !== "0";
  return stdoutIsTTY;
}

export function processIo(color: ColorMode = "auto"): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: colorEnabled(color, process.env, Boolean(process.stdout.isTTY)),
    progress: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

/** Takes the global `--color MODE` / `--color=MODE` out of argv (before a `--`). */
function takeColor(argv: string[]): { argv: string[]; color: ColorMode | undefined } {
  const rest: string[] = [];
  let color: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === "--color") color = argv[++i] ?? "";
    else if (a.startsWith("--color=")) color = a.slice("--color=".length);
    else rest.push(a);
  }
  if (color !== undefined && !["auto", "always", "never"].includes(color)) {
    throw new UsageError(`--color must be auto, always or never, got '${color}'`);
  }
  return { argv: rest, color: color as ColorMode | undefined };
}

async function usage(io: Io): Promise<void> {
  const lines = ["usage: remodel COMMAND [options]", "", "commands:"];
  for (const name of Object.keys(commands)) {
    const cmd = (await commands[name]()).default;
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push(
    "",
    "options of every command:",
    "  --color auto|always|never  colour on standard output (default auto: a terminal, unless NO_COLOR; FORCE_COLOR forces it)",
    "  -h, --help                 this text, or a command's options after COMMAND",
    "  -V, --version              the version",
    "",
    "Run `remodel COMMAND --help` for a command's options.",
  );
  io.out(lines.join("\n") + "\n");
}

/** A command's --help: its usage, then the options every command takes. */
export function helpOf(cmd: Command): string {
  const common = [
    ...("no-cache" in cmd.options
      ? ["  --no-cache                 neither read nor write the facts cache (.remodel_cache/)"]
      : []),
    "  --color auto|always|never  colour on standard output (see remodel --help)",
    "  -h, --help                 this text",
  ];
  return `${cmd.usage}\n\noptions of every command:\n${common.join("\n")}\n`;
}

/**
 * Runs the CLI and returns the exit code: 0 clean, 1 findings, 2 usage, configuration, I/O or
 * internal error. The one place errors become exit codes: bad input is one line; anything else
 * is a bug, reported as `remodel: internal error` with the version and the stack, exit 2 (never
 * 1, which means "findings").
 */
export async function main(rawArgv: string[], given?: Io): Promise<number> {
  let argv: string[];
  let io: Io;
  try {
    const taken = takeColor(rawArgv);
    argv = taken.argv;
    io = given ? (taken.color ? { ...given, isTTY: taken.color === "always" } : given) : processIo(taken.color);
  } catch (e) {
    (given ?? processIo()).err(`remodel: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    return await dispatch(argv, io);
  } catch (e) {
    io.err(internalError(e));
    return 2;
  }
}

/** The report of an unexpected exception. */
export function internalError(e: unknown): string {
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `remodel: internal error (remodel ${VERSION}, node ${process.version})\n${stack}\nThis is a bug in Remodel; please report it with the command that ran.\n`;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    if (name === "help" && rest[0] && commands[rest[0]]) {
      io.out(helpOf((await commands[rest[0]]()).default));
      return 0;
    }
    await usage(io);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V") {
    io.out(`remodel ${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    const what = name.startsWith("-") ? "option" : "command";
    const tip = didYouMean(name, what === "option" ? ["--help", "--version", "--color"] : Object.keys(commands), what);
    io.err(`remodel: unknown ${what} '${name}'${tip}\nRun \`remodel --help\` for the commands.\n`);
    return 2;
  }
  const cmd = (await load()).default;
  // Loaded only then: every other run starts without the reporters.
  const jsonError = async (reason: string) => {
    if (cmd.jsonErrors && wantsJson(rest)) io.out((await import("./reporters/execution.js")).errorJson(reason));
  };
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.out(helpOf(cmd));
      return 0;
    }
    return await cmd.run({ ...args, io });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`remodel ${name}: ${e.message}\n${cmd.usage}\n`);
      await jsonError(e.message);
      return 2;
    }
    if (isUserFacing(e)) {
      io.err(`remodel ${name}: ${(e as Error).message}\n`);
      await jsonError((e as Error).message);
      return 2;
    }
    await jsonError(`internal error: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  } finally {
    releaseCommandLocks();
  }
}

/** `--json` is among the command's arguments (before a `--`), even when they do not parse. */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).includes("--json");
}

function isUserFacing(e: unknown): boolean {
  if (e instanceof RemodelError) return true;
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}
