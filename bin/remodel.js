#!/usr/bin/env node
import { main } from "../dist/src/cli/main.js";
const code = await main(process.argv.slice(2));
// Exit as soon as output is flushed: V8 would otherwise finish optimizing Ruff's WebAssembly in
// the background (a few hundred ms) before letting the process go.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
