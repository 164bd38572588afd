#!/usr/bin/env node
import { main } from "../dist/src/cli/main.js";
import { backgroundSettled } from "../dist/src/core/background.js";
const code = await main(process.argv.slice(2));
// Background threads end on their own; exiting under one that is inside native code aborts the
// process (exit 134) instead of returning the command's code. A signal held during a write is
// delivered once the event loop has polled (after a second check phase); it then exits as interrupted.
await backgroundSettled();
for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
// Exit as soon as output is flushed: V8 would otherwise finish optimizing Ruff's WebAssembly in
// the background (a few hundred ms) before letting the process go.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
