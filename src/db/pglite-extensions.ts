import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The contrib extensions this PGlite build bundles, by their SQL names (`uuid-ossp`), without loading PGlite. */
export function bundledExtensions(): string[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("@electric-sql/pglite")), "contrib");
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".js"))
        .map((f) => f.slice(0, -3).replace(/_/g, "-"))
        .sort()
    : [];
}
