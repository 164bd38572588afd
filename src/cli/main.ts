import { commands } from "./registry.js";
import { UsageError, parseCommandArgs, type Io } from "./command.js";
import { RemodelError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { releaseCommandLocks } from "../core/transaction/index.js";

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
  };
}

async function usage(io: Io): Promise<void> {
  const lines = ["usage: remodel COMMAND [options]", "", "commands:"];
  for (const name of Object.keys(commands)) {
    const cmd = (await commands[name]()).default;
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push("", "Run `remodel COMMAND --help` for a command's options.");
  io.out(lines.join("\n") + "\n");
}

/**
 * Runs the CLI and returns the exit code: 0 clean, 1 findings, 2 usage, configuration, I/O or
 * internal error. The one place errors become exit codes: bad input is one line; anything else
 * is a bug, reported as `remodel: internal error` with the version and the stack, exit 2 (never
 * 1, which means "findings").
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    io.err(internalError(e));
    return 2;
  }
}

/** The report of an unexpected exception. */
export function internalError(e: unknown): string {
  const stack = e instanceof Error ? e.stack ?? `${e.name}: ${e.message}` : String(e);
  return `remodel: internal error (remodel ${VERSION}, node ${process.version})\n${stack}\nThis is a bug in Remodel; please report it with the command that ran.\n`;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    if (name === "help" && rest[0] && commands[rest[0]]) {
      io.out((await commands[rest[0]]()).default.usage + "\n");
      return 0;
    }
    await usage(io);
    return name ? 0 : 2;
  }
  if (name === "--version") {
    io.out(`remodel ${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.err(`remodel: unknown command '${name}' (see remodel --help)\n`);
    return 2;
  }
  const cmd = (await load()).default;
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.out(cmd.usage + "\n");
      return 0;
    }
    return await cmd.run({ ...args, io });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`remodel ${name}: ${e.message}\n${cmd.usage}\n`);
      return 2;
    }
    if (isUserFacing(e)) {
      io.err(`remodel ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  } finally {
    releaseCommandLocks();
  }
}

function isUserFacing(e: unknown): boolean {
  if (e instanceof RemodelError) return true;
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}
