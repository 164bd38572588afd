/**
 * The child process of ruff-engine.ts: started with `--liftoff-only`, it reads one batch
 * `{options, texts}` as JSON on stdin and writes Ruff's diagnostics for each text on stdout.
 */
import { readFileSync } from "node:fs";
import { ruffCheckHere } from "./ruff-engine.js";

const { options, texts } = JSON.parse(readFileSync(0, "utf8")) as { options: Record<string, unknown>; texts: string[] };
process.stdout.write(JSON.stringify(ruffCheckHere(options, texts)), () => process.exit(0));
