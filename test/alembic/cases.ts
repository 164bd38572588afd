import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root, from dist/test/alembic/*.js. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const fixturesDir = join(repoRoot, "test/fixtures/alembic");

/** A fixture's expected.json: the graph facts and the `path:line:col: CODE` lines of `check`. */
export interface Expected {
  revisions: number;
  heads: string[];
  bases: string[];
  branchPoints: string[];
  mergePoints: string[];
  labelHeads?: Record<string, string[]>;
  check: string[];
  messages?: Record<string, string>;
}

/** Every fixture case: a folder with versions/ and expected.json. Add a case by adding a folder. */
export function fixtureCases(): Array<{ name: string; dir: string; expected: Expected }> {
  return readdirSync(fixturesDir)
    .sort()
    .map((name) => ({
      name,
      dir: join(fixturesDir, name),
      expected: JSON.parse(readFileSync(join(fixturesDir, name, "expected.json"), "utf8")) as Expected,
    }));
}
