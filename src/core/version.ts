/** Remodel's version, from package.json: printed by `--version` and by internal errors, keyed into caches. */
import { readFileSync } from "node:fs";

export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
