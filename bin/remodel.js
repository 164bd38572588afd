#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";

const argv = process.argv.slice(2);
// Baseline (Liftoff) WebAssembly code only: Ruff (import sorting) runs on a handful of files, and
// V8's optimizing tier would recompile its 10 MB module on background threads, taking a core from
// the checks that follow and holding the process at exit. A process-wide flag, so the executable
// sets it, never the library; `db` is left alone (PGlite is WebAssembly that wants the fast tier).
if (argv[0] !== "db") {
  setFlagsFromString("--liftoff-only");
  // Said to the library, which then runs Ruff in this process instead of a baseline-only child.
  globalThis[Symbol.for("remodel.baseline-wasm")] = true;
}

const { main, internalError } = await import("../dist/src/cli/main.js");
const { backgroundSettled } = await import("../dist/src/core/background.js");
// What escapes main (a rejection on a worker, a callback): still an internal error, exit 2.
const crash = (e) => {
  process.stderr.write(internalError(e), () => process.exit(2));
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
const code = await main(argv);
// Background threads end on their own; exiting under one that is inside native code aborts the
// process (exit 134) instead of returning the command's code. A signal held during a write's clean-up is
// delivered once the event loop has polled (after a second check phase); it then exits as interrupted.
await backgroundSettled();
for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
// Exit as soon as output is flushed: V8 would otherwise finish optimizing Ruff's WebAssembly in
// the background (a few hundred ms) before letting the process go.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
