import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A generated tree kept between benchmark runs, and what generating it reported. */
export interface CachedTree<S> {
  dir: string;
  stats: S;
  /** Wall time of the generation, when it happened in this call (undefined: reused from cache). */
  generatedMs?: number;
}

const ROOT = join(tmpdir(), "remodel-bench");

/**
 * Returns `ROOT/<name>-<fingerprint>`, generating it first when missing. The fingerprint covers the
 * options and the generators' own code, so a changed generator never reuses a stale tree. Trees are
 * written to a temporary folder and renamed into place, so an interrupted run leaves no half tree.
 */
export function cachedTree<S>(name: string, options: object, generate: (dir: string) => S): CachedTree<S> {
  const dir = join(ROOT, `${name}-${fingerprint(options)}`);
  const statsFile = join(dir, ".remodel-bench.json");
  if (existsSync(statsFile)) return { dir, stats: JSON.parse(readFileSync(statsFile, "utf8")) as S };
  // Trees of older generator versions (or interrupted runs) are dropped: the 50k tree is 220 MB.
  if (existsSync(ROOT)) {
    for (const old of readdirSync(ROOT).filter((n) => n.startsWith(`${name}-`)))
      rmSync(join(ROOT, old), { recursive: true, force: true });
  }
  const partial = `${dir}.partial-${process.pid}`;
  const t0 = performance.now();
  const stats = generate(partial);
  const generatedMs = performance.now() - t0;
  writeFileSync(join(partial, ".remodel-bench.json"), JSON.stringify(stats));
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, stats, generatedMs };
}

function fingerprint(options: object): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash("sha256").update(JSON.stringify(options));
  for (const f of readdirSync(here)
    .filter((n) => n.endsWith(".js"))
    .sort())
    hash.update(readFileSync(join(here, f)));
  return hash.digest("hex").slice(0, 12);
}
